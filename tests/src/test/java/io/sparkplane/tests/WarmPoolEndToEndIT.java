package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A warm pool of the local backend made through the API on the packaged control plane: its warm
 * cluster (master, worker, launcher and a driver with its executor registered) comes up before any
 * run; the example job takes it and runs on that driver with the right result; the pool starts
 * another; deleting the pool stops it, leaving no engine process.
 */
class WarmPoolEndToEndIT {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);

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

    @Test
    void theExampleJobRunsOnAWarmClustersDriverAndThePoolRefills() throws Exception {
        HttpResponse<String> created = client.call("POST", "/api/v1/warm-pools",
                "{\"name\": \"e2e\", \"workspace\": \"default\", \"profile\": \"local\", \"size\": 1, \"idleTtl\": \"PT10M\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        awaitPool(pool -> pool.get("status").get("ready").asInt() == 1, "one warm cluster ready");

        Path output = home.resolve("sales-output");
        Path csv = ControlPlaneProcess.ROOT.resolve("examples/data/sales.csv");
        String id = client.submit("""
                {"name": "sales by region, warm", "entrypoint": {"pythonFile": "%s"}, "args": ["%s", "%s"]}
                """.formatted(ControlPlaneProcess.ROOT.resolve("examples/jobs/sales_by_region.py"), csv, output)).get("id").asText();
        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);

        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        String log = client.logs(id);
        assertThat(RunsEndToEndIT.reportedRevenue(log)).isEqualTo(RunsEndToEndIT.expectedRevenueByRegion(csv));
        assertThat(log).contains("[sparkplane] the warm driver (pid").contains("[sparkplane] the warm driver exited with code 0");
        assertThat(output.resolve("_SUCCESS")).exists();
        List<String> events = new ArrayList<>();
        client.events(id).forEach(event -> events.add(event.path("message").asText()));
        assertThat(events).anyMatch(message -> message.startsWith("warm engine cluster sp-warm-") && message.contains("took the run"));

        JsonNode pool = awaitPool(found -> found.get("status").get("ready").asInt() == 1 && found.get("status").get("hits").asLong() == 1,
                "a second warm cluster ready after the first was taken");
        assertThat(pool.get("status").get("misses").asLong()).isZero();
        assertThat(pool.get("source").asText()).isEqualTo("api");

        assertThat(client.call("DELETE", "/api/v1/warm-pools/e2e", null).statusCode()).isEqualTo(204);
        assertThat(EngineProcesses.awaitNoneUnder(home, Duration.ofMinutes(1))).as("engine processes once the pool is gone and its run ended")
                .isEmpty();
        assertThat(client.call("GET", "/api/v1/warm-pools/e2e", null).statusCode()).isEqualTo(404);
    }

    private static JsonNode awaitPool(Predicate<JsonNode> condition, String what) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        JsonNode pool = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = client.call("GET", "/api/v1/warm-pools/e2e", null);
            pool = SparkplaneClient.JSON.readTree(answer.body());
            if (answer.statusCode() == 200 && condition.test(pool)) {
                return pool;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("warm pool e2e: no " + what + " within " + READY_TIMEOUT + ": " + pool + "\n" + controlPlaneLog());
    }

    private static String controlPlaneLog() {
        try {
            return Files.readString(controlPlane.log());
        } catch (java.io.IOException e) {
            return "(no control plane log: " + e.getMessage() + ")";
        }
    }
}
