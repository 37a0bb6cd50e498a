package io.sparkplane.controlplane.version;

import static io.restassured.RestAssured.given;
import static io.sparkplane.controlplane.support.CheckedResponses.checked;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.sparkplane.controlplane.support.PostgresTestResource;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/version} answers without a token, with the build's version. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class VersionApiTest {

    @Test
    void answersWithoutATokenWithTheBuildsVersion() {
        Response version = checked("GET", "/api/v1/version", given().get("/api/v1/version"));
        assertThat(version.statusCode()).isEqualTo(200);
        assertThat(version.jsonPath().getString("version")).isEqualTo(System.getProperty("expectedVersion"));
    }

    @Test
    void aPathBesideItStillNeedsAToken() {
        assertThat(given().get("/api/v1/versions").statusCode()).isEqualTo(401);
        assertThat(given().get("/api/v1/version/../runs").statusCode()).isEqualTo(401);
    }
}
