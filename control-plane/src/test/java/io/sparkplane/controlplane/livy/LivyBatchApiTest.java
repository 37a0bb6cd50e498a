package io.sparkplane.controlplane.livy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.run.RunLogStore;
import io.sparkplane.controlplane.support.AdminToken;
import io.sparkplane.controlplane.support.CheckedResponses;
import io.sparkplane.controlplane.support.PostgresTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Livy batch API against a real PostgreSQL, every answer checked against the contract.
 * Dispatching is paused in the test profile, so runs stay where the API put them; the Python Livy
 * client's end-to-end run is tests/LivyClientEndToEndIT.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class LivyBatchApiTest {

    @Inject
    RunLogStore logs;

    @Inject
    EntityManager entityManager;

    @BeforeEach
    void asAdmin() {
        AdminToken.sendWithEveryRequest();
    }

    private static Response call(String method, String path, String json) {
        var request = given();
        if (json != null) {
            request = request.contentType(ContentType.JSON).body(json);
        }
        return CheckedResponses.checked(method, path, request.request(method, path));
    }

    private static long storedRuns() {
        return QuarkusTransaction.requiringNew().call(() -> RunEntity.count());
    }

    @Test
    void aBatchBecomesARunWithItsFieldsMapped() {
        Response created = call("POST", "/livy/batches", """
                {"file": "/opt/jobs/etl.py", "args": ["--day", "1"], "name": "nightly", "pyFiles": ["/opt/jobs/lib.py"],
                 "driverMemory": "1g", "executorCores": 2, "numExecutors": 3,
                 "conf": {"spark.sql.shuffle.partitions": 8, "spark.executor.memory": "2g", "spark.sparkplane.workspace": "default"}}
                """);

        assertThat(created.statusCode()).isEqualTo(201);
        long id = created.jsonPath().getLong("id");
        assertThat(created.header("Location")).endsWith("/livy/batches/" + id);
        assertThat(created.jsonPath().getString("state")).isEqualTo("starting");
        assertThat(created.jsonPath().getString("name")).isEqualTo("nightly");
        String runId = created.jsonPath().getString("appInfo.sparkplaneRunId");

        Response run = CheckedResponses.checked("GET", "/api/v1/runs/" + runId, given().get("/api/v1/runs/" + runId));
        assertThat(run.jsonPath().getString("workspace")).isEqualTo("default");
        assertThat(run.jsonPath().getString("entrypoint.pythonFile")).isEqualTo("/opt/jobs/etl.py");
        assertThat(run.jsonPath().getList("args")).containsExactly("--day", "1");
        assertThat(run.jsonPath().getList("pyFiles")).containsExactly("/opt/jobs/lib.py");
        assertThat(run.jsonPath().getString("resources.driver.memory")).isEqualTo("1g");
        assertThat(run.jsonPath().getInt("resources.executor.cores")).isEqualTo(2);
        assertThat(run.jsonPath().getString("resources.executor.memory")).isEqualTo("2g");
        assertThat(run.jsonPath().getString("autoscaling.policy")).isEqualTo("static");
        assertThat(run.jsonPath().getInt("autoscaling.maxExecutors")).isEqualTo(3);
        assertThat(run.jsonPath().getMap("sparkConf")).containsEntry("spark.sql.shuffle.partitions", "8")
                .doesNotContainKeys("spark.executor.memory", "spark.sparkplane.workspace");

        Response again = call("GET", "/livy/batches/" + id, null);
        assertThat(again.jsonPath().getLong("id")).isEqualTo(id);
        assertThat(call("GET", "/livy/batches/" + id + "/state", null).jsonPath().getString("state")).isEqualTo("starting");
    }

    @Test
    void livysLeniencyAndSparksSpellingsAreTaken() {
        Response created = call("POST", "/livy/batches", """
                {"file": "/opt/jobs/etl.py", "numExecutors": "4", "driverCores": "2", "args": [1, true], "driverMemory": "4GB",
                 "executorMemory": "512mb", "conf": {"spark.executor.instances": "4", "spark.app.name": "from-conf",
                 "spark.sql.autoBroadcastJoinThreshold": 1e3, "spark.dynamicAllocation.enabled": "false"}}
                """);

        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        String runId = created.jsonPath().getString("appInfo.sparkplaneRunId");
        Response run = CheckedResponses.checked("GET", "/api/v1/runs/" + runId, given().get("/api/v1/runs/" + runId));
        assertThat(run.jsonPath().getString("name")).isEqualTo("from-conf");
        assertThat(run.jsonPath().getList("args")).containsExactly("1", "true");
        assertThat(run.jsonPath().getInt("resources.driver.cores")).isEqualTo(2);
        assertThat(run.jsonPath().getString("resources.driver.memory")).isEqualTo("4g");
        assertThat(run.jsonPath().getString("resources.executor.memory")).isEqualTo("512m");
        assertThat(run.jsonPath().getString("autoscaling.policy")).isEqualTo("static");
        assertThat(run.jsonPath().getInt("autoscaling.maxExecutors")).isEqualTo(4);
        assertThat(run.jsonPath().getMap("sparkConf")).containsExactly(java.util.Map.entry("spark.sql.autoBroadcastJoinThreshold", "1000"));
    }

    @Test
    void aBatchWithoutAWorkspaceGoesToTheCallersOnlyOne() {
        given().contentType(ContentType.JSON).body("{\"id\": \"livy-team\"}").post("/api/v1/workspaces");
        String secret = given().contentType(ContentType.JSON)
                .body("{\"name\": \"livy team editor\", \"role\": \"editor\", \"workspaces\": [\"livy-team\"]}")
                .post("/api/v1/tokens").jsonPath().getString("secret");

        Response created = given().header("Authorization", "Bearer " + secret).contentType(ContentType.JSON)
                .body("{\"file\": \"/opt/jobs/etl.py\"}").post("/livy/batches");

        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        assertThat(created.jsonPath().getString("appInfo.sparkplaneWorkspace")).isEqualTo("livy-team");
        long id = created.jsonPath().getLong("id");
        assertThat(given().header("Authorization", "Bearer " + secret).get("/livy/batches/" + id).statusCode()).isEqualTo(200);
        assertThat(given().header("Authorization", "Bearer " + secret).get("/livy/batches").jsonPath().getList("sessions.id", Long.class))
                .contains(id);
    }

    @Test
    void badBatchesAreRefusedInLivysFieldNamesAndStoreNothing() {
        long before = storedRuns();
        assertRefused("{\"args\": []}", "file");
        assertRefused("{\"file\": \"/opt/jobs/app.jar\"}", "className");
        assertRefused("{\"file\": \"/opt/jobs/etl.py\", \"className\": \"com.example.Main\"}", "className");
        assertRefused("{\"file\": \"/opt/jobs/etl.py\", \"numExecutors\": \"four\"}", "numExecutors");
        assertRefused("{\"file\": \"/opt/jobs/etl.py\", \"numExecutors\": -1}", "numExecutors");
        assertRefused("{\"file\": \"/opt/jobs/etl.py\", \"proxyUser\": \"alice\"}", "proxyUser");
        assertRefused("{\"file\": \"/opt/jobs/etl.py\", \"queue\": \"default\"}", "queue");
        assertRefused("{\"file\": \"/opt/jobs/etl.py\", \"driverMemory\": \"lots\"}", "driverMemory");
        assertRefused("{\"file\": \"/opt/jobs/etl.py\", \"conf\": {\"spark.x\": {\"nested\": 1}}}", "conf.spark.x");
        assertRefused("{\"file\": \"/opt/jobs/etl.py\", \"conf\": {\"spark.sparkplane.workspace\": \"nowhere\"}}",
                "conf.spark.sparkplane.workspace");
        assertRefused("{\"file\": \"/opt/jobs/etl.py\", \"conf\": {\"spark.executor.instances\": \"many\"}}", "conf.spark.executor.instances");
        assertRefused("{\"file\": \"/opt/jobs/etl.py\", \"kind\": \"pyspark\"}", "kind");
        assertThat(storedRuns()).isEqualTo(before);
    }

    private static void assertRefused(String json, String field) {
        Response refused = call("POST", "/livy/batches", json);
        assertThat(refused.statusCode()).as(json).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.jsonPath().getList("errors.field", String.class)).as(json).contains(field);
    }

    @Test
    void listsPagesInBatchIdOrder() {
        long first = call("POST", "/livy/batches", "{\"file\": \"/opt/jobs/a.py\"}").jsonPath().getLong("id");
        long second = call("POST", "/livy/batches", "{\"file\": \"/opt/jobs/b.py\"}").jsonPath().getLong("id");
        assertThat(second).isGreaterThan(first);

        Response all = call("GET", "/livy/batches?from=0&size=1000", null);
        List<Long> ids = all.jsonPath().getList("sessions.id", Long.class);
        assertThat(ids).isSorted().contains(first, second);
        assertThat(all.jsonPath().getLong("total")).isEqualTo(ids.size());
        assertThat(all.jsonPath().getList("sessions.log", List.class)).allMatch(List::isEmpty);

        int position = ids.indexOf(second);
        Response one = call("GET", "/livy/batches?from=" + position + "&size=1", null);
        assertThat(one.jsonPath().getList("sessions.id", Long.class)).containsExactly(second);
        assertThat(one.jsonPath().getInt("from")).isEqualTo(position);
        assertThat(call("GET", "/livy/batches?size=-1", null).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/livy/batches?from=", null).statusCode()).isEqualTo(400);
    }

    @Test
    void theLogIsLinesWithLivysWindow() {
        Response created = call("POST", "/livy/batches", "{\"file\": \"/opt/jobs/etl.py\"}");
        long id = created.jsonPath().getLong("id");
        UUID runId = UUID.fromString(created.jsonPath().getString("appInfo.sparkplaneRunId"));
        StringBuilder text = new StringBuilder();
        for (int line = 0; line < 150; line++) {
            text.append("line ").append(line).append('\n');
        }
        // the attempt the dispatcher (paused here) would have started
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                        "insert into run_attempt (run_id, attempt, workspace_id, state, provisioning_at) values (:run, 1, 'default', 'RUNNING', now())")
                .setParameter("run", runId).executeUpdate());
        logs.append(runId, 1, 0, text.toString().getBytes(StandardCharsets.UTF_8));

        Response tail = call("GET", "/livy/batches/" + id + "/log", null);
        assertThat(tail.jsonPath().getInt("total")).isEqualTo(150);
        assertThat(tail.jsonPath().getInt("from")).isEqualTo(50);
        assertThat(tail.jsonPath().getList("log")).hasSize(100).startsWith("line 50").endsWith("line 149");

        Response window = call("GET", "/livy/batches/" + id + "/log?from=10&size=3", null);
        assertThat(window.jsonPath().getList("log")).containsExactly("line 10", "line 11", "line 12");
        assertThat(call("GET", "/livy/batches/" + id + "/log?from=0&size=-1", null).jsonPath().getList("log")).hasSize(150);
        assertThat(call("GET", "/livy/batches/" + id, null).jsonPath().getList("log")).hasSize(10).endsWith("line 149");
    }

    @Test
    void deleteCancelsTheRunAndKeepsIt() {
        long id = call("POST", "/livy/batches", "{\"file\": \"/opt/jobs/etl.py\"}").jsonPath().getLong("id");

        Response deleted = call("DELETE", "/livy/batches/" + id, null);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.jsonPath().getString("msg")).isEqualTo("deleted");
        // a queued run is cancelled at once or on the reconciler's next pass
        assertThat(call("GET", "/livy/batches/" + id + "/state", null).jsonPath().getString("state")).isIn("shutting_down", "killed");
        assertThat(call("DELETE", "/livy/batches/" + id, null).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownBatchesAre404() {
        assertThat(call("GET", "/livy/batches/999999999", null).statusCode()).isEqualTo(404);
        assertThat(given().get("/livy/batches/not-a-number").statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/livy/batches/999999999", null).statusCode()).isEqualTo(404);
    }

    @Test
    void theTokenMayComeAsABasicPasswordOnTheLivyApiOnly() {
        String basic = "Basic " + Base64.getEncoder().encodeToString(("anyone:" + AdminToken.SECRET).getBytes(StandardCharsets.UTF_8));

        assertThat(given().header("Authorization", basic).get("/livy/batches").statusCode()).isEqualTo(200);
        assertThat(given().header("Authorization", basic).get("/api/v1/runs").statusCode()).isEqualTo(401);
        Response refused = given().header("Authorization", "Basic " + Base64.getEncoder().encodeToString("x:wrong".getBytes(StandardCharsets.UTF_8)))
                .get("/livy/batches");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).contains("Basic").contains("invalid_token");
        assertThat(given().header("Authorization", "Basic !!!").get("/livy/batches").header("WWW-Authenticate")).contains("Basic");
    }

    @Test
    void theVersionIsLivysWhoseApiThisFollows() {
        Response version = call("GET", "/livy/version", null);
        assertThat(version.jsonPath().getString("version")).isEqualTo("0.8.0-incubating");
        assertThat(version.jsonPath().getString("sparkplaneVersion")).isNotBlank();
    }

    @Test
    void interactiveSessionsAreNotImplemented() {
        for (String path : List.of("/livy/sessions", "/livy/sessions/0", "/livy/sessions/0/statements")) {
            Response get = given().get(path);
            assertThat(get.statusCode()).as(path).isEqualTo(501);
            assertThat(get.contentType()).startsWith("application/problem+json");
            assertThat(get.jsonPath().getString("detail")).contains("interactive sessions are not supported");
        }
        assertThat(given().contentType(ContentType.JSON).body("{\"kind\": \"pyspark\"}").post("/livy/sessions").statusCode()).isEqualTo(501);
        assertThat(given().delete("/livy/sessions/3").statusCode()).isEqualTo(501);
    }
}
