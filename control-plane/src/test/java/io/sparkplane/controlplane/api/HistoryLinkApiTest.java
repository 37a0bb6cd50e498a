package io.sparkplane.controlplane.api;

import static io.restassured.RestAssured.given;
import static io.sparkplane.controlplane.support.CheckedResponses.checked;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sparkplane.controlplane.run.AttemptState;
import io.sparkplane.controlplane.run.AttemptTokens;
import io.sparkplane.controlplane.run.RunAttemptEntity;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.run.RunLifecycle;
import io.sparkplane.controlplane.run.TerminationReason;
import io.sparkplane.controlplane.support.AdminToken;
import io.sparkplane.controlplane.support.ApiCalls;
import io.sparkplane.controlplane.support.PostgresTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code sparkplane.history.url} set, a run links to its Spark application's page on that
 * History Server once the attempt's event log is in staging's {@code history/}, and not before; the
 * application is the one the event log's name says, copied through the engine's upload route as the
 * launcher does. Real PostgreSQL and file staging, every answer checked against the contract.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@TestProfile(HistoryLinkApiTest.WithHistoryServer.class)
class HistoryLinkApiTest {

    /** A History Server behind a proxy path, written with a trailing slash. */
    public static class WithHistoryServer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sparkplane.history.url", "http://history.test:18080/spark/");
        }
    }

    private static final String HISTORY = "http://history.test:18080/spark/history/";

    @Inject
    RunLifecycle lifecycle;

    @Inject
    AttemptTokens tokens;

    @BeforeEach
    void asAdmin() {
        AdminToken.sendWithEveryRequest();
    }

    private static UUID submit(int maxRetries) {
        Response created = ApiCalls.call("POST", "/api/v1/runs", """
                {"name": "history link", "entrypoint": {"pythonFile": "/opt/jobs/etl.py"}, "maxRetries": %d}
                """.formatted(maxRetries));
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        assertThat(created.jsonPath().getMap("$")).doesNotContainKey("historyUrl");
        return UUID.fromString(created.jsonPath().getString("id"));
    }

    private void startAttempt(UUID runId) {
        QuarkusTransaction.requiringNew().run(() -> lifecycle.startAttempt(RunEntity.findById(runId)));
    }

    /** Copies a file to the attempt's staging as its launcher does. */
    private void upload(UUID runId, int attempt, String stagedPath) {
        String path = "/internal/v1/runs/" + runId + "/attempts/" + attempt + "/staging/" + stagedPath;
        Response stored = checked("PUT", path, given().urlEncodingEnabled(false).contentType(ContentType.BINARY)
                .header("Authorization", "Bearer " + tokens.tokenFor(runId, attempt))
                .body("{\"Event\":\"SparkListenerLogStart\"}\n".getBytes(StandardCharsets.UTF_8)).put(path));
        assertThat(stored.statusCode()).as(stored.asString()).isEqualTo(200);
    }

    private static Response run(UUID runId) {
        Response run = ApiCalls.call("GET", "/api/v1/runs/" + runId, null);
        assertThat(run.statusCode()).isEqualTo(200);
        return run;
    }

    @Test
    void aRunLinksToItsApplicationOnceItsEventLogIsInHistory() {
        UUID runId = submit(0);
        startAttempt(runId);
        upload(runId, 1, "driver.log");
        upload(runId, 1, "outputs/report.csv");
        Response before = run(runId);
        assertThat(before.jsonPath().getMap("$")).as("no event log in history/ yet").doesNotContainKey("historyUrl");
        assertThat(before.jsonPath().getMap("attempts[0]")).doesNotContainKeys("sparkAppId", "historyUrl");

        String app = "app-20261207104512-0000";
        upload(runId, 1, "eventlog/eventlog_v2_" + app + "/events_1_" + app + ".zstd");
        upload(runId, 1, "eventlog/eventlog_v2_" + app + "/appstatus_" + app);

        Response after = run(runId);
        assertThat(after.jsonPath().getString("historyUrl")).isEqualTo(HISTORY + app + "/");
        assertThat(after.jsonPath().getString("attempts[0].sparkAppId")).isEqualTo(app);
        assertThat(after.jsonPath().getString("attempts[0].historyUrl")).isEqualTo(HISTORY + app + "/");
        // the runs list shows the same run
        Response listed = ApiCalls.call("GET", "/api/v1/runs?limit=200", null);
        assertThat(listed.jsonPath().getList("items.findAll { it.id == '" + runId + "' }.historyUrl")).containsExactly(HISTORY + app + "/");
    }

    @Test
    void anApplicationWithAttemptsLinksToItsAttemptsPage() {
        UUID runId = submit(0);
        startAttempt(runId);
        // Spark 3's single file, of a YARN application's second attempt
        upload(runId, 1, "eventlog/application_1765100000000_0001_2.lz4");

        Response run = run(runId);
        assertThat(run.jsonPath().getString("attempts[0].sparkAppId")).isEqualTo("application_1765100000000_0001");
        assertThat(run.jsonPath().getString("historyUrl")).isEqualTo(HISTORY + "application_1765100000000_0001/2/");
    }

    @Test
    void ofTwoApplicationsInOneAttemptTheFirstStartedIsLinkedWhateverTheOrderOfTheFiles() {
        UUID runId = submit(0);
        startAttempt(runId);
        upload(runId, 1, "eventlog/eventlog_v2_app-20261207104600-0001/events_1_app-20261207104600-0001.zstd");
        upload(runId, 1, "eventlog/eventlog_v2_app-20261207104512-0000/events_1_app-20261207104512-0000.zstd");
        upload(runId, 1, "eventlog/eventlog_v2_app-20261207104600-0001/appstatus_app-20261207104600-0001");

        assertThat(run(runId).jsonPath().getString("attempts[0].sparkAppId")).isEqualTo("app-20261207104512-0000");
    }

    @Test
    void aRetriedRunLinksToTheLatestAttemptThatLeftAnEventLog() {
        UUID runId = submit(1);
        startAttempt(runId);
        upload(runId, 1, "eventlog/eventlog_v2_app-20261207110000-0000/events_1_app-20261207110000-0000.zstd");
        QuarkusTransaction.requiringNew().run(() -> {
            RunEntity entity = RunEntity.findById(runId);
            RunAttemptEntity attempt = RunAttemptEntity.findById(new RunAttemptEntity.Key(runId, 1));
            lifecycle.finishAttempt(entity, attempt, AttemptState.FAILED, TerminationReason.USER_CODE_ERROR, "boom", 1);
        });
        startAttempt(runId);

        Response retrying = run(runId);
        assertThat(retrying.jsonPath().getInt("attempt")).isEqualTo(2);
        assertThat(retrying.jsonPath().getMap("attempts[1]")).doesNotContainKeys("sparkAppId", "historyUrl");
        assertThat(retrying.jsonPath().getString("historyUrl")).isEqualTo(HISTORY + "app-20261207110000-0000/");

        upload(runId, 2, "eventlog/eventlog_v2_app-20261207110100-0000/events_1_app-20261207110100-0000.zstd");
        Response retried = run(runId);
        assertThat(retried.jsonPath().getString("historyUrl")).isEqualTo(HISTORY + "app-20261207110100-0000/");
        assertThat(retried.jsonPath().getString("attempts[0].historyUrl")).isEqualTo(HISTORY + "app-20261207110000-0000/");
    }

    @Test
    void aQueuedRunHasNoLink() {
        UUID runId = submit(0);
        assertThat(run(runId).jsonPath().getMap("$")).doesNotContainKey("historyUrl");
    }
}
