package io.sparkplane.controlplane.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.sparkplane.api.contract.OpenApiContract;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.support.AdminToken;
import io.sparkplane.controlplane.support.PostgresTestResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The public runs API against a real PostgreSQL, every response checked against api-spec's
 * OpenAPI document. Dispatching is paused in the test profile, so runs stay where the API put them.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class RunsApiTest {

    @BeforeEach
    void asAdmin() {
        AdminToken.sendWithEveryRequest();
    }

    private static final OpenApiContract CONTRACT = OpenApiContract.load();

    private static String body(String name, String labelValue) {
        return """
                {"name": "%s", "entrypoint": {"pythonFile": "/opt/jobs/etl.py"}, "args": ["--day", "2026-11-25"],
                 "sparkConf": {"spark.sql.shuffle.partitions": "8"},
                 "resources": {"executor": {"cores": 2, "memory": "2g"}}, "autoscaling": {"maxExecutors": 4},
                 "labels": {"suite": "%s"}}
                """.formatted(name, labelValue);
    }

    /** Sends a request and checks the answer against the contract before handing it back. */
    private static Response call(String method, String path, Function<RequestSpecification, RequestSpecification> customize) {
        Response response = customize.apply(given()).request(method, path);
        Map<String, String> headers = new HashMap<>();
        response.getHeaders().forEach(header -> headers.put(header.getName(), header.getValue()));
        CONTRACT.assertResponse(method, path, response.statusCode(), response.contentType(), headers, response.asString());
        return response;
    }

    private static Response submit(String json) {
        return call("POST", "/api/v1/runs", request -> request.contentType(ContentType.JSON).body(json));
    }

    private static long storedRuns() {
        return QuarkusTransaction.requiringNew().call(() -> RunEntity.count());
    }

    @Test
    void submitsAndReadsARun() {
        Response created = submit(body("daily etl", "submit"));

        assertThat(created.statusCode()).isEqualTo(201);
        String id = created.jsonPath().getString("id");
        assertThat(created.header("Location")).endsWith("/api/v1/runs/" + id);
        assertThat(created.jsonPath().getString("state")).isEqualTo("QUEUED");
        assertThat(created.jsonPath().getInt("attempt")).isEqualTo(1);
        assertThat(created.jsonPath().getString("backend")).isEqualTo("local");
        assertThat(created.jsonPath().getString("resources.driver.memory")).isEqualTo("1g");
        assertThat(created.jsonPath().getInt("resources.executor.cores")).isEqualTo(2);
        assertThat(created.jsonPath().getInt("autoscaling.minExecutors")).isEqualTo(1);
        assertThat(created.jsonPath().getInt("autoscaling.maxExecutors")).isEqualTo(4);
        assertThat(created.jsonPath().getString("autoscaling.policy")).isEqualTo("backlog");
        assertThat(created.jsonPath().getString("queuedAt")).isNotNull();
        assertThat(created.jsonPath().getString("endedAt")).isNull();

        Response fetched = call("GET", "/api/v1/runs/" + id, request -> request);
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.jsonPath().getString("name")).isEqualTo("daily etl");
        assertThat(fetched.jsonPath().getList("args")).containsExactly("--day", "2026-11-25");

        Response events = call("GET", "/api/v1/runs/" + id + "/events", request -> request);
        assertThat(events.jsonPath().getList("items.toState")).containsExactly("QUEUED");
    }

    @Test
    void idempotencyKeyReturnsTheSameRunAndRefusesADifferentBody() {
        String key = "retry-" + UUID.randomUUID();
        Response first = call("POST", "/api/v1/runs", request -> request.contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(body("idem", "idem")));
        // Same meaning, other formatting: still the same request.
        Response second = call("POST", "/api/v1/runs", request -> request.contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(body("idem", "idem").replace("\n", " ")));
        long before = storedRuns();
        Response different = call("POST", "/api/v1/runs", request -> request.contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(body("other", "idem")));

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.jsonPath().getString("id")).isEqualTo(first.jsonPath().getString("id"));
        assertThat(different.statusCode()).isEqualTo(422);
        assertThat(different.contentType()).startsWith("application/problem+json");
        assertThat(storedRuns()).isEqualTo(before);
    }

    @Test
    void listsNewestFirstWithAStableCursor() {
        String suite = "page-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(submit(body("run " + i, suite)).jsonPath().getString("id"));
        }
        Response page1 = call("GET", "/api/v1/runs", request -> request.queryParam("label", "suite=" + suite).queryParam("limit", 2));
        // A run that arrives while paging must not shift the pages already handed out.
        submit(body("late", suite));
        String cursor1 = page1.jsonPath().getString("nextCursor");
        Response page2 = call("GET", "/api/v1/runs", request -> request.queryParam("label", "suite=" + suite).queryParam("limit", 2)
                .queryParam("cursor", cursor1));
        String cursor2 = page2.jsonPath().getString("nextCursor");
        Response page3 = call("GET", "/api/v1/runs", request -> request.queryParam("label", "suite=" + suite).queryParam("limit", 2)
                .queryParam("cursor", cursor2));

        List<String> seen = new ArrayList<>();
        seen.addAll(page1.jsonPath().getList("items.id"));
        seen.addAll(page2.jsonPath().getList("items.id"));
        seen.addAll(page3.jsonPath().getList("items.id"));
        assertThat(seen).containsExactly(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));
        assertThat(page3.jsonPath().getString("nextCursor")).isNull();

        Response byState = call("GET", "/api/v1/runs", request -> request.queryParam("label", "suite=" + suite)
                .queryParam("state", "SUCCEEDED"));
        assertThat(byState.jsonPath().getList("items")).isEmpty();
    }

    @Test
    void cancelGoesThroughCancellingToCancelledAndThenConflicts() throws InterruptedException {
        String id = submit(body("to cancel", "cancel")).jsonPath().getString("id");

        Response cancelled = call("POST", "/api/v1/runs/" + id + "/cancel", request -> request);
        assertThat(cancelled.statusCode()).isEqualTo(202);
        assertThat(cancelled.jsonPath().getString("state")).isEqualTo("CANCELLING");
        assertThat(cancelled.jsonPath().getString("cancelRequestedAt")).isNotNull();

        String state = "CANCELLING";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!state.equals("CANCELLED") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            state = call("GET", "/api/v1/runs/" + id, request -> request).jsonPath().getString("state");
        }
        Response run = call("GET", "/api/v1/runs/" + id, request -> request);
        assertThat(run.jsonPath().getString("state")).isEqualTo("CANCELLED");
        assertThat(run.jsonPath().getString("reason")).isEqualTo("CANCELLED_BY_USER");
        assertThat(run.jsonPath().getString("endedAt")).isNotNull();

        Response again = call("POST", "/api/v1/runs/" + id + "/cancel", request -> request);
        assertThat(again.statusCode()).isEqualTo(409);

        Response events = call("GET", "/api/v1/runs/" + id + "/events", request -> request);
        assertThat(events.jsonPath().getList("items.type")).contains("CANCEL_REQUESTED");
        assertThat(events.jsonPath().getList("items.toState")).containsSubsequence("QUEUED", "CANCELLING", "CANCELLED");
        long lastId = events.jsonPath().getLong("items[-1].id");
        Response after = call("GET", "/api/v1/runs/" + id + "/events", request -> request.queryParam("after", lastId));
        assertThat(after.jsonPath().getList("items")).isEmpty();
    }

    static List<Object[]> badSubmissions() {
        return List.of(
                new Object[] {"{\"entrypoint\": {\"pythonFile\": \"/a.py\"", 400, null},
                new Object[] {"[1, 2]", 400, "$"},
                new Object[] {"null", 400, "$"},
                new Object[] {"{\"entrypoint\": {\"pythonFile\": \"/a.py\"}, \"colour\": \"red\"}", 400, "colour"},
                new Object[] {"{\"entrypoint\": {\"pythonFile\": \"/a.py\", \"python\": 3}}", 400, "entrypoint.python"},
                new Object[] {"{\"name\": \"no entrypoint\"}", 400, "entrypoint"},
                new Object[] {"{\"entrypoint\": {\"pythonFile\": \"/a.py\"}, \"resources\": {\"executor\": {\"cores\": -2}}}", 400, "resources.executor.cores"},
                new Object[] {"{\"entrypoint\": {\"pythonFile\": \"/a.py\"}, \"resources\": {\"driver\": {\"memory\": \"900000g\"}}}", 400, "resources.driver.memory"},
                new Object[] {"{\"entrypoint\": {\"pythonFile\": \"/a.py\"}, \"autoscaling\": {\"maxExecutors\": 1000000}}", 400, "autoscaling.maxExecutors"},
                new Object[] {"{\"entrypoint\": {\"pythonFile\": \"/a.py\"}, \"autoscaling\": {\"policy\": \"magic\"}}", 400, "autoscaling.policy"},
                new Object[] {"{\"entrypoint\": {\"pythonFile\": \"/a.py\"}, \"resources\": {\"maxExecutors\": 4}}", 400, "resources.maxExecutors"},
                new Object[] {"{\"entrypoint\": {\"pythonFile\": \"/a.py\"}, \"autoscaling\": {\"maxExecutors\": 9}}", 400, "autoscaling.maxExecutors"},
                new Object[] {"{\"entrypoint\": {\"pythonFile\": \"/a.py\"}, \"autoscaling\": {\"maxExecutors\": \"4\"}}", 400, "autoscaling.maxExecutors"},
                new Object[] {"{\"entrypoint\": {\"pythonFile\": \"/a.py\"}, \"args\": [1]}", 400, "args[0]"},
                new Object[] {"{\"entrypoint\": {\"pythonFile\": \"/a.py\"}, \"timeoutSeconds\": 1.5}", 400, "timeoutSeconds"},
                new Object[] {"{\"entrypoint\": {\"pythonFile\": \"/a.py\"}, \"sparkConf\": {\"spark.master\": \"yarn\"}}", 400, "sparkConf.spark.master"},
                new Object[] {"{\"entrypoint\": {\"pythonFile\": \"/a.py\"}, \"backend\": \"mainframe\"}", 400, "backend"});
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("badSubmissions")
    void badInputIsAProblemWithTheFieldAndStoresNothing(String json, int status, String field) {
        long before = storedRuns();

        Response response = submit(json);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("detail")).isNotBlank();
        if (field != null) {
            assertThat(response.jsonPath().getList("errors.field")).contains(field);
        }
        assertThat(storedRuns()).isEqualTo(before);
    }

    @Test
    void oversizedBodyIs413AndStoresNothing() {
        long before = storedRuns();
        String huge = "{\"entrypoint\": {\"pythonFile\": \"/a.py\"}, \"args\": [\"" + "x".repeat(1024 * 1024) + "\"]}";

        Response response = submit(huge);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(storedRuns()).isEqualTo(before);
    }

    @Test
    void wrongContentTypeAndBadHeadersAndParametersAreProblems() {
        Response xml = call("POST", "/api/v1/runs", request -> request.contentType("application/xml").body("<run/>"));
        assertThat(xml.statusCode()).isEqualTo(415);

        Response longKey = call("POST", "/api/v1/runs", request -> request.contentType(ContentType.JSON)
                .header("Idempotency-Key", "k".repeat(65)).body(body("k", "k")));
        assertThat(longKey.statusCode()).isEqualTo(400);
        assertThat(longKey.jsonPath().getList("errors.field")).contains("header:Idempotency-Key");

        Response badLimit = call("GET", "/api/v1/runs", request -> request.queryParam("limit", "lots"));
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(badLimit.jsonPath().getList("errors.field")).contains("query:limit");

        Response badCursor = call("GET", "/api/v1/runs", request -> request.queryParam("cursor", "not-a-cursor"));
        assertThat(badCursor.statusCode()).isEqualTo(400);

        Response badState = call("GET", "/api/v1/runs", request -> request.queryParam("state", "DANCING"));
        assertThat(badState.statusCode()).isEqualTo(400);

        Response missing = call("GET", "/api/v1/runs/" + UUID.randomUUID(), request -> request);
        assertThat(missing.statusCode()).isEqualTo(404);
        Response malformedId = call("GET", "/api/v1/runs/not-a-uuid", request -> request);
        assertThat(malformedId.statusCode()).isEqualTo(404);
        Response missingCancel = call("POST", "/api/v1/runs/" + UUID.randomUUID() + "/cancel", request -> request);
        assertThat(missingCancel.statusCode()).isEqualTo(404);
    }

    @Test
    void logsOfARunThatHasNotStartedAreEmptyAndIncomplete() {
        String id = submit(body("logs", "logs")).jsonPath().getString("id");

        Response logs = call("GET", "/api/v1/runs/" + id + "/logs", request -> request);

        assertThat(logs.statusCode()).isEqualTo(200);
        assertThat(logs.asString()).isEmpty();
        assertThat(logs.header("Sparkplane-Next-Offset")).isEqualTo("0");
        assertThat(logs.header("Sparkplane-Log-Complete")).isEqualTo("false");
    }

    @Test
    void healthAndTheContractAreServed() {
        given().get("/q/health").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        String served = given().accept("application/yaml").get("/q/openapi").asString();
        assertThat(served).contains("Sparkplane API").contains("/api/v1/runs/{runId}/cancel");
    }
}
