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
import io.sparkplane.controlplane.support.TestOidcIssuer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * JWTs of an external issuer beside the API tokens: real RS256 JWTs, verified by quarkus-oidc
 * against the keys a test issuer publishes on loopback ({@link TestOidcIssuer}), their groups
 * mapped to workspace roles. Every answer is checked against the OpenAPI document.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@TestProfile(OidcApiTest.WithIssuer.class)
class OidcApiTest {

    /** The control plane with the test issuer and a mapping of its groups. */
    public static class WithIssuer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sparkplane.auth.oidc.group-roles",
                    "platform=admin, data-eng=editor@oidc-a, data-eng=viewer@oidc-b, auditors=viewer@oidc-a, auditors=viewer@oidc-b, auditors=editor@oidc-b");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(TestOidcIssuer.class));
        }
    }

    private static final String RUN = """
            {"entrypoint": {"pythonFile": "/opt/jobs/etl.py"}, "workspace": "%s", "labels": {"suite": "oidc"}}
            """;

    @BeforeEach
    void workspaces() {
        AdminToken.sendWithEveryRequest();
        for (String id : List.of("oidc-a", "oidc-b", "oidc-c")) {
            Response created = as(AdminToken.SECRET, "POST", "/api/v1/workspaces", "{\"id\": \"" + id + "\"}");
            assertThat(created.statusCode()).as(created.asString()).isIn(201, 409);
        }
    }

    private static Response as(String bearer, String method, String path, String json) {
        var request = given().header("Authorization", "Bearer " + bearer);
        if (json != null) {
            request = request.contentType(ContentType.JSON).body(json);
        }
        return checked(method, path, request.request(method, path));
    }

    private static String submit(String bearer, String workspace) {
        Response created = as(bearer, "POST", "/api/v1/runs", RUN.formatted(workspace));
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        return created.jsonPath().getString("id");
    }

    @Test
    void aGroupsRolesHoldInTheirWorkspacesAndTheOthersAreWalls() {
        String alice = TestOidcIssuer.jwt("alice", Set.of("data-eng"));
        String mine = submit(alice, "oidc-a");
        String theirs = submit(AdminToken.SECRET, "oidc-b");
        String hidden = submit(AdminToken.SECRET, "oidc-c");

        assertThat(as(alice, "GET", "/api/v1/runs/" + mine, null).statusCode()).isEqualTo(200);
        assertThat(as(alice, "GET", "/api/v1/runs/" + theirs, null).statusCode()).as("viewer in oidc-b").isEqualTo(200);
        Response cancel = as(alice, "POST", "/api/v1/runs/" + theirs + "/cancel", null);
        assertThat(cancel.statusCode()).isEqualTo(403);
        assertThat(cancel.jsonPath().getString("detail")).contains("oidc-b").contains("viewer");
        Response submitThere = as(alice, "POST", "/api/v1/runs", RUN.formatted("oidc-b"));
        assertThat(submitThere.statusCode()).isEqualTo(403);
        assertThat(as(alice, "GET", "/api/v1/runs/" + hidden, null).statusCode()).isEqualTo(404);
        assertThat(as(alice, "POST", "/api/v1/runs", RUN.formatted("oidc-c")).statusCode()).isEqualTo(400);
        assertThat(as(alice, "GET", "/api/v1/workspaces", null).jsonPath().getList("items.id", String.class))
                .containsExactlyInAnyOrder("oidc-a", "oidc-b");
        assertThat(as(alice, "GET", "/api/v1/audit", null).statusCode()).isEqualTo(403);
        assertThat(as(alice, "POST", "/api/v1/workspaces", "{\"id\": \"oidc-mine\"}").statusCode()).isEqualTo(403);
        Response upload = given().header("Authorization", "Bearer " + alice).contentType("application/octet-stream").body("print(1)".getBytes())
                .post("/api/v1/artifacts?name=a.py&workspace=oidc-b");
        assertThat(upload.statusCode()).isEqualTo(403);
        assertThat(as(alice, "POST", "/api/v1/runs/" + mine + "/cancel", null).statusCode()).isEqualTo(202);
    }

    @Test
    void anIdentityInSeveralGroupsGetsTheStrongestRoleEachGivesAndAnAdminGroupEverything() {
        String bob = TestOidcIssuer.jwt("bob", Set.of("auditors", "unmapped"));
        submit(bob, "oidc-b");
        assertThat(as(bob, "POST", "/api/v1/runs", RUN.formatted("oidc-a")).statusCode()).isEqualTo(403);

        String root = TestOidcIssuer.jwt("root", Set.of("platform"));
        submit(root, "oidc-c");
        assertThat(as(root, "GET", "/api/v1/audit?subject=oidc:bob", null).statusCode()).isEqualTo(200);
        Response token = as(root, "POST", "/api/v1/tokens", "{\"name\": \"ci of oidc-c\", \"role\": \"editor\", \"workspaces\": [\"oidc-c\"]}");
        assertThat(token.statusCode()).isEqualTo(201);
        submit(token.jsonPath().getString("secret"), "oidc-c");
    }

    @Test
    void whatAnIdentityDoesIsAuditedUnderItsName() {
        String carol = TestOidcIssuer.jwt("carol", Set.of("data-eng"));
        String run = submit(carol, "oidc-a");
        List<Map<String, Object>> records = as(AdminToken.SECRET, "GET", "/api/v1/audit?objectId=" + run, null).jsonPath().getList("items");
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.get("subject")).isEqualTo("oidc:carol");
            assertThat(record.get("tokenId")).isNull();
            assertThat(record.get("workspace")).isEqualTo("oidc-a");
        });
        assertThat(records.toString()).doesNotContain(carol);
    }

    @Test
    void anIdentityWhoseGroupsMapToNoRoleIsForbiddenEverywhere() {
        String dave = TestOidcIssuer.jwt("dave", Set.of("sales"));
        for (String path : List.of("/api/v1/runs", "/api/v1/workspaces", "/api/v1/tokens")) {
            Response refused = as(dave, "GET", path, null);
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertThat(refused.jsonPath().getString("detail")).contains("oidc:dave").contains("sparkplane.auth.oidc.group-roles");
        }
        assertThat(as(TestOidcIssuer.jwt("erin", Set.of()), "GET", "/api/v1/runs", null).statusCode()).isEqualTo(403);
    }

    @Test
    void aJwtTheIssuersKeysAndClaimsDoNotVerifyIsRefusedAsInvalid() {
        long before = QuarkusTransaction.requiringNew().call(() -> RunEntity.count());
        Map<String, String> refused = Map.of(
                "expired", TestOidcIssuer.jwt("frank", Set.of("platform"), claims -> claims.issuedAt(0).expiresAt(60)),
                "another issuer", TestOidcIssuer.jwt("frank", Set.of("platform"), claims -> claims.issuer("https://issuer.example.com")),
                "another audience", TestOidcIssuer.jwt("frank", Set.of("platform"), claims -> claims.audience("someone-else")),
                "an unpublished key", TestOidcIssuer.forged("frank", Set.of("platform")),
                "not a JWT", "eyJhbGciOiJSUzI1NiJ9.not-a-jwt.at-all",
                "a random string", UUID.randomUUID().toString());
        refused.forEach((why, bearer) -> {
            Response answer = as(bearer, "POST", "/api/v1/runs", RUN.formatted("oidc-a"));
            assertThat(answer.statusCode()).as(why).isEqualTo(401);
            assertThat(answer.header("WWW-Authenticate")).as(why).isEqualTo("Bearer realm=\"sparkplane\", error=\"invalid_token\"");
            assertThat(answer.asString()).as(why).doesNotContain(bearer);
        });
        assertThat(QuarkusTransaction.requiringNew().call(() -> RunEntity.count())).isEqualTo(before);
    }

    @Test
    void apiTokensStillWorkBesideTheIssuersJwts() {
        assertThat(as(AdminToken.SECRET, "GET", "/api/v1/runs", null).statusCode()).isEqualTo(200);
        assertThat(as("spk_" + "x".repeat(43), "GET", "/api/v1/runs", null).statusCode()).isEqualTo(401);
    }
}
