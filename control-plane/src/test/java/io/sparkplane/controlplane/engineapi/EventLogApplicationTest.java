package io.sparkplane.controlplane.engineapi;

import static io.restassured.RestAssured.given;
import static io.sparkplane.controlplane.support.CheckedResponses.checked;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sparkplane.controlplane.dispatch.ServiceEventLogs;
import io.sparkplane.controlplane.run.AttemptTokens;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.run.RunLifecycle;
import io.sparkplane.controlplane.staging.Staging;
import io.sparkplane.controlplane.support.AdminToken;
import io.sparkplane.controlplane.support.ApiCalls;
import io.sparkplane.controlplane.support.PostgresTestResource;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An attempt's Spark application is recorded when its event log is copied to staging's
 * {@code history/} — by the engine's upload, or by the control plane's copy of what a service wrote —
 * and shown as the attempt's {@code sparkAppId}; without {@code sparkplane.history.url} (this test
 * profile) no run has a {@code historyUrl}. Real PostgreSQL and file staging.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class EventLogApplicationTest {

    @Inject
    RunLifecycle lifecycle;

    @Inject
    AttemptTokens tokens;

    @Inject
    Staging staging;

    @Inject
    ServiceEventLogs serviceEventLogs;

    @BeforeEach
    void asAdmin() {
        AdminToken.sendWithEveryRequest();
    }

    private UUID startedRun() {
        Response created = ApiCalls.call("POST", "/api/v1/runs", """
                {"name": "event log application", "entrypoint": {"pythonFile": "/opt/jobs/etl.py"}}""");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        UUID runId = UUID.fromString(created.jsonPath().getString("id"));
        QuarkusTransaction.requiringNew().run(() -> lifecycle.startAttempt(RunEntity.findById(runId)));
        return runId;
    }

    private static Response run(UUID runId) {
        return ApiCalls.call("GET", "/api/v1/runs/" + runId, null);
    }

    @Test
    void theEnginesUploadRecordsTheApplicationAndNoLinkIsGivenWithoutAHistoryServer() {
        UUID runId = startedRun();
        String app = "app-20261207120000-0003";
        String path = "/internal/v1/runs/" + runId + "/attempts/1/staging/eventlog/eventlog_v2_" + app + "/events_1_" + app + ".zstd";
        Response stored = checked("PUT", path, given().urlEncodingEnabled(false).contentType(ContentType.BINARY)
                .header("Authorization", "Bearer " + tokens.tokenFor(runId, 1)).body(new byte[] {1, 2, 3}).put(path));
        assertThat(stored.statusCode()).as(stored.asString()).isEqualTo(200);

        Response run = run(runId);
        assertThat(run.jsonPath().getString("attempts[0].sparkAppId")).isEqualTo(app);
        assertThat(run.jsonPath().getMap("$")).doesNotContainKey("historyUrl");
        assertThat(run.jsonPath().getMap("attempts[0]")).doesNotContainKey("historyUrl");
    }

    @Test
    void theCopyOfAServiceWrittenEventLogRecordsTheApplication() {
        UUID runId = startedRun();
        // EMR, Dataproc and the others have Spark write the event log straight to the attempt's eventlog/
        String app = "application_1765100000000_0007";
        byte[] events = "{\"Event\":\"SparkListenerLogStart\"}\n".getBytes(StandardCharsets.UTF_8);
        staging.stores().put(staging.layout().attempt(runId, 1).resolve("eventlog/eventlog_v2_" + app + "/events_1_" + app + ".zstd"),
                new ByteArrayInputStream(events), events.length);

        serviceEventLogs.copyToHistory(runId, 1);

        assertThat(staging.stores().stat(staging.layout().history().resolve("eventlog_v2_" + runId + "-1-" + app + "/events_1_" + app + ".zstd")))
                .isPresent();
        assertThat(run(runId).jsonPath().getString("attempts[0].sparkAppId")).isEqualTo(app);
    }
}
