package io.sparkplane.tests;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Wall time of the example job through Sparkplane (submit until the API shows it ended) against a
 * bare spark-submit of the same script with the same master, alternating, in the same run.
 *
 * <p>Not part of the test suite; run with {@code ./sparkplane bench}. It prints figures only.
 */
class JobOverheadBenchmark {

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final Path ROOT = ControlPlaneProcess.ROOT;

    @Test
    void measure() throws Exception {
        Path home = Files.createTempDirectory("sparkplane-bench-job-");
        Path script = ROOT.resolve("examples/jobs/sales_by_region.py");
        Path csv = ROOT.resolve("examples/data/sales.csv");
        List<Double> bare = new ArrayList<>();
        List<Double> through = new ArrayList<>();
        List<String> phases = new ArrayList<>();
        try (ControlPlaneProcess controlPlane = new ControlPlaneProcess(home).start()) {
            SparkplaneClient client = controlPlane.client();
            for (int round = 0; round < ROUNDS; round++) {
                bare.add(bareSparkSubmit(script, csv, home.resolve("bare-" + round)));

                long start = System.nanoTime();
                String id = client.submit("""
                        {"entrypoint": {"pythonFile": "%s"}, "args": ["%s", "%s"]}
                        """.formatted(script, csv, home.resolve("through-" + round))).get("id").asText();
                JsonNode run = client.run(id);
                while (!SparkplaneClient.TERMINAL.contains(run.get("state").asText())) {
                    Thread.sleep(100);
                    run = client.run(id);
                }
                through.add((System.nanoTime() - start) / 1e9);
                if (!run.get("state").asText().equals("SUCCEEDED")) {
                    throw new IllegalStateException("the benchmark run failed: " + run);
                }
                phases.add(String.format("queued %.2f s, engine start %.2f s, job %.2f s",
                        seconds(run, "queuedAt", "provisioningAt"), seconds(run, "provisioningAt", "startedAt"),
                        seconds(run, "startedAt", "endedAt")));
            }
        }
        double bareMedian = median(bare);
        double throughMedian = median(through);
        System.out.printf("%nJOB OVERHEAD BENCHMARK (%d rounds, alternating)%n", ROUNDS);
        System.out.printf("| path | runs (s) | median (s) |%n|---|---|---|%n");
        System.out.printf("| bare spark-submit --master local[2] | %s | %.2f |%n", bare, bareMedian);
        System.out.printf("| through Sparkplane (submit → SUCCEEDED seen) | %s | %.2f |%n", through, throughMedian);
        System.out.printf("ratio Sparkplane / bare: %.2f (+%.2f s)%n", throughMedian / bareMedian, throughMedian - bareMedian);
        phases.forEach(phase -> System.out.println("  phases: " + phase));
    }

    private static double bareSparkSubmit(Path script, Path csv, Path output) throws Exception {
        Path sparkHome = Path.of(new String(new ProcessBuilder(ControlPlaneProcess.PYTHON.toString(), "-c",
                "import os, pyspark; print(os.path.dirname(pyspark.__file__))").start().getInputStream().readAllBytes()).trim());
        ProcessBuilder builder = new ProcessBuilder(sparkHome.resolve("bin/spark-submit").toString(), "--master", "local[2]",
                "--conf", "spark.ui.enabled=false", script.toString(), csv.toString(), output.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("PYSPARK_PYTHON", ControlPlaneProcess.PYTHON.toString());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("bare spark-submit failed");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double seconds(JsonNode run, String from, String to) {
        return Duration.between(Instant.parse(run.get(from).asText()), Instant.parse(run.get(to).asText())).toMillis() / 1000.0;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
