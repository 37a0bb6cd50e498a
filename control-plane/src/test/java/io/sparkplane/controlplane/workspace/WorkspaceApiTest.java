package io.sparkplane.controlplane.workspace;

import static io.restassured.RestAssured.given;
import static io.sparkplane.controlplane.support.CheckedResponses.checked;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sparkplane.controlplane.run.AttemptTokens;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.run.RunLifecycle;
import io.sparkplane.controlplane.staging.Staging;
import io.sparkplane.controlplane.support.AdminToken;
import io.sparkplane.controlplane.support.PostgresTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Workspaces over the API against a real PostgreSQL and file staging: each keeps its artifacts and
 * its runs' files under its own staging location and limits what its runs may name; every answer is
 * checked against the OpenAPI document.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class WorkspaceApiTest {

    @BeforeEach
    void asAdmin() {
        AdminToken.sendWithEveryRequest();
    }


    @Inject
    RunLifecycle lifecycle;

    @Inject
    AttemptTokens tokens;

    @Inject
    Staging controlPlaneStaging;


    private static Response post(String path, String json) {
        return checked("POST", path, given().contentType(ContentType.JSON).body(json).post(path));
    }

    private static Response get(String path) {
        return checked("GET", path, given().get(path));
    }

    private static String newId() {
        return "team-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Path stagingDirectory(String id) throws Exception {
        return Files.createDirectories(Path.of("target", "workspace-staging", id).toAbsolutePath());
    }

    @Test
    void aWorkspaceKeepsItsOwnSettingsAndIsListed() throws Exception {
        String id = newId();
        Path staging = stagingDirectory(id);

        Response created = post("/api/v1/workspaces", """
                {"id": "%s", "stagingLocation": "%s", "allowedSchemes": ["s3", "https"]}""".formatted(id, staging.toUri()));

        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/api/v1/workspaces/" + id);
        assertThat(created.jsonPath().getString("stagingLocation")).isEqualTo(staging.toUri().toString());
        assertThat(created.jsonPath().getList("allowedSchemes")).containsExactly("s3", "https");
        assertThat(created.jsonPath().getString("storeProfile")).isEqualTo("default");
        assertThat(get("/api/v1/workspaces/" + id).jsonPath().getString("stagingLocation")).isEqualTo(staging.toUri().toString());
        List<String> listed = get("/api/v1/workspaces").jsonPath().getList("items.id");
        assertThat(listed).contains("default", id);
        // the default follows the control plane's configuration
        Response fallback = get("/api/v1/workspaces/default");
        assertThat(fallback.jsonPath().getList("allowedSchemes")).containsExactly("s3", "gs", "abfss", "wasbs", "https");
        assertThat(fallback.jsonPath().getString("stagingLocation")).isEqualTo(controlPlaneStaging.layout().root().uri());
    }

    @Test
    void aWorkspaceWithoutSettingsTakesTheControlPlanes() {
        String id = newId();
        Response created = post("/api/v1/workspaces", "{\"id\": \"" + id + "\"}");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.jsonPath().getString("stagingLocation")).isEqualTo(get("/api/v1/workspaces/default").jsonPath().getString("stagingLocation"));
    }

    @Test
    void aWorkspaceMayUseAConfiguredStoreProfile() {
        String id = newId();
        Response created = post("/api/v1/workspaces", "{\"id\": \"" + id + "\", \"storeProfile\": \"analytics\"}");

        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        assertThat(get("/api/v1/workspaces/" + id).jsonPath().getString("storeProfile")).isEqualTo("analytics");
    }

    @Test
    void anExistingWorkspaceIsNotReplaced() throws Exception {
        String id = newId();
        assertThat(post("/api/v1/workspaces", "{\"id\": \"" + id + "\", \"allowedSchemes\": [\"s3\"]}").statusCode()).isEqualTo(201);

        Response again = post("/api/v1/workspaces", "{\"id\": \"" + id + "\", \"allowedSchemes\": [\"gs\"]}");

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.jsonPath().getString("detail")).contains(id);
        assertThat(get("/api/v1/workspaces/" + id).jsonPath().getList("allowedSchemes")).containsExactly("s3");
        assertThat(post("/api/v1/workspaces", "{\"id\": \"default\"}").statusCode()).isEqualTo(409);
    }

    @Test
    void badSettingsAreNamedByFieldAndCreateNothing() {
        String id = "Team_" + UUID.randomUUID().toString().substring(0, 4);

        Response refused = post("/api/v1/workspaces", """
                {"id": "%s", "stagingLocation": "http://example.com/staging/", "allowedSchemes": ["ftp", "s3", "s3"]}""".formatted(id));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.jsonPath().getList("errors.field")).containsExactlyInAnyOrder("id", "stagingLocation", "allowedSchemes[0]", "allowedSchemes[2]");
        assertThat(get("/api/v1/workspaces/" + id).statusCode()).isEqualTo(404);

        Response badAzure = post("/api/v1/workspaces", "{\"id\": \"" + newId() + "\", \"stagingLocation\": \"abfss://staging@example.com/x/\"}");
        assertThat(badAzure.statusCode()).isEqualTo(400);
        assertThat(badAzure.jsonPath().getList("errors.field")).containsExactly("stagingLocation");
        Response badProfile = post("/api/v1/workspaces", "{\"id\": \"" + newId() + "\", \"storeProfile\": \"nowhere\"}");
        assertThat(badProfile.statusCode()).isEqualTo(400);
        assertThat(badProfile.jsonPath().getList("errors.field")).containsExactly("storeProfile");
        assertThat(post("/api/v1/workspaces", "{\"id\": \"" + newId() + "\", \"color\": \"blue\"}").statusCode()).isEqualTo(400);
        // a staging location its store cannot reach is refused, the workspace not created
        String unreachable = newId();
        Response refusedStaging = post("/api/v1/workspaces", "{\"id\": \"" + unreachable + "\", \"stagingLocation\": \"file:///dev/null/staging/\"}");
        assertThat(refusedStaging.statusCode()).isEqualTo(400);
        assertThat(refusedStaging.jsonPath().getList("errors.field")).containsExactly("stagingLocation");
        assertThat(get("/api/v1/workspaces/" + unreachable).statusCode()).isEqualTo(404);
    }

    @Test
    void runsAndArtifactsBelongToTheirWorkspace() throws Exception {
        String id = newId();
        Path staging = stagingDirectory(id);
        assertThat(post("/api/v1/workspaces", """
                {"id": "%s", "stagingLocation": "%s", "allowedSchemes": ["s3"]}""".formatted(id, staging.toUri())).statusCode()).isEqualTo(201);
        byte[] script = ("print('workspace " + UUID.randomUUID() + "')").getBytes(StandardCharsets.UTF_8);

        Response artifact = checked("POST", "/api/v1/artifacts?name=job.py&workspace=" + id, given().contentType(ContentType.BINARY)
                .body(script).post("/api/v1/artifacts?name=job.py&workspace=" + id));
        assertThat(artifact.statusCode()).as(artifact.asString()).isEqualTo(201);
        assertThat(artifact.jsonPath().getString("workspace")).isEqualTo(id);
        assertThat(artifact.jsonPath().getString("uri")).startsWith(staging.toUri() + "artifacts/sha256/");
        String ref = artifact.jsonPath().getString("ref");
        String hash = artifact.jsonPath().getString("sha256");
        assertThat(get("/api/v1/artifacts/sha256/" + hash + "?workspace=" + id).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/artifacts/sha256/" + hash).statusCode()).as("not in the default workspace's staging").isEqualTo(404);

        Response run = post("/api/v1/runs", "{\"workspace\": \"" + id + "\", \"entrypoint\": {\"pythonFile\": \"" + ref + "\"}}");
        assertThat(run.statusCode()).as(run.asString()).isEqualTo(201);
        assertThat(run.jsonPath().getString("workspace")).isEqualTo(id);
        String runId = run.jsonPath().getString("id");
        assertThat(get("/api/v1/runs?workspace=" + id).jsonPath().getList("items.id")).containsExactly(runId);
        assertThat(get("/api/v1/runs?limit=200").jsonPath().getList("items.id")).contains(runId);

        // the engine fetches the artifact from, and copies its files to, the workspace's staging
        UUID uuid = UUID.fromString(runId);
        QuarkusTransaction.requiringNew().run(() -> lifecycle.startAttempt(RunEntity.findById(uuid)));
        String token = tokens.tokenFor(uuid, 1);
        Response fetched = given().urlEncodingEnabled(true).header("Authorization", "Bearer " + token).queryParam("ref", ref)
                .get("/internal/v1/runs/" + runId + "/attempts/1/inputs");
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.asByteArray()).isEqualTo(script);
        Response staged = given().contentType(ContentType.BINARY).header("Authorization", "Bearer " + token).body("log".getBytes(StandardCharsets.UTF_8))
                .put("/internal/v1/runs/" + runId + "/attempts/1/staging/driver.log");
        assertThat(staged.statusCode()).as(staged.asString()).isEqualTo(200);
        assertThat(staging.resolve("runs/" + runId + "/1/driver.log")).hasContent("log");
    }

    @Test
    void aRunNamesOnlyWhatItsWorkspaceAllows() {
        String id = newId();
        assertThat(post("/api/v1/workspaces", "{\"id\": \"" + id + "\", \"allowedSchemes\": [\"s3\"]}").statusCode()).isEqualTo(201);

        Response refused = post("/api/v1/runs", """
                {"workspace": "%s", "entrypoint": {"pythonFile": "gs://jobs/etl.py"}, "files": ["s3://data/lookup.csv"]}""".formatted(id));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.jsonPath().getList("errors.field")).containsExactly("entrypoint.pythonFile");

        // the default workspace allows gs://
        Response elsewhere = post("/api/v1/runs", "{\"entrypoint\": {\"pythonFile\": \"gs://jobs/etl.py\"}}");
        assertThat(elsewhere.statusCode()).as(elsewhere.asString()).isEqualTo(201);
        assertThat(elsewhere.jsonPath().getString("workspace")).isEqualTo("default");
    }

    @Test
    void anUnknownWorkspaceIsABadRequestNamingTheField() {
        Response run = post("/api/v1/runs", "{\"workspace\": \"nowhere\", \"entrypoint\": {\"pythonFile\": \"s3://jobs/etl.py\"}}");
        assertThat(run.statusCode()).isEqualTo(400);
        assertThat(run.jsonPath().getList("errors.field")).containsExactly("workspace");

        Response list = get("/api/v1/runs?workspace=nowhere");
        assertThat(list.statusCode()).isEqualTo(400);
        assertThat(list.jsonPath().getList("errors.field")).containsExactly("query:workspace");

        Response upload = checked("POST", "/api/v1/artifacts?workspace=nowhere", given().contentType(ContentType.BINARY)
                .body(new byte[] {1, 2, 3}).post("/api/v1/artifacts?workspace=nowhere"));
        assertThat(upload.statusCode()).isEqualTo(400);
        assertThat(upload.jsonPath().getList("errors.field")).containsExactly("query:workspace");
        assertThat(get("/api/v1/workspaces/nowhere").statusCode()).isEqualTo(404);
    }

    @Test
    void aWorkspaceWhoseStoreProfileWasRemovedAnswers503() {
        // as a workspace created under a profile the configuration no longer has
        String id = newId();
        QuarkusTransaction.requiringNew().run(() -> {
            WorkspaceEntity entity = new WorkspaceEntity();
            entity.id = id;
            entity.createdAt = java.time.Instant.now();
            entity.storeProfile = "retired";
            entity.persist();
        });

        assertThat(get("/api/v1/workspaces/" + id).jsonPath().getString("storeProfile")).isEqualTo("retired");
        Response upload = checked("POST", "/api/v1/artifacts?workspace=" + id, given().contentType(ContentType.BINARY)
                .body(new byte[] {1, 2, 3}).post("/api/v1/artifacts?workspace=" + id));
        assertThat(upload.statusCode()).isEqualTo(503);
        assertThat(upload.jsonPath().getString("detail")).contains("store profile 'retired' is not configured");
        Response lookup = get("/api/v1/artifacts/sha256/" + "a".repeat(64) + "?workspace=" + id);
        assertThat(lookup.statusCode()).isEqualTo(503);
        Response run = post("/api/v1/runs", "{\"workspace\": \"" + id + "\", \"entrypoint\": {\"pythonFile\": \"artifact:sha256:"
                + "a".repeat(64) + "/job.py\"}}");
        assertThat(run.statusCode()).isEqualTo(503);
    }
}
