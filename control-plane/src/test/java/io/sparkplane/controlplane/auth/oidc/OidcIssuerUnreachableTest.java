package io.sparkplane.controlplane.auth.oidc;

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
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.support.AdminToken;
import io.sparkplane.controlplane.support.PostgresTestResource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the issuer out of reach, a JWT can be neither accepted nor refused: 503 with Retry-After,
 * nothing stored, and the API tokens keep working.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@TestProfile(OidcIssuerUnreachableTest.IssuerDown.class)
class OidcIssuerUnreachableTest {

    /** An issuer on a loopback port nothing listens on. */
    public static class IssuerDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sparkplane.auth.oidc.enabled", "true",
                    "sparkplane.auth.oidc.issuer", "http://127.0.0.1:" + closedPort() + "/realms/down",
                    "sparkplane.auth.oidc.group-roles", "platform=admin");
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aJwtAnswers503WithRetryAfterAndAnApiTokenStillWorks() {
        long before = QuarkusTransaction.requiringNew().call(() -> RunEntity.count());
        Response unavailable = checked("POST", "/api/v1/runs", given().header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln")
                .contentType(ContentType.JSON).body("{\"entrypoint\": {\"pythonFile\": \"/opt/jobs/etl.py\"}}").post("/api/v1/runs"));
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.header("Retry-After")).isEqualTo("5");
        assertThat(unavailable.jsonPath().getString("detail")).contains("cannot be reached").contains("/realms/down");
        assertThat(QuarkusTransaction.requiringNew().call(() -> RunEntity.count())).isEqualTo(before);

        Response withToken = checked("GET", "/api/v1/runs", given().header("Authorization", "Bearer " + AdminToken.SECRET).get("/api/v1/runs"));
        assertThat(withToken.statusCode()).isEqualTo(200);
    }
}
