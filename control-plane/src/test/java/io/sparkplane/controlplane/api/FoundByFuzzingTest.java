package io.sparkplane.controlplane.api;

import static io.restassured.RestAssured.given;
import static io.sparkplane.controlplane.support.CheckedResponses.checked;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.support.AdminToken;
import io.sparkplane.controlplane.support.PostgresTestResource;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What fuzzing the API from its own spec, and trying it as a new user would, found: each stays as a
 * regression test. Every answer is checked against the OpenAPI document.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class FoundByFuzzingTest {

    @BeforeEach
    void asAdmin() {
        AdminToken.sendWithEveryRequest();
    }

    private static long storedRuns() {
        return QuarkusTransaction.requiringNew().call(() -> RunEntity.count());
    }

    private static Response submit(String json) {
        return checked("POST", "/api/v1/runs", given().contentType(ContentType.JSON).body(json).post("/api/v1/runs"));
    }

    @Test
    void aNulInArgsOrSparkConfIsABadRequestNotAServerError() {
        long before = storedRuns();
        Response inArgs = submit("{\"entrypoint\": {\"pythonFile\": \"/opt/jobs/a.py\"}, \"args\": [\"ok\", \"a\\u0000b\"]}");
        assertThat(inArgs.statusCode()).isEqualTo(400);
        assertThat(inArgs.jsonPath().getList("errors.field")).containsExactly("args[1]");

        Response inConf = submit("{\"entrypoint\": {\"pythonFile\": \"/opt/jobs/a.py\"}, \"sparkConf\": {\"spark.x\": \"\\u0000\"}}");
        assertThat(inConf.statusCode()).isEqualTo(400);
        assertThat(inConf.jsonPath().getList("errors.field")).containsExactly("sparkConf.spark.x");

        // an escaped backslash before u0000 is text, not a NUL
        Response text = submit("{\"entrypoint\": {\"pythonFile\": \"/opt/jobs/a.py\"}, \"args\": [\"C:\\\\u0000\"]}");
        assertThat(text.statusCode()).as(text.asString()).isEqualTo(201);
        assertThat(text.jsonPath().getList("args")).containsExactly("C:\\u0000");
        assertThat(storedRuns()).isEqualTo(before + 1);
    }

    @Test
    void aNulInTheLabelFilterOrAWorkspaceIdIsNoServerError() {
        Response label = checked("GET", "/api/v1/runs", given().queryParam("label", "a=\u0000").get("/api/v1/runs"));
        assertThat(label.statusCode()).isEqualTo(400);
        assertThat(label.jsonPath().getList("errors.field")).containsExactly("query:label");

        Response workspace = given().get("/api/v1/workspaces/a%00b");
        assertThat(workspace.statusCode()).isEqualTo(404);
        Response inQuery = checked("GET", "/api/v1/runs", given().queryParam("workspace", "a\u0000b").get("/api/v1/runs"));
        assertThat(inQuery.statusCode()).isEqualTo(400);
    }

    @Test
    void aMethodNotAllowedSaysWhichAre() {
        Response delete = given().delete("/api/v1/runs");
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.header("Allow")).contains("GET").contains("POST");
        assertThat(delete.contentType()).startsWith("application/problem+json");
    }

    @Test
    void optionsListsExactlyThePathsMethods() {
        Response tokens = given().options("/api/v1/tokens/" + UUID.randomUUID());
        assertThat(tokens.statusCode()).isEqualTo(204);
        assertThat(tokens.header("Allow")).isEqualTo("DELETE, GET, OPTIONS");
        assertThat(given().options("/api/v1/workspaces").header("Allow")).isEqualTo("GET, OPTIONS, POST");
        assertThat(given().options("/api/v1/artifacts").header("Allow")).isEqualTo("GET, OPTIONS, POST");
        assertThat(given().options("/api/v1/version").header("Allow")).isEqualTo("GET, OPTIONS");
    }

    @Test
    void anEmptyQueryValueIsRefusedNotTakenForAnAbsentOne() {
        for (String path : List.of("/api/v1/runs?workspace=", "/api/v1/audit?workspace=", "/api/v1/runs?cursor=", "/api/v1/runs?limit=")) {
            Response refused = given().get(path);
            assertThat(refused.statusCode()).as(path).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.jsonPath().getString("errors[0].field")).as(path).startsWith("query:");
        }
    }

    @Test
    void listFiltersAreCheckedAsTheContractDescribesThem() {
        assertThat(given().get("/api/v1/runs?state=QUEUED&state=QUEUED").statusCode()).isEqualTo(400);
        assertThat(given().get("/api/v1/runs?label=O=x").statusCode()).isEqualTo(400);
        assertThat(given().get("/api/v1/runs?label=team=" + "v".repeat(64)).statusCode()).isEqualTo(400);
        // a long request the contract allows is answered, not refused as too long (414)
        StringBuilder labels = new StringBuilder("/api/v1/runs?limit=1");
        for (int i = 0; i < 32; i++) {
            labels.append("&label=key").append(i).append('=').append("%C3%A9".repeat(63));
        }
        assertThat(labels.length()).isGreaterThan(4096);
        Response wide = given().urlEncodingEnabled(false).get(labels.toString());
        assertThat(wide.statusCode()).as(wide.asString()).isEqualTo(200);
    }

    @Test
    void aNullOptionalFieldIsTheSameAsALeftOutOne() {
        Response created = checked("POST", "/api/v1/tokens", given().contentType(ContentType.JSON)
                .body("{\"name\": \"n\", \"role\": \"viewer\", \"workspaces\": [\"default\"], \"description\": null, \"expiresInSeconds\": null}")
                .post("/api/v1/tokens"));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.jsonPath().getString("expiresAt")).isNull();
    }

    @Test
    void anEmptyIdempotencyKeyIsRefused() {
        long before = storedRuns();
        for (int i = 0; i < 2; i++) {
            Response refused = checked("POST", "/api/v1/runs", given().contentType(ContentType.JSON).header("Idempotency-Key", "")
                    .body("{\"entrypoint\": {\"pythonFile\": \"/opt/jobs/a.py\"}}").post("/api/v1/runs"));
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.jsonPath().getList("errors.field")).containsExactly("header:Idempotency-Key");
        }
        assertThat(storedRuns()).isEqualTo(before);
    }

    @Test
    void theEngineApiAsksForItsTokenBeforeItLooksAtThePath() {
        for (String path : List.of(
                "/internal/v1/runs/" + UUID.randomUUID() + "/attempts/1/staging/..%2F..%2Fetc",
                "/internal/v1/runs/not-a-run/attempts/x/staging/ok.txt")) {
            Response refused = given().header("Authorization", "").contentType("application/octet-stream").body(new byte[] {1}).put(path);
            assertThat(refused.statusCode()).as(path).isEqualTo(401);
        }
        Response state = given().header("Authorization", "").contentType(ContentType.JSON).body("{\"state\": \"RUNNING\"}")
                .post("/internal/v1/runs/not-a-run/attempts/x/state");
        assertThat(state.statusCode()).isEqualTo(401);
    }
}
