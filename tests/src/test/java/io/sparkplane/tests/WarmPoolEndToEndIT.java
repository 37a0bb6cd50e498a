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
 * another; deleting the pool stops it, leaving no engine process. Traces are on, sent to an OTLP
 * receiver: the run is one trace from its submit through its dispatch to the launcher's state reports.
 */
class WarmPoolEndToEndIT {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    static Path home;

    private static ControlPlaneProcess controlPlane;
    private static SparkplaneClient client;
    private static OtlpTraceReceiver traces;

    @BeforeAll
    static void start() throws Exception {
        traces = new OtlpTraceReceiver();
        controlPlane = new ControlPlaneProcess(home)
                .withEnvironment("QUARKUS_OTEL_SDK_DISABLED", "false")
                .withEnvironment("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", traces.endpoint().toString())
                .withEnvironment("QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .withEnvironment("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms")
                .start();
        client = controlPlane.client();
    }

    @AfterAll
    static void stop() throws Exception {
        if (controlPlane != null) {
            controlPlane.close();
        }
        if (traces != null) {
            traces.close();
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

        assertOneTrace(id);

        JsonNode pool = awaitPool(found -> found.get("status").get("ready").asInt() == 1 && found.get("status").get("hits").asLong() == 1,
                "a second warm cluster ready after the first was taken");
        assertThat(pool.get("status").get("misses").asLong()).isZero();
        assertThat(pool.get("source").asText()).isEqualTo("api");

        assertThat(client.call("DELETE", "/api/v1/warm-pools/e2e", null).statusCode()).isEqualTo(204);
        assertThat(EngineProcesses.awaitNoneUnder(home, Duration.ofMinutes(1))).as("engine processes once the pool is gone and its run ended")
                .isEmpty();
        assertThat(client.call("GET", "/api/v1/warm-pools/e2e", null).statusCode()).isEqualTo(404);
    }

    /** The run's submit, its dispatch with the provision on the warm cluster, and the launcher's two state reports: one trace. */
    private static void assertOneTrace(String run) throws InterruptedException {
        try {
            assertTraced(run);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\ncontrol plane log:\n" + controlPlaneLog(), e);
        }
    }

    private static void assertTraced(String run) throws InterruptedException {
        Duration exported = Duration.ofSeconds(30);
        OtlpTraceReceiver.ReceivedSpan dispatch = traces.await("dispatching run " + run,
                span -> span.name().equals("sparkplane dispatch") && run.equals(span.attributes().get("sparkplane.run.id")), exported);
        assertThat(dispatch.service()).isEqualTo("sparkplane-control-plane");
        assertThat(dispatch.attributes()).containsEntry("sparkplane.backend", "local").containsEntry("sparkplane.run.attempt", "1");
        OtlpTraceReceiver.ReceivedSpan submit = traces.await("submitting run " + run,
                span -> span.spanId().equals(dispatch.parentSpanId()), exported);
        assertThat(submit.name()).isEqualTo("POST /api/v1/runs");
        assertThat(submit.traceId()).isEqualTo(dispatch.traceId());
        OtlpTraceReceiver.ReceivedSpan provision = traces.await("provisioning run " + run,
                span -> span.name().equals("sparkplane provision") && span.parentSpanId().equals(dispatch.spanId()), exported);
        assertThat(provision.attributes()).containsEntry("sparkplane.warm", "true");
        for (String state : List.of("RUNNING", "SUCCEEDED")) {
            OtlpTraceReceiver.ReceivedSpan report = traces.await("the launcher's " + state + " report of run " + run,
                    span -> span.name().equals("sparkplane engine report") && state.equals(span.attributes().get("sparkplane.attempt.state"))
                            && run.equals(span.attributes().get("sparkplane.run.id")), exported);
            assertThat(report.traceId()).as("the %s report's trace", state).isEqualTo(submit.traceId());
            assertThat(report.parentSpanId()).as("the %s report's parent", state).isEqualTo(dispatch.spanId());
        }
        assertThat(traces.all()).noneMatch(span -> span.name().contains("/internal/"));
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
