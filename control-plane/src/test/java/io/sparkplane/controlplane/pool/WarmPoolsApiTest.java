package io.sparkplane.controlplane.pool;

import static io.restassured.RestAssured.given;
import static io.sparkplane.controlplane.support.ApiCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sparkplane.controlplane.support.AdminToken;
import io.sparkplane.controlplane.support.PostgresTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Warm pools through the API, against a real PostgreSQL, every answer checked against the contract. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class WarmPoolsApiTest {

    @Inject
    WarmPools pools;

    @Inject
    EntityManager entityManager;

    @BeforeEach
    void asAdmin() {
        AdminToken.sendWithEveryRequest();
    }

    @Test
    void aPoolMadeThroughTheApiIsListedChangedAndDeleted() {
        Response created = call("POST", "/api/v1/warm-pools", """
                {"name": "etl-hot", "workspace": "default", "profile": "warm-test", "size": 3, "idleTtl": "PT10M", "workers": 2,
                 "resources": {"executor": {"cores": 2, "memory": "2g"}}}""");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/api/v1/warm-pools/etl-hot");
        assertThat(created.jsonPath().getString("source")).isEqualTo("api");
        assertThat(created.jsonPath().getInt("size")).isEqualTo(3);
        assertThat(created.jsonPath().getString("idleTtl")).isEqualTo("PT10M");
        assertThat(created.jsonPath().getString("resources.executor.memory")).isEqualTo("2g");
        assertThat(created.jsonPath().getString("resources.driver.memory")).isEqualTo("1g");
        assertThat(created.jsonPath().getInt("status.ready")).isZero();
        assertThat(pools.find("etl-hot")).hasValueSatisfying(spec -> {
            assertThat(spec.workers()).isEqualTo(2);
            assertThat(spec.executor().memoryMib()).isEqualTo(2048);
        });

        Response listed = call("GET", "/api/v1/warm-pools", null);
        assertThat(listed.jsonPath().getList("items.name", String.class)).contains("etl-hot", "hot");
        assertThat(listed.jsonPath().getString("items.find { it.name == 'hot' }.source")).isEqualTo("configuration");

        Response changed = call("PUT", "/api/v1/warm-pools/etl-hot", """
                {"workspace": "default", "profile": "warm-test", "size": 1}""");
        assertThat(changed.statusCode()).as(changed.asString()).isEqualTo(200);
        assertThat(changed.jsonPath().getInt("size")).isEqualTo(1);
        assertThat(changed.jsonPath().getString("idleTtl")).isEqualTo("PT30M");
        assertThat(changed.jsonPath().getString("resources.executor.memory")).isEqualTo("1g");

        assertThat(call("POST", "/api/v1/warm-pools", "{\"name\": \"etl-hot\", \"workspace\": \"default\", \"profile\": \"warm-test\"}")
                .statusCode()).isEqualTo(409);
        assertThat(call("DELETE", "/api/v1/warm-pools/etl-hot", null).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/api/v1/warm-pools/etl-hot", null).statusCode()).isEqualTo(404);
        assertThat(pools.find("etl-hot")).isEmpty();
    }

    @Test
    void theConfigurationsPoolsAreReadOnly() {
        assertThat(call("GET", "/api/v1/warm-pools/hot", null).jsonPath().getString("profile")).isEqualTo("warm-test");
        assertThat(call("PUT", "/api/v1/warm-pools/hot", "{\"workspace\": \"default\", \"profile\": \"warm-test\", \"size\": 5}").statusCode())
                .isEqualTo(409);
        assertThat(call("DELETE", "/api/v1/warm-pools/hot", null).statusCode()).isEqualTo(409);
        assertThat(call("POST", "/api/v1/warm-pools", "{\"name\": \"hot\", \"workspace\": \"default\", \"profile\": \"warm-test\"}").statusCode())
                .isEqualTo(409);
        assertThat(pools.find("hot").orElseThrow().size()).isEqualTo(2);
    }

    @Test
    void aWrongPoolIsRefusedNamingTheFieldAndNothingIsStored() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"name\": \"Bad_Name\", \"workspace\": \"default\", \"profile\": \"warm-test\"}", "name");
        cases.put("{\"name\": \"no-workspace\", \"profile\": \"warm-test\"}", "workspace");
        cases.put("{\"name\": \"odd-workspace\", \"workspace\": \"nowhere\", \"profile\": \"warm-test\"}", "workspace");
        cases.put("{\"name\": \"odd-profile\", \"workspace\": \"default\", \"profile\": \"mainframe\"}", "profile");
        cases.put("{\"name\": \"too-big\", \"workspace\": \"default\", \"profile\": \"warm-test\", \"size\": 51}", "size");
        cases.put("{\"name\": \"short-ttl\", \"workspace\": \"default\", \"profile\": \"warm-test\", \"idleTtl\": \"PT5S\"}", "idleTtl");
        cases.put("{\"name\": \"odd-ttl\", \"workspace\": \"default\", \"profile\": \"warm-test\", \"idleTtl\": \"soon\"}", "idleTtl");
        cases.put("{\"name\": \"many\", \"workspace\": \"default\", \"profile\": \"warm-test\", \"workers\": -1}", "workers");
        cases.put("{\"name\": \"tiny\", \"workspace\": \"default\", \"profile\": \"warm-test\", \"resources\": {\"driver\": {\"memory\": \"1m\"}}}",
                "resources.driver.memory");
        cases.put("{\"name\": \"wide\", \"workspace\": \"default\", \"profile\": \"warm-test\", \"resources\": {\"executor\": {\"cores\": 0}}}",
                "resources.executor.cores");
        cases.forEach((body, field) -> {
            Response refused = call("POST", "/api/v1/warm-pools", body);
            assertThat(refused.statusCode()).as(body + " " + refused.asString()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.jsonPath().getList("errors.field", String.class)).as(body).contains(field);
        });
        Response unknown = call("POST", "/api/v1/warm-pools", "{\"name\": \"x\", \"workspace\": \"default\", \"profile\": \"warm-test\", \"colour\": 1}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        long stored = QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery("select count(*) from warm_pool")
                .getSingleResult()).longValue());
        assertThat(stored).isZero();
    }

    @Test
    void aProfileWithAWarmPoolIsNotDeleted() {
        assertThat(call("POST", "/api/v1/engine-profiles", "{\"name\": \"pooled\", \"type\": \"warm-test\"}").statusCode()).isEqualTo(201);
        assertThat(call("POST", "/api/v1/warm-pools", "{\"name\": \"on-pooled\", \"workspace\": \"default\", \"profile\": \"pooled\"}")
                .statusCode()).isEqualTo(201);

        Response refused = call("DELETE", "/api/v1/engine-profiles/pooled", null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.jsonPath().getString("detail")).contains("warm pool(s) [on-pooled]");

        assertThat(call("DELETE", "/api/v1/warm-pools/on-pooled", null).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", "/api/v1/engine-profiles/pooled", null).statusCode()).isEqualTo(204);
    }

    @Test
    void onlyAdminsChangePools() {
        Response token = call("POST", "/api/v1/tokens", "{\"name\": \"pool editor\", \"role\": \"editor\", \"workspaces\": [\"default\"]}");
        String editor = token.jsonPath().getString("secret");
        assertThat(given().header("Authorization", "Bearer " + editor).contentType(ContentType.JSON)
                .body("{\"name\": \"mine\", \"workspace\": \"default\", \"profile\": \"warm-test\"}").post("/api/v1/warm-pools").statusCode())
                .isEqualTo(403);
        assertThat(given().header("Authorization", "Bearer " + editor).get("/api/v1/warm-pools/hot").statusCode()).isEqualTo(200);
        assertThat(pools.find("mine")).isEmpty();
    }
}
