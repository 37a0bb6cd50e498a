package io.sparkplane.controlplane.token;

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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * API tokens and what they open, against a real PostgreSQL: every answer is checked against the
 * OpenAPI document, including the 401s and 403s.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class AccessApiTest {

    private static final String RUN = """
            {"entrypoint": {"pythonFile": "/opt/jobs/etl.py"}, "workspace": "%s", "labels": {"suite": "%s"}}
            """;

    @BeforeEach
    void asAdmin() {
        AdminToken.sendWithEveryRequest();
    }

    private static Response as(String secret, String method, String path, String json) {
        var request = given().header("Authorization", "Bearer " + secret);
        if (json != null) {
            request = request.contentType(ContentType.JSON).body(json);
        }
        return checked(method, path, request.request(method, path));
    }

    private static String workspace(String id) {
        Response created = as(AdminToken.SECRET, "POST", "/api/v1/workspaces", "{\"id\": \"" + id + "\"}");
        assertThat(created.statusCode()).as(created.asString()).isIn(201, 409);
        return id;
    }

    /** A new token's secret. */
    private static String token(String role, String... workspaces) {
        String list = String.join(",", java.util.Arrays.stream(workspaces).map(w -> "\"" + w + "\"").toList());
        Response created = as(AdminToken.SECRET, "POST", "/api/v1/tokens",
                "{\"name\": \"" + role + " of " + String.join(" ", workspaces) + "\", \"role\": \"" + role + "\", \"workspaces\": [" + list + "]}");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        return created.jsonPath().getString("secret");
    }

    private static String submit(String secret, String workspace, String suite) {
        Response created = as(secret, "POST", "/api/v1/runs", RUN.formatted(workspace, suite));
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        return created.jsonPath().getString("id");
    }

    @Test
    void everyApiPathNeedsAToken() {
        for (String[] call : List.of(
                new String[] {"GET", "/api/v1/runs"}, new String[] {"POST", "/api/v1/runs"}, new String[] {"GET", "/api/v1/workspaces"},
                new String[] {"POST", "/api/v1/artifacts?name=a.py"}, new String[] {"GET", "/api/v1/tokens"},
                new String[] {"GET", "/api/v1/runs/" + UUID.randomUUID() + "/logs"}, new String[] {"GET", "/api/v1/no-such-thing"})) {
            Response refused = given().noFilters().header("Authorization", "").contentType(ContentType.JSON).body("{}")
                    .request(call[0], call[1]);
            assertThat(refused.statusCode()).as(call[1]).isEqualTo(401);
            assertThat(refused.contentType()).as(call[1]).startsWith("application/problem+json");
            assertThat(refused.header("WWW-Authenticate")).as(call[1]).isEqualTo("Bearer realm=\"sparkplane\"");
        }
        assertThat(given().header("Authorization", "").get("/q/health/ready").statusCode()).isEqualTo(200);
        assertThat(given().header("Authorization", "").get("/q/openapi").statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownOrMalformedTokenIsRefusedAsInvalid() {
        long before = storedRuns();
        for (String secret : List.of("spk_" + "x".repeat(43), "not-a-token", AdminToken.SECRET + "x", "Basic " + AdminToken.SECRET)) {
            Response refused = as(secret, "POST", "/api/v1/runs", RUN.formatted("default", "invalid"));
            assertThat(refused.statusCode()).as(secret).isEqualTo(401);
            assertThat(refused.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        }
        Response basic = given().header("Authorization", "Basic YWRtaW46YWRtaW4=").get("/api/v1/runs");
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(storedRuns()).isEqualTo(before);
    }

    @Test
    void aCreatedTokenShowsItsSecretOnceAndIsStoredAsAHash() {
        workspace("team-hash");
        Response created = as(AdminToken.SECRET, "POST", "/api/v1/tokens",
                "{\"name\": \"ci\", \"role\": \"editor\", \"workspaces\": [\"team-hash\"], \"description\": \"nightly\", \"expiresInSeconds\": 3600}");
        assertThat(created.statusCode()).isEqualTo(201);
        String id = created.jsonPath().getString("id");
        String secret = created.jsonPath().getString("secret");
        assertThat(created.header("Location")).endsWith("/api/v1/tokens/" + id);
        assertThat(secret).startsWith("spk_").hasSizeGreaterThanOrEqualTo(4 + 43);
        assertThat(created.jsonPath().getString("prefix")).isEqualTo(secret.substring(0, 12));
        assertThat(created.jsonPath().getString("expiresAt")).isNotNull();

        Response shown = as(AdminToken.SECRET, "GET", "/api/v1/tokens/" + id, null);
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.asString()).doesNotContain(secret).doesNotContain("secret");
        assertThat(shown.jsonPath().getList("workspaces")).containsExactly("team-hash");
        assertThat(as(AdminToken.SECRET, "GET", "/api/v1/tokens", null).asString()).contains(id).doesNotContain(secret);
        String stored = QuarkusTransaction.requiringNew().call(() -> ApiTokenEntity.<ApiTokenEntity>findById(UUID.fromString(id)).secretHash);
        assertThat(stored).isEqualTo(TokenSecrets.hash(secret)).doesNotContain(secret.substring(4));

        // the new token works, and says when it was last used
        assertThat(as(secret, "GET", "/api/v1/runs?workspace=team-hash", null).statusCode()).isEqualTo(200);
        assertThat(as(AdminToken.SECRET, "GET", "/api/v1/tokens/" + id, null).jsonPath().getString("lastUsedAt")).isNotNull();
    }

    @Test
    void aTokensWorkspacesMayBeNamedByIdOrByDisplayNameAndAreKeptAsIds() {
        Response created = as(AdminToken.SECRET, "POST", "/api/v1/workspaces", "{\"id\": \"team-shown\", \"displayName\": \"Team Shown\"}");
        assertThat(created.statusCode()).as(created.asString()).isIn(201, 409);
        Response token = as(AdminToken.SECRET, "POST", "/api/v1/tokens",
                "{\"name\": \"by name\", \"role\": \"viewer\", \"workspaces\": [\"Team Shown\", \"team-shown\"]}");
        assertThat(token.statusCode()).as(token.asString()).isEqualTo(201);
        assertThat(token.jsonPath().getList("workspaces")).containsExactly("team-shown");
        assertThat(as(token.jsonPath().getString("secret"), "GET", "/api/v1/runs?workspace=team-shown", null).statusCode()).isEqualTo(200);
    }

    @Test
    void badTokenRequestsNameTheirFieldsAndStoreNothing() {
        long before = QuarkusTransaction.requiringNew().call(() -> ApiTokenEntity.count());
        Map<String, String> cases = Map.of(
                "{\"role\": \"editor\", \"workspaces\": [\"default\"]}", "name",
                "{\"name\": \"x\", \"role\": \"owner\", \"workspaces\": [\"default\"]}", "role",
                "{\"name\": \"x\", \"role\": \"editor\"}", "workspaces",
                "{\"name\": \"x\", \"role\": \"viewer\", \"workspaces\": []}", "workspaces",
                "{\"name\": \"x\", \"role\": \"viewer\", \"workspaces\": [\"nope-nope\"]}", "workspaces[0]",
                "{\"name\": \"x\", \"role\": \"admin\", \"workspaces\": [\"default\"]}", "workspaces",
                "{\"name\": \"x\", \"role\": \"editor\", \"workspaces\": [\"default\"], \"expiresInSeconds\": 0}", "expiresInSeconds",
                "{\"name\": \"x\\u0000y\", \"role\": \"editor\", \"workspaces\": [\"default\"]}", "name",
                "{\"name\": \"x\", \"role\": \"editor\", \"workspaces\": [\"default\"], \"owner\": \"me\"}", "owner");
        cases.forEach((body, field) -> {
            Response refused = as(AdminToken.SECRET, "POST", "/api/v1/tokens", body);
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(refused.jsonPath().getList("errors.field", String.class)).as(body).contains(field);
        });
        assertThat(QuarkusTransaction.requiringNew().call(() -> ApiTokenEntity.count())).isEqualTo(before);
    }

    @Test
    void rolesLimitWhatATokenMayDo() {
        String team = workspace("team-roles");
        String viewer = token("viewer", team);
        String editor = token("editor", team);
        long before = storedRuns();

        assertThat(as(viewer, "POST", "/api/v1/runs", RUN.formatted(team, "roles")).statusCode()).isEqualTo(403);
        assertThat(as(viewer, "POST", "/api/v1/tokens", "{\"name\": \"x\", \"role\": \"admin\"}").statusCode()).isEqualTo(403);
        assertThat(as(editor, "POST", "/api/v1/tokens", "{\"name\": \"x\", \"role\": \"admin\"}").statusCode()).isEqualTo(403);
        assertThat(as(editor, "POST", "/api/v1/workspaces", "{\"id\": \"mine-now\"}").statusCode()).isEqualTo(403);
        Response upload = given().header("Authorization", "Bearer " + viewer).contentType("application/octet-stream").body("print(1)".getBytes())
                .post("/api/v1/artifacts?name=a.py&workspace=" + team);
        assertThat(upload.statusCode()).isEqualTo(403);
        assertThat(storedRuns()).isEqualTo(before);

        String run = submit(editor, team, "roles");
        assertThat(as(viewer, "GET", "/api/v1/runs/" + run, null).statusCode()).isEqualTo(200);
        assertThat(as(viewer, "GET", "/api/v1/runs/" + run + "/events", null).statusCode()).isEqualTo(200);
        assertThat(as(viewer, "POST", "/api/v1/runs/" + run + "/cancel", null).statusCode()).isEqualTo(403);
        assertThat(as(viewer, "GET", "/api/v1/runs/" + run, null).jsonPath().getString("state")).isEqualTo("QUEUED");
        assertThat(as(editor, "POST", "/api/v1/runs/" + run + "/cancel", null).statusCode()).isEqualTo(202);
    }

    @Test
    void anotherWorkspacesThingsAnswerAsIfTheyDidNotExist() {
        String mine = workspace("team-walls-a");
        String theirs = workspace("team-walls-b");
        String outsider = token("editor", mine);
        String theirRun = submit(AdminToken.SECRET, theirs, "walls");
        String myRun = submit(outsider, mine, "walls");

        Response hidden = as(outsider, "GET", "/api/v1/runs/" + theirRun, null);
        Response missing = as(outsider, "GET", "/api/v1/runs/" + UUID.randomUUID(), null);
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(hidden.jsonPath().getString("title")).isEqualTo(missing.jsonPath().getString("title"));
        assertThat(hidden.jsonPath().getString("detail").replace(theirRun, "ID")).isEqualTo("no run with id 'ID'");
        for (String path : List.of("/events", "/logs", "/cluster", "/metrics")) {
            assertThat(as(outsider, "GET", "/api/v1/runs/" + theirRun + path, null).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(as(outsider, "POST", "/api/v1/runs/" + theirRun + "/cancel", null).statusCode()).isEqualTo(404);
        assertThat(as(AdminToken.SECRET, "GET", "/api/v1/runs/" + theirRun, null).jsonPath().getString("state")).isEqualTo("QUEUED");
        assertThat(as(outsider, "GET", "/api/v1/workspaces/" + theirs, null).statusCode()).isEqualTo(404);
        Response submitThere = as(outsider, "POST", "/api/v1/runs", RUN.formatted(theirs, "walls"));
        assertThat(submitThere.statusCode()).isEqualTo(400);
        assertThat(submitThere.jsonPath().getString("errors[0].field")).isEqualTo("workspace");
        assertThat(as(outsider, "GET", "/api/v1/runs?workspace=" + theirs, null).statusCode()).isEqualTo(400);
        String theirArtifact = given().header("Authorization", "Bearer " + AdminToken.SECRET).contentType("application/octet-stream")
                .body(("print('" + theirs + "')").getBytes()).post("/api/v1/artifacts?name=theirs.py&workspace=" + theirs).jsonPath().getString("sha256");
        assertThat(as(outsider, "GET", "/api/v1/artifacts", null).jsonPath().getList("items.sha256")).doesNotContain(theirArtifact);
        assertThat(as(AdminToken.SECRET, "GET", "/api/v1/artifacts?workspace=" + theirs, null).jsonPath().getList("items.sha256"))
                .contains(theirArtifact);
        assertThat(as(outsider, "GET", "/api/v1/artifacts?workspace=" + theirs, null).statusCode()).isEqualTo(400);
        assertThat(as(outsider, "GET", "/api/v1/artifacts/sha256/" + theirArtifact + "/content?workspace=" + theirs, null).statusCode())
                .isEqualTo(400);

        List<String> listed = as(outsider, "GET", "/api/v1/runs?label=suite=walls&limit=200", null).jsonPath().getList("items.id");
        assertThat(listed).containsExactly(myRun);
        List<String> workspaces = as(outsider, "GET", "/api/v1/workspaces", null).jsonPath().getList("items.id");
        assertThat(workspaces).containsExactly(mine);
        assertThat(as(AdminToken.SECRET, "GET", "/api/v1/runs?label=suite=walls&limit=200", null).jsonPath().getList("items.id", String.class))
                .containsExactlyInAnyOrder(myRun, theirRun);
    }

    @Test
    void aTokenSeesAndRevokesOnlyItselfUnlessItIsAnAdmins() {
        String team = workspace("team-self");
        String first = token("editor", team);
        String second = token("viewer", team);
        String firstId = idOf(first);
        String secondId = idOf(second);

        assertThat(as(first, "GET", "/api/v1/tokens", null).jsonPath().getList("items.id")).containsExactly(firstId);
        assertThat(as(first, "GET", "/api/v1/tokens/" + secondId, null).statusCode()).isEqualTo(404);
        assertThat(as(first, "DELETE", "/api/v1/tokens/" + secondId, null).statusCode()).isEqualTo(404);
        assertThat(as(second, "GET", "/api/v1/runs?workspace=" + team, null).statusCode()).isEqualTo(200);

        assertThat(as(first, "DELETE", "/api/v1/tokens/" + firstId, null).statusCode()).isEqualTo(204);
        assertThat(as(first, "GET", "/api/v1/runs?workspace=" + team, null).statusCode()).isEqualTo(401);
        assertThat(as(AdminToken.SECRET, "DELETE", "/api/v1/tokens/" + secondId, null).statusCode()).isEqualTo(204);
        Response revoked = as(second, "GET", "/api/v1/runs?workspace=" + team, null);
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.header("WWW-Authenticate")).contains("invalid_token");
        assertThat(as(AdminToken.SECRET, "GET", "/api/v1/tokens/" + secondId, null).statusCode()).isEqualTo(404);
    }

    @Test
    void anExpiredTokenIsRefused() throws InterruptedException {
        Response created = as(AdminToken.SECRET, "POST", "/api/v1/tokens",
                "{\"name\": \"short\", \"role\": \"viewer\", \"workspaces\": [\"default\"], \"expiresInSeconds\": 1}");
        String secret = created.jsonPath().getString("secret");
        Thread.sleep(1_500);
        assertThat(as(secret, "GET", "/api/v1/runs", null).statusCode()).isEqualTo(401);
    }

    @Test
    void theLastAdminTokenCannotBeRevoked() {
        String adminId = idOf(AdminToken.SECRET);
        Response refused = as(AdminToken.SECRET, "DELETE", "/api/v1/tokens/" + adminId, null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.jsonPath().getString("detail")).contains("last admin token");
        assertThat(as(AdminToken.SECRET, "GET", "/api/v1/tokens", null).statusCode()).isEqualTo(200);
    }

    @Test
    void anApiTokenIsRefusedOnTheEngineApi() {
        String run = submit(AdminToken.SECRET, "default", "engine");
        Response refused = given().header("Authorization", "Bearer " + AdminToken.SECRET).contentType(ContentType.JSON)
                .body("{\"state\": \"RUNNING\"}").post("/internal/v1/runs/" + run + "/attempts/1/state");
        assertThat(refused.statusCode()).isEqualTo(401);
    }

    private static String idOf(String secret) {
        return as(secret, "GET", "/api/v1/tokens", null).jsonPath().getList("items", Map.class).stream()
                .filter(item -> secret.startsWith((String) item.get("prefix")))
                .map(item -> (String) item.get("id")).findFirst().orElseThrow();
    }

    private static long storedRuns() {
        return QuarkusTransaction.requiringNew().call(() -> RunEntity.count());
    }
}
