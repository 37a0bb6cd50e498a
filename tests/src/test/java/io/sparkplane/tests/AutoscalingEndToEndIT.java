package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engine clusters that follow the job, end to end: the packaged control plane as a process, each
 * run on its own real Spark standalone cluster (master and workers from the project's .venv), the
 * backlog read by the listener in the real driver, the autoscaler resizing through the local
 * backend. Faults are real signals to real processes.
 */
class AutoscalingEndToEndIT {

    private static final Path JOBS = Path.of("src/test/resources/jobs").toAbsolutePath();
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
    private static final String WORKER_CLASS = "org.apache.spark.deploy.worker.Worker";
    private static final String MASTER_CLASS = "org.apache.spark.deploy.master.Master";
    private static final String DRIVER_CLASS = "org.apache.spark.deploy.SparkSubmit";
    private static final Pattern RESIZE = Pattern.compile("^(\\d+) → (\\d+) workers: .+");

    @TempDir
    static Path home;

    private static ControlPlaneProcess controlPlane;
    private static SparkplaneClient client;

    @BeforeAll
    static void start() throws Exception {
        controlPlane = new ControlPlaneProcess(home).start();
        client = controlPlane.client();
    }

    @AfterAll
    static void stop() throws Exception {
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    private static String wideStage(int tasks, double tailSeconds, String autoscaling) {
        return """
                {"name": "wide stage", "entrypoint": {"pythonFile": "%s"}, "args": ["%d", "1.0", "%s"],
                 "resources": {"executor": {"cores": 1, "memory": "512m"}, "driver": {"memory": "512m"}},
                 "autoscaling": %s}
                """.formatted(JOBS.resolve("wide_stage.py"), tasks, tailSeconds, autoscaling);
    }

    private static long sumOfSquares(int tasks) {
        long n = tasks;
        return (n - 1) * n * (2 * n - 1) / 6;
    }

    /** The resize events as [from, to] pairs, oldest first. */
    private static List<int[]> resizes(String id) throws Exception {
        List<int[]> resizes = new ArrayList<>();
        for (JsonNode event : client.events(id)) {
            if (event.get("type").asText().equals("CLUSTER_RESIZED")) {
                Matcher matcher = RESIZE.matcher(event.get("message").asText());
                assertThat(matcher.matches()).as(event.toString()).isTrue();
                resizes.add(new int[] {Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))});
            }
        }
        return resizes;
    }

    private static JsonNode awaitMetric(String id, java.util.function.Predicate<JsonNode> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode point : client.metrics(id)) {
                if (condition.test(point)) {
                    return point;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no metric point of run " + id + " met the condition within " + timeout + ": " + client.metrics(id));
    }

    @Test
    void aWideStageScalesUpUnderBacklogAndDownInTheTail() throws Exception {
        int tasks = 48;
        String id = client.submit(wideStage(tasks, 50, "{\"policy\": \"backlog\", \"minExecutors\": 1, \"maxExecutors\": 3}"))
                .get("id").asText();

        int mostAliveSeen = 0;
        JsonNode run = client.run(id);
        while (!Set.of("SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT").contains(run.get("state").asText())) {
            JsonNode cluster = client.cluster(id);
            if (cluster.get("status").asText().equals("ACTIVE") && cluster.has("observedAt")) {
                mostAliveSeen = Math.max(mostAliveSeen, cluster.get("aliveWorkers").asInt());
                assertThat(cluster.get("endpoints").path("master").asText()).startsWith("spark://127.0.0.1:");
            }
            Thread.sleep(1000);
            run = client.run(id);
        }

        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(client.logs(id)).contains("RESULT sum_of_squares=" + sumOfSquares(tasks));
        List<int[]> resizes = resizes(id);
        assertThat(resizes).as("resize events").isNotEmpty();
        assertThat(resizes.get(0)[0]).as("starts with one worker").isEqualTo(1);
        assertThat(resizes.get(0)[1]).as("first resize is a scale-up").isGreaterThan(1);
        assertThat(resizes).as("a scale-down in the tail").anySatisfy(resize -> assertThat(resize[1]).isLessThan(resize[0]));
        assertThat(mostAliveSeen).as("workers alive at the peak").isGreaterThan(1);

        List<JsonNode> points = new ArrayList<>();
        client.metrics(id).forEach(points::add);
        int peak = 0;
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).get("pendingTasks").asInt() > points.get(peak).get("pendingTasks").asInt()) {
                peak = i;
            }
        }
        assertThat(points.get(peak).get("pendingTasks").asInt()).as("a backlog was seen").isGreaterThan(10);
        assertThat(points.subList(peak, points.size())).as("the backlog drains")
                .anySatisfy(point -> assertThat(point.get("pendingTasks").asInt()).isZero());
        assertThat(points).as("desired workers rose above one")
                .anySatisfy(point -> assertThat(point.get("desiredWorkers").asInt()).isGreaterThan(1));
        assertThat(points.get(points.size() - 1).get("completedTasks").asInt()).isGreaterThanOrEqualTo(tasks);
        assertThat(client.cluster(id).get("status").asText()).isEqualTo("TERMINATED");
        assertThat(EngineProcesses.awaitNone(id, Duration.ofSeconds(30))).as("processes of the cluster left").isEmpty();
    }

    @Test
    void aWorkerKilledMidStageIsReplacedAndTheRunStillSucceeds() throws Exception {
        int tasks = 40;
        String id = client.submit(wideStage(tasks, 15, "{\"policy\": \"static\", \"minExecutors\": 2, \"maxExecutors\": 2}"))
                .get("id").asText();
        awaitMetric(id, point -> point.get("executorsAlive").asInt() == 2 && point.get("completedTasks").asInt() >= 4,
                Duration.ofMinutes(2));
        List<Long> workers = EngineProcesses.running(id, WORKER_CLASS);
        assertThat(workers).hasSize(2);

        Instant killedAt = Instant.now();
        new ProcessBuilder("kill", "-KILL", Long.toString(workers.get(0))).start().waitFor();

        JsonNode dip = awaitMetric(id, point -> Instant.parse(point.get("at").asText()).isAfter(killedAt)
                && point.get("executorsAlive").asInt() < 2, Duration.ofSeconds(60));
        awaitMetric(id, point -> Instant.parse(point.get("at").asText()).isAfter(Instant.parse(dip.get("at").asText()))
                && point.get("executorsAlive").asInt() == 2, Duration.ofSeconds(90));
        JsonNode cluster = client.cluster(id);
        assertThat(cluster.get("aliveWorkers").asInt()).as(cluster.toString()).isEqualTo(2);
        assertThat(EngineProcesses.running(id, WORKER_CLASS)).hasSize(2).doesNotContain(workers.get(0));

        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(client.logs(id)).contains("RESULT sum_of_squares=" + sumOfSquares(tasks));
        assertThat(EngineProcesses.awaitNone(id, Duration.ofSeconds(30))).isEmpty();
        List<String> repairs = new ArrayList<>();
        client.events(id).forEach(event -> {
            if (event.get("type").asText().equals("CLUSTER_REPAIRED")) {
                repairs.add(event.get("message").asText());
            }
        });
        assertThat(repairs).singleElement().asString()
                .contains("(pid " + workers.get(0) + ") exited; started worker 3");
    }

    @Test
    void aKilledMasterOrDriverEndsTheRunEngineLostAndLeavesNoProcess() throws Exception {
        for (String victim : List.of(MASTER_CLASS, DRIVER_CLASS)) {
            String id = client.submit(wideStage(600, 0, "{\"policy\": \"static\", \"maxExecutors\": 1}")).get("id").asText();
            awaitMetric(id, point -> point.get("runningTasks").asInt() >= 1, Duration.ofMinutes(2));
            List<Long> targets = EngineProcesses.running(id, victim);
            assertThat(targets).as(victim).hasSize(1);
            long killedAt = System.nanoTime();

            new ProcessBuilder("kill", "-KILL", Long.toString(targets.get(0))).start().waitFor();

            JsonNode run = client.awaitEnd(id, Duration.ofSeconds(60));
            Duration detected = Duration.ofNanos(System.nanoTime() - killedAt);
            assertThat(run.get("state").asText()).as(victim + ": " + run).isEqualTo("FAILED");
            assertThat(run.get("reason").asText()).as(victim + ": " + run).isEqualTo("ENGINE_LOST");
            assertThat(detected).as("ended within the heartbeat deadline").isLessThan(Duration.ofSeconds(20));
            assertThat(EngineProcesses.awaitNone(id, Duration.ofSeconds(30))).as(victim + ": processes left").isEmpty();
        }
    }
}
