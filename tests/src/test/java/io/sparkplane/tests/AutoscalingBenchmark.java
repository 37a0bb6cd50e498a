package io.sparkplane.tests;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator's direction checked on real Spark: one wide stage (64 tasks of about 1 s) and a
 * quiet tail, on the local backend with at most 4 workers of 1 core, run with each policy one after
 * the other on the same control plane. Executor-seconds are integrated from the driver's own count
 * of live executors in the run's metric series (one point a second, from the first snapshot to the
 * last); wall time is submit until the API shows the run ended.
 *
 * <p>Not part of the test suite; run with {@code ./sparkplane bench}. It prints figures only.
 */
class AutoscalingBenchmark {

    private static final int TASKS = Integer.getInteger("bench.tasks", 64);
    private static final int TAIL_SECONDS = Integer.getInteger("bench.tail", 60);
    private static final List<String[]> POLICIES = List.of(
            new String[] {"static-max (4)", "{\"policy\": \"static\", \"minExecutors\": 4, \"maxExecutors\": 4}"},
            new String[] {"dynamic allocation (1..4)", "{\"policy\": \"dynamic-allocation\", \"minExecutors\": 1, \"maxExecutors\": 4}"},
            new String[] {"backlog policy (1..4)", "{\"policy\": \"backlog\", \"minExecutors\": 1, \"maxExecutors\": 4}"});

    record Result(String policy, double wallSeconds, double executorSeconds, int resizes) {}

    @Test
    void measure() throws Exception {
        Path home = Files.createTempDirectory("sparkplane-bench-autoscaling-");
        Path job = ControlPlaneProcess.ROOT.resolve("tests/src/test/resources/jobs/wide_stage.py");
        List<Result> results = new ArrayList<>();
        try (ControlPlaneProcess controlPlane = new ControlPlaneProcess(home).start()) {
            SparkplaneClient client = controlPlane.client();
            for (String[] policy : POLICIES) {
                long start = System.nanoTime();
                String id = client.submit("""
                        {"name": "autoscaling benchmark", "entrypoint": {"pythonFile": "%s"}, "args": ["%d", "1.0", "%d"],
                         "resources": {"executor": {"cores": 1, "memory": "512m"}, "driver": {"memory": "512m"}},
                         "autoscaling": %s}
                        """.formatted(job, TASKS, TAIL_SECONDS, policy[1])).get("id").asText();
                JsonNode run = client.run(id);
                while (!SparkplaneClient.TERMINAL.contains(run.get("state").asText())) {
                    Thread.sleep(250);
                    run = client.run(id);
                }
                double wall = (System.nanoTime() - start) / 1e9;
                if (!run.get("state").asText().equals("SUCCEEDED")) {
                    throw new IllegalStateException("the benchmark run failed: " + run);
                }
                int resizes = 0;
                for (JsonNode event : client.events(id)) {
                    if (event.get("type").asText().equals("CLUSTER_RESIZED")) {
                        resizes++;
                    }
                }
                results.add(new Result(policy[0], wall, executorSeconds(client.metrics(id)), resizes));
            }
        }
        Result staticMax = results.get(0);
        System.out.printf("%nAUTOSCALING BENCHMARK (%d tasks of 1 s, %d s tail, 1-core workers)%n", TASKS, TAIL_SECONDS);
        System.out.printf("| policy | wall time (s) | executor-s | executor-s vs static-max | wall vs static-max | resizes |%n");
        System.out.printf("|---|---:|---:|---:|---:|---:|%n");
        for (Result result : results) {
            System.out.printf("| %s | %.1f | %.1f | %.0f %% | %.0f %% | %d |%n", result.policy(), result.wallSeconds(),
                    result.executorSeconds(), 100 * result.executorSeconds() / staticMax.executorSeconds(),
                    100 * result.wallSeconds() / staticMax.wallSeconds(), result.resizes());
        }
    }

    /** Executors alive integrated over time, each point's count held until the next point. */
    static double executorSeconds(JsonNode points) {
        double total = 0;
        for (int i = 1; i < points.size(); i++) {
            Instant previous = Instant.parse(points.get(i - 1).get("at").asText());
            Instant current = Instant.parse(points.get(i).get("at").asText());
            total += points.get(i - 1).get("executorsAlive").asInt() * (current.toEpochMilli() - previous.toEpochMilli()) / 1000.0;
        }
        return total;
    }
}
