package io.sparkplane.tests;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The control plane's memory, idle and then holding 50 running and 1,000 queued runs, in the same
 * run: its heap after a full collection (what the runs keep alive) and its resident set (what the
 * machine pays). The runs are the instant test backend's (tests/instant-backend, a plug-in that
 * starts nothing and keeps each run RUNNING for its {@code run-time}), so only the control plane's
 * own cost is measured: its loops, its caches, the rows it reads, per run.
 *
 * <p>Not part of the test suite; run with {@code ./sparkplane bench}. It prints figures only.
 */
class ControlPlaneMemoryBenchmark {

    private static final int RUNNING = 50;
    private static final int QUEUED = 1000;

    record Reading(double heapMib, double residentMib) {}

    @Test
    void measure() throws Exception {
        Path home = Files.createTempDirectory("sparkplane-bench-memory-");
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        try (Stream<Path> modules = Files.list(ControlPlaneProcess.ROOT.resolve("control-plane/target/quarkus-app/plugins"))) {
            for (Path module : modules.toList()) {
                Files.createSymbolicLink(plugins.resolve(module.getFileName()), module);
            }
        }
        Files.createSymbolicLink(plugins.resolve("instant-test"), ControlPlaneProcess.ROOT.resolve("tests/instant-backend/target/plugin"));
        try (ControlPlaneProcess controlPlane = new ControlPlaneProcess(Files.createDirectories(home.resolve("control-plane")))
                .withEnvironment("SPARKPLANE_PLUGIN_DIRECTORY", plugins.toString())
                .withProperty("sparkplane.backends.instant.type", "instant-test")
                .withProperty("sparkplane.backends.instant.run-time", "PT30M")
                .withProperty("sparkplane.backends.instant.max-concurrent-runs", Integer.toString(RUNNING))
                .withProperty("sparkplane.backends.instant.cluster-directory", home.resolve("instant-clusters").toString())
                .withProperty("sparkplane.default-backend", "instant")
                // one token submits the 1,050 runs: the submission rate limit is not what is measured
                .withProperty("sparkplane.auth.submissions-per-second", "0")
                .start()) {
            SparkplaneClient client = controlPlane.client();
            // a few passes of every loop before the first reading
            Thread.sleep(10_000);
            Reading idle = read(controlPlane);

            List<String> running = new ArrayList<>();
            for (int i = 0; i < RUNNING; i++) {
                running.add(client.submit(body(i)).get("id").asText());
            }
            for (String id : running) {
                client.awaitState(id, java.util.Set.of("RUNNING"), Duration.ofMinutes(2));
            }
            for (int i = 0; i < QUEUED; i++) {
                client.submit(body(RUNNING + i));
            }
            JsonNode last = client.run(running.get(0));
            if (!last.get("state").asText().equals("RUNNING")) {
                throw new IllegalStateException("the first run is no longer RUNNING: " + last);
            }
            // the loops go over what is there a few times: the reading is of a control plane at work, not just after the submits
            Thread.sleep(15_000);
            Reading busy = read(controlPlane);

            System.out.printf("%nCONTROL PLANE MEMORY BENCHMARK%n| control plane | heap after a full GC (MiB) | resident set (MiB) |%n|---|---|---|%n");
            System.out.printf(Locale.ROOT, "| idle, no runs | %.1f | %.1f |%n", idle.heapMib(), idle.residentMib());
            System.out.printf(Locale.ROOT, "| %d RUNNING and %d QUEUED runs | %.1f | %.1f |%n", RUNNING, QUEUED, busy.heapMib(), busy.residentMib());
            System.out.printf(Locale.ROOT, "ratio to idle: heap %.2f, resident %.2f; heap per run %.1f KiB%n", busy.heapMib() / idle.heapMib(),
                    busy.residentMib() / idle.residentMib(), (busy.heapMib() - idle.heapMib()) * 1024 / (RUNNING + QUEUED));
        }
    }

    private static String body(int i) {
        return "{\"name\": \"memory-" + i + "\", \"entrypoint\": {\"pythonFile\": \"" + ControlPlaneProcess.ROOT.resolve("examples/jobs/sales_by_region.py")
                + "\"}, \"args\": [\"--day\", \"2026-12-07\"], \"labels\": {\"bench\": \"memory\"}}";
    }

    /** A full collection (jcmd GC.run), then the heap in use (jcmd GC.heap_info) and the resident set (/proc). */
    private static Reading read(ControlPlaneProcess controlPlane) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        run(jcmd.toString(), Long.toString(controlPlane.pid()), "GC.run");
        String heap = run(jcmd.toString(), Long.toString(controlPlane.pid()), "GC.heap_info");
        java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(heap);
        long usedKib = 0;
        // the first "used" of each generation/region line; G1 prints one total line first
        if (used.find()) {
            usedKib = Long.parseLong(used.group(1));
        }
        long residentKib = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(controlPlane.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                residentKib = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return new Reading(usedKib / 1024.0, residentKib / 1024.0);
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
