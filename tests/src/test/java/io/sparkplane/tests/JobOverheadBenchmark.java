package io.sparkplane.tests;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The example job four ways, alternating, in the same run on the same machine: a bare
 * {@code spark-submit --master local[2]}; through Sparkplane on a cold cluster (a workspace with no
 * warm pool) whose JVMs start from the local backend's class-data archives (the default; the
 * benchmark waits until the three are written); the same on a profile with {@code class-data-sharing}
 * off; and through Sparkplane on a warm cluster of the {@code default} workspace's warm pool
 * of size 1 (the benchmark waits until the pool has one ready before each warm run, and after it
 * until the pool has started the next, so no round runs beside a warm cluster starting). Each path
 * has two task slots: local[2]; Sparkplane's runs two executors of one core from the start (the
 * runs ask for two, the pool's clusters start with two workers). For each:
 * the wall time (submit, or the process's start, until the end is seen) and the time to the first
 * task (from the same moment until Spark launched the job's first task, read from the run's event
 * log); for Sparkplane's runs, where the time went.
 *
 * <p>Not part of the test suite; run with {@code ./sparkplane bench}. It prints figures only.
 */
class JobOverheadBenchmark {

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final Path ROOT = ControlPlaneProcess.ROOT;
    private static final Duration WARM_READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern STAGED = Pattern.compile("\\[sparkplane\\] inputs staged in ([0-9.]+) s");

    /** One timed run: wall seconds, seconds to the first task, and where the time went. */
    record Sample(double wall, double firstTask, String phases) {}

    @Test
    void measure() throws Exception {
        Path home = Files.createTempDirectory("sparkplane-bench-job-");
        Path script = ROOT.resolve("examples/jobs/sales_by_region.py");
        Path csv = ROOT.resolve("examples/data/sales.csv");
        List<Sample> bare = new ArrayList<>();
        List<Sample> cold = new ArrayList<>();
        List<Sample> coldWithoutClassData = new ArrayList<>();
        List<Sample> warm = new ArrayList<>();
        try (ControlPlaneProcess controlPlane = new ControlPlaneProcess(home)
                .withProperty("sparkplane.warm-pools.bench.workspace", "default")
                .withProperty("sparkplane.warm-pools.bench.profile", "local")
                .withProperty("sparkplane.warm-pools.bench.size", "1")
                .withProperty("sparkplane.warm-pools.bench.workers", "2")
                .withProperty("sparkplane.backends.plain.type", "local")
                .withProperty("sparkplane.backends.plain.python", ControlPlaneProcess.PYTHON.toString())
                .withProperty("sparkplane.backends.plain.class-data-sharing", "false")
                .start()) {
            SparkplaneClient client = controlPlane.client();
            client.createWorkspace("{\"id\": \"cold\"}");
            awaitWarmReady(client, 0);
            awaitClassData(home.resolve("work/.class-data"));
            for (int round = 0; round < ROUNDS; round++) {
                bare.add(bareSparkSubmit(script, csv, home.resolve("bare-" + round), home.resolve("bare-events-" + round)));
                cold.add(through(client, "cold", null, script, csv, home.resolve("cold-" + round), false));
                coldWithoutClassData.add(through(client, "cold", "plain", script, csv, home.resolve("plain-" + round), false));
                warm.add(through(client, "default", null, script, csv, home.resolve("warm-" + round), true));
                awaitWarmReady(client, round + 1);
            }
        }
        double bareWall = median(bare, Sample::wall);
        double bareFirst = median(bare, Sample::firstTask);
        System.out.printf("%nJOB OVERHEAD BENCHMARK (%d rounds, alternating bare / cold / cold without class-data archives / warm)%n", ROUNDS);
        System.out.printf("| path | wall per round (s) | median wall (s) | wall vs bare | median submit to first task (s) |%n|---|---|---|---|---|%n");
        row("bare spark-submit --master local[2]", bare, bareWall);
        row("Sparkplane, cold cluster (submit → SUCCEEDED seen)", cold, bareWall);
        row("Sparkplane, cold cluster, class-data-sharing off", coldWithoutClassData, bareWall);
        row("Sparkplane, warm pool (submit → SUCCEEDED seen)", warm, bareWall);
        System.out.printf(Locale.ROOT, "bare: first task %.2f s after spark-submit started%n", bareFirst);
        cold.forEach(sample -> System.out.println("  cold phases: " + sample.phases()));
        coldWithoutClassData.forEach(sample -> System.out.println("  cold phases, class-data-sharing off: " + sample.phases()));
        warm.forEach(sample -> System.out.println("  warm phases: " + sample.phases()));
    }

    private static void row(String path, List<Sample> samples, double bareWall) {
        double wall = median(samples, Sample::wall);
        System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f |%n", path,
                samples.stream().map(sample -> String.format(Locale.ROOT, "%.2f", sample.wall())).toList(), wall, wall / bareWall,
                median(samples, Sample::firstTask));
    }

    /** @param backend the engine profile, or {@code null} for the default ({@code local}) */
    private static Sample through(SparkplaneClient client, String workspace, String backend, Path script, Path csv, Path output,
            boolean expectWarm) throws Exception {
        Instant submitted = Instant.now();
        long start = System.nanoTime();
        String id = client.submit("""
                {"workspace": "%s", "entrypoint": {"pythonFile": "%s"}, "args": ["%s", "%s"],
                 "autoscaling": {"minExecutors": 2, "maxExecutors": 2}%s}
                """.formatted(workspace, script, csv, output, backend == null ? "" : ", \"backend\": \"" + backend + "\"")).get("id").asText();
        JsonNode run = client.run(id);
        while (!SparkplaneClient.TERMINAL.contains(run.get("state").asText())) {
            Thread.sleep(50);
            run = client.run(id);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        if (!run.get("state").asText().equals("SUCCEEDED")) {
            throw new IllegalStateException("the benchmark run failed: " + run);
        }
        boolean onWarm = false;
        for (JsonNode event : client.events(id)) {
            onWarm |= event.path("message").asText().startsWith("warm engine cluster ");
        }
        if (onWarm != expectWarm) {
            throw new IllegalStateException("run " + id + (expectWarm ? " started cold" : " took a warm cluster") + "; its events: " + client.events(id));
        }
        SparkEventLog events = SparkEventLog.read(stagedEventLog(client, id));
        Instant queued = Instant.parse(run.get("queuedAt").asText());
        Instant provisioning = Instant.parse(run.get("provisioningAt").asText());
        Instant started = Instant.parse(run.get("startedAt").asText());
        Instant ended = Instant.parse(run.get("endedAt").asText());
        Instant firstTask = events.firstTaskAfter(submitted).orElseThrow();
        Matcher staged = STAGED.matcher(client.logs(id));
        String phases;
        if (expectWarm) {
            // the driver and its executors were up before the submit: from RUNNING straight to the run's first task
            phases = String.format(Locale.ROOT, "queued %.2f, to the hand-over (RUNNING) %.2f (inputs staged in %s), RUNNING to the run's"
                            + " first task %.2f, job %.2f, application end to ended %.2f, ended to seen %.2f",
                    seconds(queued, provisioning), seconds(provisioning, started), staged.find() ? staged.group(1) : "?",
                    seconds(started, firstTask), seconds(firstTask, events.applicationEnd().orElseThrow()),
                    seconds(events.applicationEnd().orElseThrow(), ended), wall - seconds(submitted, ended));
        } else {
            phases = String.format(Locale.ROOT, "queued %.2f, cluster start to RUNNING %.2f (inputs staged in %s), RUNNING to"
                            + " application start (driver) %.2f, to first executor registered %.2f, to first task %.2f, job %.2f,"
                            + " application end to ended %.2f, ended to seen %.2f",
                    seconds(queued, provisioning), seconds(provisioning, started), staged.find() ? staged.group(1) : "?",
                    seconds(started, events.applicationStart()),
                    seconds(events.applicationStart(), events.firstExecutor().orElseThrow()),
                    seconds(events.firstExecutor().orElseThrow(), firstTask), seconds(firstTask, events.applicationEnd().orElseThrow()),
                    seconds(events.applicationEnd().orElseThrow(), ended), wall - seconds(submitted, ended));
        }
        return new Sample(wall, seconds(submitted, firstTask), phases);
    }

    /** The attempt's event log directory in its file:// staging. */
    private static Path stagedEventLog(SparkplaneClient client, String id) throws Exception {
        JsonNode staged = SparkplaneClient.JSON.readTree(client.call("GET", "/api/v1/runs/" + id + "/staging", null).body());
        for (JsonNode file : staged.path("items")) {
            String uri = file.path("uri").asText();
            if (uri.contains("/eventlog/") && uri.contains("events_")) {
                return Path.of(URI.create(uri)).getParent();
            }
        }
        throw new IllegalStateException("run " + id + " staged no event log: " + staged);
    }

    /** Waits (untimed) until the pool has a warm cluster ready and has taken {@code hits} of them. */
    private static void awaitWarmReady(SparkplaneClient client, long hits) throws Exception {
        long deadline = System.nanoTime() + WARM_READY_TIMEOUT.toNanos();
        JsonNode pool = null;
        while (System.nanoTime() < deadline) {
            pool = SparkplaneClient.JSON.readTree(client.call("GET", "/api/v1/warm-pools/bench", null).body());
            if (pool.path("status").path("ready").asInt() >= 1 && pool.path("status").path("hits").asLong() >= hits) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the warm pool had no cluster ready within " + WARM_READY_TIMEOUT + ": " + pool);
    }

    /** Waits until the local backend has written its three class-data archives (the first cluster's start began them). */
    private static void awaitClassData(Path directory) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(directory)) {
                try (var files = Files.list(directory)) {
                    if (files.filter(file -> file.getFileName().toString().endsWith(".jsa")).count() >= 3) {
                        return;
                    }
                }
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the local backend wrote no three class-data archives in " + directory + " within 15 min");
    }

    private static Sample bareSparkSubmit(Path script, Path csv, Path output, Path eventLogs) throws Exception {
        Path sparkHome = HistoryServerProcess.sparkHome();
        Files.createDirectories(eventLogs);
        ProcessBuilder builder = new ProcessBuilder(sparkHome.resolve("bin/spark-submit").toString(), "--master", "local[2]",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=" + eventLogs.toUri(),
                script.toString(), csv.toString(), output.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("PYSPARK_PYTHON", ControlPlaneProcess.PYTHON.toString());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Instant started = Instant.now();
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("bare spark-submit failed");
        }
        double wall = (System.nanoTime() - start) / 1e9;
        SparkEventLog events = SparkEventLog.read(SparkEventLog.under(eventLogs));
        return new Sample(wall, seconds(started, events.firstTask().orElseThrow()), "");
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static double median(List<Sample> samples, Function<Sample, Double> value) {
        List<Double> sorted = new ArrayList<>(samples.stream().map(value).toList());
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
