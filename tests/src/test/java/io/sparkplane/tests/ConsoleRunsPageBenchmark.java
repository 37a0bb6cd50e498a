package io.sparkplane.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The web console's runs page with 10,000 runs in the database: time from navigation to its first
 * 50 rendered rows in Debian's chromium (control-plane/console/e2e/bench/runs-page.mjs), a fresh browser
 * context each round, beside the one API call the page makes, timed from the same page; and the
 * bundle's size. Not part of the test suite; run with {@code ./sparkplane bench}. It prints figures only.
 */
class ConsoleRunsPageBenchmark {

    private static final int RUNS = Integer.getInteger("bench.consoleRuns", 10_000);
    private static final Path CONSOLE = ControlPlaneProcess.ROOT.resolve("control-plane/console");

    @Test
    void measure() throws Exception {
        Path home = Files.createTempDirectory("sparkplane-bench-console-");
        try (ControlPlaneProcess controlPlane = new ControlPlaneProcess(home).withEnvironment("SPARKPLANE_DISPATCHER_ENABLED", "false")
                .withEnvironment("SPARKPLANE_AUTH_SUBMISSIONS_PER_SECOND", "0").start()) {
            SparkplaneClient client = controlPlane.client();
            long seeding = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> submits = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                int n = i;
                submits.add(pool.submit(() -> client.submit("{\"name\": \"seeded " + n + "\", \"entrypoint\": {\"pythonFile\": \"s3://bench/job.py\"},"
                        + " \"labels\": {\"team\": \"t" + (n % 7) + "\"}}")));
            }
            for (Future<?> submit : submits) {
                submit.get();
            }
            pool.shutdown();
            System.out.printf("seeded %d runs in %.1f s%n", RUNS, (System.nanoTime() - seeding) / 1e9);

            Path output = home.resolve("bench.json");
            ProcessBuilder builder = new ProcessBuilder("node", "e2e/bench/runs-page.mjs").directory(CONSOLE.toFile())
                    .redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().put("SPARKPLANE_CONSOLE_URL", controlPlane.baseUri().toString());
            builder.environment().put("SPARKPLANE_ADMIN_TOKEN", controlPlane.adminToken());
            Process process = builder.start();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("runs-page.mjs failed: " + Files.readString(output));
            }
            JsonNode result = new ObjectMapper().readTree(Files.readString(output));
            List<Double> page = numbers(result.get("page_ms"));
            List<Double> api = numbers(result.get("api_ms"));
            System.out.printf("%nCONSOLE RUNS PAGE BENCHMARK (%d runs in the database, %d cold rounds, Debian chromium)%n", RUNS, page.size());
            System.out.printf("| what | median ms | p90 ms | median against the API call |%n|---|---|---|---|%n");
            System.out.printf("| GET /api/v1/runs?limit=50 from the page (baseline) | %.0f | %.0f | 1.0x |%n", median(api), percentile(api, 0.9));
            System.out.printf("| navigation to 50 rendered rows | %.0f | %.0f | %.1fx |%n", median(page), percentile(page, 0.9), median(page) / median(api));
            bundle();
        } finally {
            TemporaryDirectories.delete(home);
        }
    }

    /** The built bundle's files, raw and gzipped, as a browser downloads them once. */
    private static void bundle() throws Exception {
        Path assets = CONSOLE.resolve("target/classes/META-INF/resources/assets");
        System.out.printf("%n| bundle file | bytes | gzip bytes |%n|---|---|---|%n");
        try (Stream<Path> files = Files.list(assets)) {
            for (Path file : files.sorted().toList()) {
                byte[] bytes = Files.readAllBytes(file);
                var gzipped = new java.io.ByteArrayOutputStream();
                try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
                    gzip.write(bytes);
                }
                System.out.printf("| %s | %d | %d |%n", file.getFileName().toString().replaceAll("-[A-Za-z0-9_-]{8}\\.", "-<hash>."),
                        bytes.length, gzipped.size());
            }
        }
    }

    private static List<Double> numbers(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asDouble()));
        return values;
    }

    private static double median(List<Double> values) {
        return percentile(values, 0.5);
    }

    private static double percentile(List<Double> values, double fraction) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(fraction * sorted.size())));
    }
}
