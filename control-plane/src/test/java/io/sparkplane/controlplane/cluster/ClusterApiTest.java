package io.sparkplane.controlplane.cluster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sparkplane.api.contract.OpenApiContract;
import io.sparkplane.controlplane.run.AttemptTokens;
import io.sparkplane.controlplane.run.ClusterRefJson;
import io.sparkplane.controlplane.run.RunAttemptEntity;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.run.RunEventEntity;
import io.sparkplane.controlplane.run.RunEventType;
import io.sparkplane.controlplane.run.RunLifecycle;
import io.sparkplane.controlplane.support.AdminToken;
import io.sparkplane.controlplane.support.PostgresTestResource;
import io.sparkplane.spi.engine.ClusterRef;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats with the driver's backlog, the metric series, the cluster view and one autoscaler
 * decision, against a real PostgreSQL; every response checked against the OpenAPI document. The
 * attempt's cluster reference points at no real cluster, so the backend's resize fails and the
 * test sees what the control plane decided and recorded, not a cluster's answer.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ClusterApiTest {

    @BeforeEach
    void asAdmin() {
        AdminToken.sendWithEveryRequest();
    }

    private static final OpenApiContract CONTRACT = OpenApiContract.load();

    @Inject
    RunLifecycle lifecycle;

    @Inject
    AttemptTokens tokens;

    @Inject
    ClusterAutoscaler autoscaler;

    private static Response call(String method, String path, Function<RequestSpecification, RequestSpecification> customize) {
        Response response = customize.apply(given()).request(method, path);
        Map<String, String> headers = new HashMap<>();
        response.getHeaders().forEach(header -> headers.put(header.getName(), header.getValue()));
        CONTRACT.assertResponse(method, path, response.statusCode(), response.contentType(), headers, response.asString());
        return response;
    }

    private static UUID submit(String autoscaling) {
        String body = "{\"entrypoint\": {\"pythonFile\": \"/opt/jobs/wide.py\"}, \"autoscaling\": " + autoscaling + "}";
        Response created = call("POST", "/api/v1/runs", request -> request.contentType(ContentType.JSON).body(body));
        assertThat(created.statusCode()).isEqualTo(201);
        return UUID.fromString(created.jsonPath().getString("id"));
    }

    /** What the dispatcher and a launcher would do: start attempt 1 on a (fake) local cluster and report it RUNNING. */
    private void running(UUID runId) {
        QuarkusTransaction.requiringNew().run(() -> {
            RunEntity run = RunEntity.findById(runId);
            RunAttemptEntity attempt = lifecycle.startAttempt(run);
            attempt.cluster = ClusterRefJson.write(new ClusterRef("local", "sp-" + runId + "-1", Map.of(
                    "workDir", "/nonexistent/" + runId, "runId", runId.toString(), "attempt", "1",
                    "executorCores", "1", "executorMemoryMib", "1024", "minWorkers", "1", "maxWorkers", "4")));
            lifecycle.attemptRunning(run, attempt);
        });
    }

    private Response heartbeat(UUID runId, String body) {
        String path = "/internal/v1/runs/" + runId + "/attempts/1/heartbeat";
        Map<String, String> noHeaders = Map.of();
        Response response = given().header("Authorization", "Bearer " + tokens.tokenFor(runId, 1))
                .contentType(ContentType.JSON).body(body).post(path);
        CONTRACT.assertResponse("POST", path, response.statusCode(), response.contentType(), noHeaders, response.asString());
        return response;
    }

    private static String backlog(Instant at, int pending, int running, int alive, int busy) {
        return """
                {"backlog": {"at": "%s", "pendingTasks": %d, "runningTasks": %d, "completedTasks": 3, "failedTasks": 0,
                 "executorsAlive": %d, "executorsBusy": %d, "meanTaskMillis": 1000,
                 "stages": [{"stageId": 0, "stageAttempt": 0, "name": "sum at wide.py:9", "numTasks": 64,
                             "pendingTasks": %d, "runningTasks": %d, "completedTasks": 3}]}}
                """.formatted(at, pending, running, alive, busy, pending, running);
    }

    private static List<Map<String, Object>> points(UUID runId, String query) {
        Response series = call("GET", "/api/v1/runs/" + runId + "/metrics" + query, request -> request);
        assertThat(series.statusCode()).isEqualTo(200);
        return series.jsonPath().getList("items");
    }

    @Test
    void aQueuedRunHasAPendingClusterWithItsAutoscalingBounds() {
        UUID runId = submit("{\"policy\": \"dynamic-allocation\", \"minExecutors\": 0, \"maxExecutors\": 3}");

        Response cluster = call("GET", "/api/v1/runs/" + runId + "/cluster", request -> request);

        assertThat(cluster.statusCode()).isEqualTo(200);
        assertThat(cluster.jsonPath().getString("status")).isEqualTo("PENDING");
        assertThat(cluster.jsonPath().getString("autoscaling.policy")).isEqualTo("dynamic-allocation");
        assertThat(cluster.jsonPath().getInt("autoscaling.maxExecutors")).isEqualTo(3);
        assertThat(cluster.jsonPath().getMap("endpoints")).isEmpty();
        assertThat(points(runId, "")).isEmpty();
        assertThat(call("GET", "/api/v1/runs/" + UUID.randomUUID() + "/cluster", request -> request).statusCode()).isEqualTo(404);
    }

    @Test
    void heartbeatsWithABacklogBecomeTheMetricSeriesOncePerSnapshot() {
        UUID runId = submit("{\"maxExecutors\": 4}");
        running(runId);
        Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        assertThat(heartbeat(runId, "{}").statusCode()).isEqualTo(204);
        assertThat(heartbeat(runId, backlog(first, 40, 1, 1, 1)).statusCode()).isEqualTo(204);
        assertThat(heartbeat(runId, backlog(first, 40, 1, 1, 1)).statusCode()).as("the same snapshot again").isEqualTo(204);
        assertThat(heartbeat(runId, backlog(first.plusSeconds(1), 20, 2, 2, 2)).statusCode()).isEqualTo(204);

        List<Map<String, Object>> points = points(runId, "");
        assertThat(points).hasSize(2);
        assertThat(points.get(0)).containsEntry("pendingTasks", 40).containsEntry("runningTasks", 1).containsEntry("executorsAlive", 1)
                .containsEntry("meanTaskMillis", 1000).containsEntry("at", first.toString());
        assertThat(points.get(1)).containsEntry("pendingTasks", 20).containsEntry("executorsBusy", 2);
        assertThat(points(runId, "?after=" + first)).hasSize(1);
        assertThat(points(runId, "?limit=1")).hasSize(1);
    }

    @Test
    void badBacklogsAreRejectedWithTheFieldAndStoreNothing() {
        UUID runId = submit("{}");
        running(runId);
        Instant at = Instant.now();

        Response busyAboveAlive = heartbeat(runId, backlog(at, 1, 1, 1, 2));
        Response negative = heartbeat(runId, backlog(at, -1, 1, 1, 1));
        Response unknownField = heartbeat(runId, "{\"backlog\": {\"bogus\": 1}}");

        assertThat(busyAboveAlive.statusCode()).isEqualTo(400);
        assertThat(busyAboveAlive.jsonPath().getList("errors.field")).contains("backlog.executorsBusy");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(negative.jsonPath().getList("errors.field")).contains("backlog.pendingTasks", "backlog.stages[0].pendingTasks");
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(points(runId, "")).isEmpty();
        assertThat(call("GET", "/api/v1/runs/" + runId + "/metrics?after=yesterday", request -> request).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/api/v1/runs/" + runId + "/metrics?attempt=7", request -> request).statusCode()).isEqualTo(404);
    }

    @Test
    void aBacklogMakesTheBacklogPolicyScaleUpWithAResizeEventAndTheClusterShowsIt() {
        UUID runId = submit("{\"policy\": \"backlog\", \"minExecutors\": 1, \"maxExecutors\": 4}");
        running(runId);
        heartbeat(runId, backlog(Instant.now(), 60, 1, 1, 1));

        autoscaler.scaleOnce();

        List<RunEventEntity> resizes = QuarkusTransaction.requiringNew().call(() ->
                RunEventEntity.<RunEventEntity>list("runId = ?1 and type = ?2", runId, RunEventType.CLUSTER_RESIZED));
        assertThat(resizes).hasSize(1);
        assertThat(resizes.get(0).message).startsWith("1 → ").contains("workers: ");
        int desired = Integer.parseInt(resizes.get(0).message.substring(4, resizes.get(0).message.indexOf(' ', 4)));
        assertThat(desired).isBetween(2, 4);

        Response cluster = call("GET", "/api/v1/runs/" + runId + "/cluster", request -> request);
        assertThat(cluster.jsonPath().getString("status")).isEqualTo("ACTIVE");
        assertThat(cluster.jsonPath().getInt("desiredWorkers")).isEqualTo(desired);
        assertThat(cluster.jsonPath().getString("lastDecision")).isNotBlank();
        Response events = call("GET", "/api/v1/runs/" + runId + "/events", request -> request);
        assertThat(events.jsonPath().getList("items.type")).contains("CLUSTER_RESIZED");

        autoscaler.scaleOnce(); // the same snapshot again: a decision already applied is not repeated
        assertThat(QuarkusTransaction.requiringNew().call(() ->
                RunEventEntity.count("runId = ?1 and type = ?2", runId, RunEventType.CLUSTER_RESIZED))).isEqualTo(1);
    }
}
