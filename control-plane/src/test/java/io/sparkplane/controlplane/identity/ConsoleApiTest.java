package io.sparkplane.controlplane.identity;

import static io.restassured.RestAssured.given;
import static io.sparkplane.controlplane.support.CheckedResponses.checked;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sparkplane.controlplane.support.AdminToken;
import io.sparkplane.controlplane.support.PostgresTestResource;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the web console needs of the control plane: its page and assets without a token under a strict
 * Content-Security-Policy, who a token is, ETags that make polling cheap, and what an attempt left in
 * staging, each answer checked against the OpenAPI document.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ConsoleApiTest {

    private static Response as(String secret, String method, String path, String json) {
        var request = given().header("Authorization", "Bearer " + secret);
        if (json != null) {
            request = request.contentType(ContentType.JSON).body(json);
        }
        return checked(method, path, request.request(method, path));
    }

    private static String token(String role, String workspace) {
        Response created = as(AdminToken.SECRET, "POST", "/api/v1/tokens",
                "{\"name\": \"console " + role + "\", \"role\": \"" + role + "\", \"workspaces\": [\"" + workspace + "\"]}");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        return created.jsonPath().getString("secret");
    }

    private static String submit(String workspace) {
        Response created = as(AdminToken.SECRET, "POST", "/api/v1/runs",
                "{\"entrypoint\": {\"pythonFile\": \"/opt/jobs/etl.py\"}, \"workspace\": \"" + workspace + "\"}");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        return created.jsonPath().getString("id");
    }

    @Test
    void theConsoleIsServedWithoutATokenUnderAStrictPolicy() {
        Response page = given().header("Authorization", "").get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.asString()).contains("<div id=\"root\"></div>").containsPattern("src=\"/assets/index-[^\"]+\\.js\"")
                .doesNotContain("<script>").doesNotContain("http://").doesNotContain("https://");
        String policy = page.header("Content-Security-Policy");
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Cache-Control")).as("the page is asked for again, so an upgrade shows").isEqualTo("no-cache");

        String script = page.asString().replaceAll("(?s).*src=\"(/assets/index-[^\"]+\\.js)\".*", "$1");
        Response asset = given().header("Authorization", "").get(script);
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.contentType()).contains("javascript");
        assertThat(given().header("Authorization", "").get("/favicon.svg").statusCode()).isEqualTo(200);
        // the console's paths open nothing else
        assertThat(given().header("Authorization", "").get("/assets/../api/v1/runs").statusCode()).isEqualTo(401);
        assertThat(given().header("Authorization", "").get("/index.html/../api/v1/tokens").statusCode()).isEqualTo(401);
    }

    @Test
    void signInOptionsNeedNoTokenAndOfferOnlyTokensWithoutAConsoleClient() {
        Response options = checked("GET", "/api/v1/sign-in", given().header("Authorization", "").get("/api/v1/sign-in"));
        assertThat(options.statusCode()).isEqualTo(200);
        assertThat(options.asString()).isEqualTo("{\"oidc\":null}");
        assertThat(options.header("Content-Security-Policy")).contains("connect-src 'self';");
    }

    @Test
    void identityNamesTheCallerAndItsRoles() {
        Response admin = as(AdminToken.SECRET, "GET", "/api/v1/identity", null);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.jsonPath().getBoolean("admin")).isTrue();
        assertThat(admin.jsonPath().getList("workspaces")).isEmpty();

        String viewer = token("viewer", "default");
        Response seen = as(viewer, "GET", "/api/v1/identity", null);
        assertThat(seen.jsonPath().getBoolean("admin")).isFalse();
        assertThat(seen.jsonPath().getList("workspaces")).isEqualTo(List.of(Map.of("workspace", "default", "role", "viewer")));
        assertThat(seen.jsonPath().getString("subject")).isEqualTo("token:" + seen.jsonPath().getString("tokenId"));

        Response anonymous = checked("GET", "/api/v1/identity", given().header("Authorization", "Bearer spk_" + "x".repeat(43)).get("/api/v1/identity"));
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void anUnchangedAnswerIsA304WithoutABodyAndAChangedOneHasANewTag() {
        String id = submit("default");
        Response first = as(AdminToken.SECRET, "GET", "/api/v1/runs/" + id, null);
        String tag = first.header("ETag");
        assertThat(tag).matches("W/\"[A-Za-z0-9_-]{22}\"");
        assertThat(first.header("Cache-Control")).isEqualTo("private, no-cache");

        Response unchanged = given().header("Authorization", "Bearer " + AdminToken.SECRET).header("If-None-Match", tag).get("/api/v1/runs/" + id);
        assertThat(unchanged.statusCode()).isEqualTo(304);
        assertThat(unchanged.asString()).isEmpty();
        assertThat(unchanged.header("ETag")).isEqualTo(tag);

        assertThat(as(AdminToken.SECRET, "POST", "/api/v1/runs/" + id + "/cancel", null).statusCode()).isBetween(200, 299);
        Response changed = given().header("Authorization", "Bearer " + AdminToken.SECRET).header("If-None-Match", tag).get("/api/v1/runs/" + id);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.header("ETag")).isNotEqualTo(tag);
        assertThat(changed.jsonPath().getString("state")).isIn("CANCELLING", "CANCELLED");

        // a list is tagged too; a tag of another answer does not match
        Response list = as(AdminToken.SECRET, "GET", "/api/v1/runs?limit=5", null);
        assertThat(list.header("ETag")).isNotNull().isNotEqualTo(tag);
        assertThat(given().header("Authorization", "Bearer " + AdminToken.SECRET).header("If-None-Match", list.header("ETag"))
                .get("/api/v1/runs?limit=5").statusCode()).isIn(200, 304);
    }

    @Test
    void whatAnAttemptLeftInStagingIsListedAndRead() throws IOException {
        String id = submit("default");
        String staging = as(AdminToken.SECRET, "GET", "/api/v1/workspaces/default", null).jsonPath().getString("stagingLocation");
        Path attempt = Path.of(URI.create(staging)).resolve("runs/" + id + "/1");
        Files.createDirectories(attempt.resolve("outputs/report"));
        Files.writeString(attempt.resolve("driver.log"), "hello from the driver\n");
        Files.writeString(attempt.resolve("outputs/report/part-0.csv"), "region,revenue\neast,1\n");

        Response listed = as(AdminToken.SECRET, "GET", "/api/v1/runs/" + id + "/staging", null);
        assertThat(listed.statusCode()).as(listed.asString()).isEqualTo(200);
        assertThat(listed.jsonPath().getInt("attempt")).isEqualTo(1);
        assertThat(listed.jsonPath().getList("items.path")).containsExactly("driver.log", "outputs/report/part-0.csv");
        assertThat(listed.jsonPath().getList("items.size", Integer.class)).containsExactly(22, 22);

        Response file = as(AdminToken.SECRET, "GET", "/api/v1/runs/" + id + "/staging/content?path=outputs/report/part-0.csv", null);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.asString()).isEqualTo("region,revenue\neast,1\n");
        assertThat(file.header("Content-Disposition")).isEqualTo("attachment; filename=\"part-0.csv\"");

        assertThat(as(AdminToken.SECRET, "GET", "/api/v1/runs/" + id + "/staging/content?path=outputs/missing.csv", null).statusCode()).isEqualTo(404);
        Response outside = as(AdminToken.SECRET, "GET", "/api/v1/runs/" + id + "/staging/content?path=../work/secret.txt", null);
        assertThat(outside.statusCode()).isEqualTo(400);
        assertThat(outside.jsonPath().getString("errors[0].field")).isEqualTo("query:path");
        assertThat(as(AdminToken.SECRET, "GET", "/api/v1/runs/" + id + "/staging?attempt=2", null).statusCode()).isEqualTo(400);
    }

    @Test
    void aCallerSeesNoStagingOfAnotherWorkspace() {
        Response created = as(AdminToken.SECRET, "POST", "/api/v1/workspaces", "{\"id\": \"console-other\"}");
        assertThat(created.statusCode()).isIn(201, 409);
        String id = submit("console-other");
        String viewer = token("viewer", "default");
        assertThat(as(viewer, "GET", "/api/v1/runs/" + id + "/staging", null).statusCode()).isEqualTo(404);
        assertThat(as(viewer, "GET", "/api/v1/runs/" + id + "/staging/content?path=driver.log", null).statusCode()).isEqualTo(404);
    }
}
