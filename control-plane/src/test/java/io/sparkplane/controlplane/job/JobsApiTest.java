package io.sparkplane.controlplane.job;

import static io.restassured.RestAssured.given;
import static io.sparkplane.controlplane.support.ApiCalls.call;
import static io.sparkplane.controlplane.support.ApiCalls.createJob;
import static io.sparkplane.controlplane.support.ApiCalls.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.support.AdminToken;
import io.sparkplane.controlplane.support.PostgresTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The jobs API against a real PostgreSQL, every answer checked against the contract. Dispatching is
 * paused in the test profile, so a job's runs stay QUEUED where its concurrency policy put them.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class JobsApiTest {

    @Inject
    EntityManager entityManager;

    @BeforeEach
    void asAdmin() {
        AdminToken.sendWithEveryRequest();
    }

    private static long count(String entity) {
        return QuarkusTransaction.requiringNew().call(() -> "job".equals(entity) ? JobEntity.count() : RunEntity.count());
    }

    @Test
    void aJobReadsBackAsItWasSentWithItsDefaultsFilledIn() {
        Response created = call("POST", "/api/v1/jobs", job("reads-back", ""));
        assertThat(created.statusCode()).isEqualTo(201);
        String id = created.jsonPath().getString("id");
        assertThat(created.header("Location")).endsWith("/api/v1/jobs/" + id);
        assertThat(created.jsonPath().getInt("version")).isEqualTo(1);
        assertThat(created.jsonPath().getString("workspace")).isEqualTo("default");
        assertThat(created.jsonPath().getInt("maxConcurrentRuns")).isEqualTo(1);
        assertThat(created.jsonPath().getString("concurrencyPolicy")).isEqualTo("QUEUE");
        // as sent: nothing filled into the template, the parameters in their order, an absent default absent
        Map<String, Object> template = created.jsonPath().getMap("template");
        assertThat(template).containsOnlyKeys("entrypoint", "args", "sparkConf");
        assertThat(created.jsonPath().getList("parameters.name")).containsExactly("day", "parts");
        assertThat(created.jsonPath().getMap("parameters[0]")).containsOnlyKeys("name");
        // a secret-looking conf value is never shown
        assertThat(created.jsonPath().getString("template.sparkConf.'spark.hadoop.fs.s3a.secret.key'")).isEqualTo("***");
        assertThat(created.asString()).doesNotContain("s3cr3t");

        Response got = call("GET", "/api/v1/jobs/" + id, null);
        assertThat(got.jsonPath().getMap("")).isEqualTo(created.jsonPath().getMap(""));
        Response listed = call("GET", "/api/v1/jobs?name=reads-back", null);
        assertThat(listed.jsonPath().getList("items.id")).containsExactly(id);
        assertThat(listed.jsonPath().getString("nextCursor")).isNull();
        // found by the API fuzzer: a name no job can have is a bad request, not an empty page
        assertThat(call("GET", "/api/v1/jobs?name=" + "n".repeat(129), null).statusCode()).isEqualTo(400);
    }

    @Test
    void aWrongJobIsRefusedNamingTheFieldAndNothingIsStored() {
        createJob("taken", "");
        long before = count("job");
        Map<String, String> cases = Map.of(
                job("x", ", \"concurrencyPolicy\": \"LATER\""), "concurrencyPolicy",
                """
                {"name": "x", "template": {"entrypoint": {"pythonFile": "/opt/jobs/etl.py"}, "args": ["{{nope}}"]}}""", "template.args[0]",
                """
                {"name": "x", "template": {"entrypoint": {"pythonFile": "/opt/jobs/etl.py"}, "backend": "nowhere"}}""", "template.backend",
                """
                {"name": "x", "template": {"entrypoint": {"pythonFile": "/opt/jobs/etl.py"}, "workspace": "default"}}""", "template.workspace",
                """
                {"name": "x", "template": {"entrypoint": {"pythonFile": "/opt/jobs/etl.py"}}, "surprise": 1}""", "surprise",
                """
                {"name": "x", "workspace": "nowhere", "template": {"entrypoint": {"pythonFile": "/opt/jobs/etl.py"}}}""", "workspace");
        cases.forEach((body, field) -> {
            Response refused = call("POST", "/api/v1/jobs", body);
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(refused.jsonPath().getList("errors.field", String.class)).as(body).contains(field);
        });
        Response taken = call("POST", "/api/v1/jobs", job("taken", ""));
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.jsonPath().getList("errors.field", String.class)).containsExactly("name");
        assertThat(count("job")).isEqualTo(before);
    }

    @Test
    void eachChangeIsANewVersionAndOldVersionsStayReadable() {
        String id = createJob("versions", "");
        Response same = call("PUT", "/api/v1/jobs/" + id, job("versions", ""));
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(same.jsonPath().getInt("version")).isEqualTo(1);
        // defaults written out say what leaving them out says
        assertThat(call("PUT", "/api/v1/jobs/" + id, job("versions", ", \"maxConcurrentRuns\": 1, \"concurrencyPolicy\": \"QUEUE\", \"labels\": {}"))
                .jsonPath().getInt("version")).isEqualTo(1);

        Response changed = call("PUT", "/api/v1/jobs/" + id, job("versions", ", \"maxConcurrentRuns\": 3, \"description\": \"now three\""));
        assertThat(changed.jsonPath().getInt("version")).isEqualTo(2);
        assertThat(changed.jsonPath().getInt("maxConcurrentRuns")).isEqualTo(3);

        Response versions = call("GET", "/api/v1/jobs/" + id + "/versions", null);
        assertThat(versions.jsonPath().getList("items.version", Integer.class)).containsExactly(2, 1);
        Response first = call("GET", "/api/v1/jobs/" + id + "/versions/1", null);
        assertThat(first.jsonPath().getInt("maxConcurrentRuns")).isEqualTo(1);
        assertThat(first.jsonPath().getString("description")).isNull();
        assertThat(call("GET", "/api/v1/jobs/" + id + "/versions/3", null).statusCode()).isEqualTo(404);

        Response moved = call("PUT", "/api/v1/jobs/" + id, job("versions", ", \"workspace\": \"elsewhere\""));
        assertThat(moved.statusCode()).isEqualTo(400);
        assertThat(moved.jsonPath().getList("errors.field", String.class)).containsExactly("workspace");
        assertThat(call("GET", "/api/v1/jobs/" + UUID.randomUUID(), null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/jobs/not-a-uuid", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aSecretSentBackAsShownKeepsItsStoredValue() {
        String id = createJob("keeps-secret", "");
        String shown = call("GET", "/api/v1/jobs/" + id, null).jsonPath().getString("template.sparkConf.'spark.hadoop.fs.s3a.secret.key'");
        assertThat(shown).isEqualTo("***");
        // the job as read back, with one change: the secret stays what it was, not "***"
        Response changed = call("PUT", "/api/v1/jobs/" + id, job("keeps-secret", ", \"description\": \"changed\"").replace("s3cr3t", shown));
        assertThat(changed.jsonPath().getInt("version")).isEqualTo(2);
        String stored = QuarkusTransaction.requiringNew().call(() -> (String) entityManager.createNativeQuery(
                "select cast(definition as text) from job_version where job_id = :job and version = 2").setParameter("job", UUID.fromString(id))
                .getSingleResult());
        assertThat(stored).contains("s3cr3t").doesNotContain("***");
    }

    @Test
    void aRunOfAJobFillsTheTemplateAndRecordsItsJobAndVersion() {
        String id = createJob("fills", ", \"concurrencyPolicy\": \"QUEUE\"");
        call("PUT", "/api/v1/jobs/" + id, job("fills", ", \"concurrencyPolicy\": \"QUEUE\", \"description\": \"v2\""));

        Response started = call("POST", "/api/v1/jobs/" + id + "/runs", "{\"parameters\": {\"day\": \"7\"}}");
        assertThat(started.statusCode()).as(started.asString()).isEqualTo(201);
        assertThat(started.jsonPath().getList("args")).containsExactly("--day", "7");
        assertThat(started.jsonPath().getString("sparkConf.'spark.sql.shuffle.partitions'")).isEqualTo("8");
        assertThat(started.jsonPath().getString("name")).isEqualTo("fills");
        assertThat(started.jsonPath().getString("job.id")).isEqualTo(id);
        assertThat(started.jsonPath().getInt("job.version")).isEqualTo(2);

        Response older = call("POST", "/api/v1/jobs/" + id + "/runs", "{\"version\": 1, \"parameters\": {\"day\": \"8\", \"parts\": \"2\"}}");
        assertThat(older.jsonPath().getInt("job.version")).isEqualTo(1);
        assertThat(older.jsonPath().getString("sparkConf.'spark.sql.shuffle.partitions'")).isEqualTo("2");

        String runId = started.jsonPath().getString("id");
        assertThat(call("GET", "/api/v1/jobs/" + id + "/runs", null).jsonPath().getList("items.id")).containsExactly(older.jsonPath().getString("id"),
                runId);
        assertThat(call("GET", "/api/v1/runs?job=" + id, null).jsonPath().getList("items.id")).hasSize(2);
        assertThat(call("GET", "/api/v1/runs/" + runId, null).jsonPath().getString("job.id")).isEqualTo(id);

        long before = count("run");
        Map<String, String> cases = Map.of(
                "{}", "parameters.day",
                "{\"parameters\": {\"day\": \"1\", \"colour\": \"red\"}}", "parameters.colour",
                "{\"version\": 9, \"parameters\": {\"day\": \"1\"}}", "version",
                "{\"parameters\": {\"day\": 1}}", "parameters.day");
        cases.forEach((body, field) -> {
            Response refused = call("POST", "/api/v1/jobs/" + id + "/runs", body);
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(refused.jsonPath().getList("errors.field", String.class)).as(body).contains(field);
        });
        assertThat(count("run")).isEqualTo(before);
    }

    @Test
    void theConcurrencyPolicyDecidesWhatASecondStartDoes() {
        String skip = createJob("skips", ", \"concurrencyPolicy\": \"SKIP\"");
        assertThat(call("POST", "/api/v1/jobs/" + skip + "/runs", "{\"parameters\": {\"day\": \"1\"}}").statusCode()).isEqualTo(201);
        long before = count("run");
        Response skipped = call("POST", "/api/v1/jobs/" + skip + "/runs", "{\"parameters\": {\"day\": \"2\"}}");
        assertThat(skipped.statusCode()).isEqualTo(409);
        assertThat(skipped.jsonPath().getString("detail")).contains("SKIP");
        assertThat(count("run")).isEqualTo(before);

        String queue = createJob("queues", ", \"concurrencyPolicy\": \"QUEUE\"");
        call("POST", "/api/v1/jobs/" + queue + "/runs", "{\"parameters\": {\"day\": \"1\"}}");
        assertThat(call("POST", "/api/v1/jobs/" + queue + "/runs", "{\"parameters\": {\"day\": \"2\"}}").jsonPath().getString("state"))
                .isEqualTo("QUEUED");

        String cancel = createJob("cancels", ", \"concurrencyPolicy\": \"CANCEL_OLDEST\", \"maxConcurrentRuns\": 2");
        String first = call("POST", "/api/v1/jobs/" + cancel + "/runs", "{\"parameters\": {\"day\": \"1\"}}").jsonPath().getString("id");
        String second = call("POST", "/api/v1/jobs/" + cancel + "/runs", "{\"parameters\": {\"day\": \"2\"}}").jsonPath().getString("id");
        Response third = call("POST", "/api/v1/jobs/" + cancel + "/runs", "{\"parameters\": {\"day\": \"3\"}}");
        assertThat(third.statusCode()).isEqualTo(201);
        assertThat(call("GET", "/api/v1/runs/" + first, null).jsonPath().getString("state")).isIn("CANCELLING", "CANCELLED");
        assertThat(call("GET", "/api/v1/runs/" + second, null).jsonPath().getString("state")).isEqualTo("QUEUED");
        assertThat(call("GET", "/api/v1/runs/" + first + "/events", null).jsonPath().getList("items.message", String.class))
                .anyMatch(message -> message.contains("CANCEL_OLDEST"));
    }

    @Test
    void aJobWithLiveRunsIsNotDeletedAndAfterItsRunsEndedItIsGoneButTheyStay() {
        String id = createJob("deleted", "");
        String run = call("POST", "/api/v1/jobs/" + id + "/runs", "{\"parameters\": {\"day\": \"1\"}}").jsonPath().getString("id");
        Response refused = call("DELETE", "/api/v1/jobs/" + id, null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(call("GET", "/api/v1/jobs/" + id, null).statusCode()).isEqualTo(200);

        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("update run set state = 'SUCCEEDED', reason = 'SUCCESS',"
                + " ended_at = now() where id = :id").setParameter("id", UUID.fromString(run)).executeUpdate());
        assertThat(call("DELETE", "/api/v1/jobs/" + id, null).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/api/v1/jobs/" + id, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/runs/" + run, null).jsonPath().getString("job.id")).isEqualTo(id);
        // the name is free again
        assertThat(call("POST", "/api/v1/jobs", job("deleted", "")).statusCode()).isEqualTo(201);
    }

    @Test
    void aViewerReadsJobsButNeitherSavesNorStartsThem() throws InterruptedException {
        String id = createJob("viewed", "");
        Response token = call("POST", "/api/v1/tokens", "{\"name\": \"job viewer\", \"role\": \"viewer\", \"workspaces\": [\"default\"]}");
        String viewer = token.jsonPath().getString("secret");
        assertThat(given().header("Authorization", "Bearer " + viewer).get("/api/v1/jobs/" + id).statusCode()).isEqualTo(200);
        assertThat(given().header("Authorization", "Bearer " + viewer).contentType(ContentType.JSON).body(job("by-viewer", ""))
                .post("/api/v1/jobs").statusCode()).isEqualTo(403);
        assertThat(given().header("Authorization", "Bearer " + viewer).contentType(ContentType.JSON).body("{\"parameters\": {\"day\": \"1\"}}")
                .post("/api/v1/jobs/" + id + "/runs").statusCode()).isEqualTo(403);
        // kept once the answer is sent: asked again for a while
        List<String> audited = List.of();
        for (int i = 0; i < 200 && !audited.contains(id); i++) {
            audited = call("GET", "/api/v1/audit?action=jobs.create", null).jsonPath().getList("items.objectId", String.class);
            Thread.sleep(50);
        }
        assertThat(audited).contains(id);
    }
}
