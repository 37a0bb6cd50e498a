package io.sparkplane.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cold start of the CLI: {@code sparkplane runs list} (a fresh JVM each time, a page of 50 runs)
 * beside {@code curl} of the same call, alternating, in the same run; and the CLI with the JVM
 * options the front door and the CI examples give it, and its {@code --help}, which calls nothing.
 *
 * <p>Not part of the test suite; run with {@code ./sparkplane bench}. It prints figures only.
 */
class CliStartBenchmark {

    private static final int ROUNDS = Integer.getInteger("bench.rounds.cli", 20);

    @Test
    void measure() throws Exception {
        Path home = Files.createTempDirectory("sparkplane-bench-cli-");
        try (ControlPlaneProcess controlPlane = new ControlPlaneProcess(home).withEnvironment("SPARKPLANE_DISPATCHER_ENABLED", "false").start()) {
            SparkplaneClient client = controlPlane.client();
            for (int i = 0; i < 50; i++) {
                client.submit("{\"name\": \"listed " + i + "\", \"entrypoint\": {\"pythonFile\": \"s3://bench/job.py\"}}");
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String jar = CliProcess.JAR.toString();
            Map<String, List<String>> commands = new LinkedHashMap<>();
            commands.put("curl GET /api/v1/runs", List.of("curl", "-fsS", "-o", "/dev/null", "-H", "Authorization: Bearer " + controlPlane.adminToken(),
                    controlPlane.baseUri() + "/api/v1/runs"));
            commands.put("java -jar sparkplane-cli.jar runs list", List.of(java, "-jar", jar, "runs", "list"));
            commands.put("the same with -XX:TieredStopAtLevel=1 -XX:+UseSerialGC (./sparkplane, examples/ci)",
                    List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar, "runs", "list"));
            commands.put("java -jar sparkplane-cli.jar --help (no call)", List.of(java, "-jar", jar, "--help"));
            Map<String, List<Double>> times = new LinkedHashMap<>();
            commands.keySet().forEach(name -> times.put(name, new ArrayList<>()));
            for (int round = -2; round < ROUNDS; round++) {
                for (Map.Entry<String, List<String>> command : commands.entrySet()) {
                    double seconds = timed(command.getValue(), controlPlane, home);
                    if (round >= 0) {
                        times.get(command.getKey()).add(seconds);
                    }
                }
            }
            double baseline = median(times.get("curl GET /api/v1/runs"));
            System.out.printf("%nCLI COLD START BENCHMARK (%d rounds, alternating, 50 runs listed)%n", ROUNDS);
            System.out.printf("| command | median ms | p90 ms | median against curl |%n|---|---|---|---|%n");
            times.forEach((name, values) -> System.out.printf("| %s | %.0f | %.0f | %.1fx |%n", name, median(values) * 1000,
                    percentile(values, 0.9) * 1000, median(values) / baseline));
        } finally {
            TemporaryDirectories.delete(home);
        }
    }

    private static double timed(List<String> command, ControlPlaneProcess controlPlane, Path home) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("SPARKPLANE_HOST", controlPlane.baseUri().toString());
        builder.environment().put("SPARKPLANE_TOKEN", controlPlane.adminToken());
        builder.environment().put("HOME", home.toString());
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(List<Double> values) {
        return percentile(values, 0.5);
    }

    private static double percentile(List<Double> values, double fraction) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(fraction * (sorted.size() - 1) + 0.5)));
    }
}
