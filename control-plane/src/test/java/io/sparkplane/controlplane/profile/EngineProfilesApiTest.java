package io.sparkplane.controlplane.profile;

import static io.restassured.RestAssured.given;
import static io.sparkplane.controlplane.support.ApiCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sparkplane.controlplane.backend.EngineProfiles;
import io.sparkplane.controlplane.support.AdminToken;
import io.sparkplane.controlplane.support.PostgresTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Engine profiles made through the API, against a real PostgreSQL, every answer checked against the contract. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class EngineProfilesApiTest {

    @Inject
    EngineProfiles profiles;

    @Inject
    EntityManager entityManager;

    @BeforeEach
    void asAdmin() {
        AdminToken.sendWithEveryRequest();
    }

    @Test
    void aProfileMadeThroughTheApiTakesRunsAtOnce() {
        Response created = call("POST", "/api/v1/engine-profiles", """
                {"name": "bigger", "type": "local", "settings": {"max-concurrent-runs": "7", "python": "python3"}, "description": "more at once"}""");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/api/v1/engine-profiles/bigger");
        assertThat(created.jsonPath().getString("source")).isEqualTo("api");
        assertThat(created.jsonPath().getInt("limits.maxConcurrentRuns")).isEqualTo(7);
        assertThat(created.jsonPath().getMap("settings")).containsEntry("max-concurrent-runs", "7");
        assertThat(profiles.names()).contains("bigger", "local");

        Response run = call("POST", "/api/v1/runs", "{\"entrypoint\": {\"pythonFile\": \"/opt/jobs/etl.py\"}, \"backend\": \"bigger\"}");
        assertThat(run.statusCode()).as(run.asString()).isEqualTo(201);
        assertThat(run.jsonPath().getString("backend")).isEqualTo("bigger");

        Response listed = call("GET", "/api/v1/engine-profiles", null);
        assertThat(listed.jsonPath().getList("items.name", String.class)).contains("bigger", "local");
        assertThat(listed.jsonPath().getString("items.find { it.name == 'local' }.source")).isEqualTo("configuration");

        Response changed = call("PUT", "/api/v1/engine-profiles/bigger", """
                {"type": "local", "settings": {"max-concurrent-runs": "3", "python": "python3"}, "description": "more at once"}""");
        assertThat(changed.statusCode()).as(changed.asString()).isEqualTo(200);
        assertThat(changed.jsonPath().getInt("limits.maxConcurrentRuns")).isEqualTo(3);
        assertThat(profiles.limits("bigger").maxConcurrentRuns()).isEqualTo(3);

        // its run has not ended: the profile stays
        assertThat(call("DELETE", "/api/v1/engine-profiles/bigger", null).statusCode()).isEqualTo(409);
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("update run set state = 'CANCELLED', reason = 'CANCELLED_BY_USER',"
                + " ended_at = now() where id = :id").setParameter("id", UUID.fromString(run.jsonPath().getString("id"))).executeUpdate());
        assertThat(call("DELETE", "/api/v1/engine-profiles/bigger", null).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/api/v1/engine-profiles/bigger", null).statusCode()).isEqualTo(404);
        assertThat(profiles.names()).doesNotContain("bigger");
        assertThat(call("POST", "/api/v1/runs", "{\"entrypoint\": {\"pythonFile\": \"/opt/jobs/etl.py\"}, \"backend\": \"bigger\"}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void aWrongProfileIsRefusedNamingTheFieldAndNothingIsStored() {
        Map<String, String> cases = Map.of(
                "{\"name\": \"Bad_Name\", \"type\": \"local\"}", "name",
                "{\"name\": \"no-type\"}", "type",
                "{\"name\": \"odd-type\", \"type\": \"mainframe\"}", "type",
                "{\"name\": \"odd-key\", \"type\": \"local\", \"settings\": {\"colour\": \"red\"}}", "settings.colour",
                "{\"name\": \"odd-value\", \"type\": \"local\", \"settings\": {\"max-concurrent-runs\": \"many\"}}", "settings.max-concurrent-runs",
                "{\"name\": \"typed-twice\", \"type\": \"local\", \"settings\": {\"type\": \"local\"}}", "settings.type",
                // found by the API fuzzer: a field is given or left out, never null
                "{\"name\": \"nulled\", \"type\": \"local\", \"description\": null}", "description");
        cases.forEach((body, field) -> {
            Response refused = call("POST", "/api/v1/engine-profiles", body);
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(refused.jsonPath().getList("errors.field", String.class)).as(body + " " + refused.asString()).contains(field);
        });
        assertThat(call("GET", "/api/v1/engine-profiles", null).jsonPath().getList("items.source", String.class)).doesNotContain("api");
        // the configuration's own are not the API's to change
        assertThat(call("POST", "/api/v1/engine-profiles", "{\"name\": \"local\", \"type\": \"local\"}").statusCode()).isEqualTo(409);
        assertThat(call("PUT", "/api/v1/engine-profiles/local", "{\"type\": \"local\"}").statusCode()).isEqualTo(409);
        assertThat(call("DELETE", "/api/v1/engine-profiles/local", null).statusCode()).isEqualTo(409);
    }

    @Test
    void aProfileAnotherReplicaMadeIsTakenWithinSeconds() throws InterruptedException {
        // as another replica stores it: this one has not made it, and reads the stored profiles again by itself
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("insert into engine_profile (name, type, settings, revision,"
                + " created_at, updated_at) values ('from-elsewhere', 'local', cast('{\"max-concurrent-runs\": \"5\"}' as jsonb), 1, now(), now())")
                .executeUpdate());
        boolean seen = false;
        for (int i = 0; i < 100 && !seen; i++) {
            seen = profiles.names().contains("from-elsewhere");
            Thread.sleep(50);
        }
        assertThat(seen).isTrue();
        assertThat(profiles.limits("from-elsewhere").maxConcurrentRuns()).isEqualTo(5);
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("delete from engine_profile where name = 'from-elsewhere'")
                .executeUpdate());
    }

    @Test
    void onlyAdminsChangeProfiles() {
        Response token = call("POST", "/api/v1/tokens", "{\"name\": \"profile editor\", \"role\": \"editor\", \"workspaces\": [\"default\"]}");
        String editor = token.jsonPath().getString("secret");
        assertThat(given().header("Authorization", "Bearer " + editor).get("/api/v1/engine-profiles").statusCode()).isEqualTo(200);
        assertThat(given().header("Authorization", "Bearer " + editor).contentType(ContentType.JSON)
                .body("{\"name\": \"mine\", \"type\": \"local\"}").post("/api/v1/engine-profiles").statusCode()).isEqualTo(403);
    }
}
