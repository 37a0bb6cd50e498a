package io.sparkplane.controlplane.audit;

import static io.restassured.RestAssured.given;
import static io.sparkplane.controlplane.support.CheckedResponses.checked;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.sparkplane.controlplane.support.AdminToken;
import io.sparkplane.controlplane.support.PostgresTestResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit log: every mutating call kept once its answer is sent, read by admins only. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class AuditApiTest {

    @BeforeEach
    void asAdmin() {
        AdminToken.sendWithEveryRequest();
    }

    private static JsonPath audit(String query) {
        Response page = checked("GET", "/api/v1/audit" + query, given().get("/api/v1/audit" + query));
        assertThat(page.statusCode()).as(page.asString()).isEqualTo(200);
        return page.jsonPath();
    }

    /** The records of one object, polled: a record is written just after its answer is sent. */
    private static List<Map<String, Object>> recordsOf(String objectId, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<Map<String, Object>> found = List.of();
        while (System.nanoTime() < deadline) {
            found = audit("?objectId=" + objectId).getList("items");
            if (found.size() >= expected) {
                return found;
            }
            Thread.sleep(50);
        }
        return found;
    }

    @Test
    void keepsEachMutatingCallWithWhoWhatAndHowItEnded() throws Exception {
        Response submitted = given().contentType(ContentType.JSON)
                .body("{\"entrypoint\": {\"pythonFile\": \"/opt/jobs/a.py\"}, \"sparkConf\": {\"spark.x.password\": \"hunter2\"}}")
                .post("/api/v1/runs");
        String run = submitted.jsonPath().getString("id");
        String viewer = given().contentType(ContentType.JSON).body("{\"name\": \"v\", \"role\": \"viewer\", \"workspaces\": [\"default\"]}")
                .post("/api/v1/tokens").jsonPath().getString("secret");
        given().header("Authorization", "Bearer " + viewer).post("/api/v1/runs/" + run + "/cancel").then().statusCode(403);
        given().post("/api/v1/runs/" + run + "/cancel").then().statusCode(202);

        List<Map<String, Object>> records = recordsOf(run, 3);
        assertThat(records).extracting(record -> record.get("action")).containsExactly("runs.cancel", "runs.cancel", "runs.submit");
        assertThat(records).extracting(record -> record.get("outcome")).containsExactly("succeeded", "refused", "succeeded");
        assertThat(records).extracting(record -> record.get("status")).containsExactly(202, 403, 201);
        assertThat(records.get(0).get("tokenId")).isNotEqualTo(records.get(1).get("tokenId")).isEqualTo(records.get(2).get("tokenId"));
        assertThat(records).allSatisfy(record -> {
            assertThat(record.get("subject")).isEqualTo("token:" + record.get("tokenId"));
            assertThat(record.get("objectType")).isEqualTo("run");
            assertThat(record.get("objectId")).isEqualTo(run);
            assertThat(record.get("sourceAddress")).isEqualTo("127.0.0.1");
        });
        assertThat(audit("?objectId=" + run).prettify()).doesNotContain("hunter2");
    }

    @Test
    void keepsASubmitOnceWithItsRunAndEachRepeatOnce() throws Exception {
        String key = "audit-" + UUID.randomUUID();
        String body = "{\"entrypoint\": {\"pythonFile\": \"/opt/jobs/once.py\"}}";
        Response created = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/api/v1/runs");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        String run = created.jsonPath().getString("id");
        // written in the run's transaction: there as soon as the answer is
        assertThat(audit("?objectId=" + run).getList("items")).hasSize(1);
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/api/v1/runs").then().statusCode(200);
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body("{\"entrypoint\": {\"pythonFile\": \"/opt/jobs/other.py\"}}")
                .post("/api/v1/runs").then().statusCode(422);

        // no second record of either submit once their answers have been sent
        Thread.sleep(500);
        List<Map<String, Object>> records = recordsOf(run, 2);
        assertThat(records).extracting(record -> record.get("status")).containsExactly(200, 201);
        assertThat(records).extracting(record -> record.get("outcome")).containsExactly("succeeded", "succeeded");
        assertThat(records).extracting(record -> record.get("workspace")).containsOnly("default");
        // the refused repeat names no run; it is kept as any refused call
        List<Map<String, Object>> refused = audit("?action=runs.submit&outcome=refused").getList("items");
        assertThat(refused).extracting(record -> record.get("status")).contains(422);
    }

    @Test
    void keepsRefusedCallsWithoutAToken() throws Exception {
        String id = UUID.randomUUID().toString();
        given().header("Authorization", "").post("/api/v1/runs/" + id + "/cancel").then().statusCode(401);
        List<Map<String, Object>> records = recordsOf(id, 1);
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.get("subject")).isEqualTo("anonymous");
            assertThat(record.get("tokenId")).isNull();
            assertThat(record.get("status")).isEqualTo(401);
            assertThat(record.get("outcome")).isEqualTo("refused");
        });
    }

    @Test
    void readsAreNotKept() throws Exception {
        String id = UUID.randomUUID().toString();
        given().get("/api/v1/runs/" + id).then().statusCode(404);
        Thread.sleep(300);
        assertThat(audit("?objectId=" + id).getList("items")).isEmpty();
    }

    @Test
    void pagesByCursorAndFilters() throws Exception {
        String workspace = "audit-" + Long.toString(System.nanoTime(), 36);
        given().contentType(ContentType.JSON).body("{\"id\": \"" + workspace + "\"}").post("/api/v1/workspaces").then().statusCode(201);
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body("{\"entrypoint\": {\"pythonFile\": \"/opt/jobs/a.py\"}, \"workspace\": \"" + workspace + "\"}")
                    .post("/api/v1/runs").then().statusCode(201);
        }
        Supplier<List<Object>> submits = () -> audit("?workspace=" + workspace + "&action=runs.submit").getList("items.id");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (submits.get().size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<Object> all = submits.get();
        assertThat(all).hasSize(3);
        JsonPath first = audit("?workspace=" + workspace + "&action=runs.submit&limit=2");
        assertThat(first.getList("items.id")).isEqualTo(all.subList(0, 2));
        JsonPath second = audit("?workspace=" + workspace + "&action=runs.submit&limit=2&cursor=" + first.getString("nextCursor"));
        assertThat(second.getList("items.id")).isEqualTo(all.subList(2, 3));
        assertThat(second.getString("nextCursor")).isNull();
        assertThat(audit("?workspace=" + workspace + "&action=workspaces.create").getList("items.objectId")).containsExactly(workspace);
        assertThat(given().get("/api/v1/audit?outcome=maybe").statusCode()).isEqualTo(400);
        assertThat(given().get("/api/v1/audit?after=yesterday").statusCode()).isEqualTo(400);
        assertThat(given().get("/api/v1/audit?cursor=nope").statusCode()).isEqualTo(400);
    }

    @Test
    void onlyAdminsReadItAndNobodyRewritesIt() {
        Response created = given().contentType(ContentType.JSON)
                .body("{\"name\": \"auditor?\", \"role\": \"editor\", \"workspaces\": [\"default\"]}").post("/api/v1/tokens");
        String editor = created.jsonPath().getString("secret");
        Response refused = checked("GET", "/api/v1/audit", given().header("Authorization", "Bearer " + editor).get("/api/v1/audit"));
        assertThat(refused.statusCode()).isEqualTo(403);

        long before = QuarkusTransaction.requiringNew().call(() -> AuditRecordEntity.count());
        // the table's rules turn updates and deletes into nothing
        QuarkusTransaction.requiringNew().run(() -> AuditRecordEntity.getEntityManager()
                .createNativeQuery("update audit_record set subject = 'someone else'").executeUpdate());
        QuarkusTransaction.requiringNew().run(() -> AuditRecordEntity.getEntityManager()
                .createNativeQuery("delete from audit_record").executeUpdate());
        assertThat(QuarkusTransaction.requiringNew().call(() -> AuditRecordEntity.count())).isGreaterThanOrEqualTo(before);
        assertThat(QuarkusTransaction.requiringNew().call(() -> AuditRecordEntity.count("subject", "someone else"))).isZero();
    }
}
