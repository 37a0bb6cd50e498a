package io.sparkplane.controlplane.engineapi;

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
import io.sparkplane.controlplane.staging.ArtifactHash;
import io.sparkplane.controlplane.staging.Staging;
import io.sparkplane.controlplane.support.AdminToken;
import io.sparkplane.controlplane.support.PostgresTestResource;
import io.sparkplane.spi.storage.Location;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's side of staging: fetching the run's own inputs and copying files to the attempt's
 * staging prefix, each call with the attempt's token, against file staging and a real PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class EngineStagingApiTest {

    @BeforeEach
    void asAdmin() {
        AdminToken.sendWithEveryRequest();
    }


    @Inject
    RunLifecycle lifecycle;

    @Inject
    AttemptTokens tokens;

    @Inject
    Staging staging;


    private record Submitted(UUID runId, String ref, String hash) {}

    private Submitted runWithArtifact(String script) {
        Response artifact = given().contentType(ContentType.BINARY).body(script.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/artifacts?name=job.py");
        assertThat(artifact.statusCode()).isIn(200, 201);
        String ref = artifact.jsonPath().getString("ref");
        String body = "{\"entrypoint\": {\"pythonFile\": \"" + ref + "\"}, \"archives\": [\"" + ref.replace("job.py", "env.zip") + "#env\"]}";
        Response created = given().contentType(ContentType.JSON).body(body).post("/api/v1/runs");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        UUID runId = UUID.fromString(created.jsonPath().getString("id"));
        QuarkusTransaction.requiringNew().run(() -> lifecycle.startAttempt(RunEntity.findById(runId)));
        return new Submitted(runId, ref, artifact.jsonPath().getString("sha256"));
    }

    private Response fetch(UUID runId, String reference, String token) {
        String path = "/internal/v1/runs/" + runId + "/attempts/1/inputs?ref=" + URLEncoder.encode(reference, StandardCharsets.UTF_8);
        var request = given().urlEncodingEnabled(false);
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        return checked("GET", path, request.get(path));
    }

    private Response put(UUID runId, String stagedPath, byte[] body, String token) {
        String path = "/internal/v1/runs/" + runId + "/attempts/1/staging/" + stagedPath;
        var request = given().urlEncodingEnabled(false).contentType(ContentType.BINARY).body(body);
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        return checked("PUT", path, request.put(path));
    }

    @Test
    void servesTheRunsOwnInputsOnly() {
        String script = "print('fetched " + UUID.randomUUID() + "')";
        Submitted run = runWithArtifact(script);
        String token = tokens.tokenFor(run.runId(), 1);

        Response fetched = fetch(run.runId(), run.ref(), token);
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.asString()).isEqualTo(script);
        // an archive is fetched without its #alias
        assertThat(fetch(run.runId(), run.ref().replace("job.py", "env.zip"), token).asString()).isEqualTo(script);

        Response notNamed = fetch(run.runId(), "s3://someone-elses-bucket/secret.csv", token);
        assertThat(notNamed.statusCode()).isEqualTo(403);
        assertThat(notNamed.jsonPath().getString("detail")).contains("does not name s3://someone-elses-bucket/secret.csv");

        assertThat(fetch(run.runId(), run.ref(), null).statusCode()).isEqualTo(401);
        assertThat(fetch(run.runId(), run.ref(), tokens.tokenFor(UUID.randomUUID(), 1)).statusCode()).isEqualTo(401);
    }

    @Test
    void aMissingArtifactIsNamedInTheAnswer() {
        Submitted run = runWithArtifact("print('deleted " + UUID.randomUUID() + "')");
        Location location = staging.layout().artifact(new ArtifactHash(run.hash()));
        staging.stores().delete(location);

        Response missing = fetch(run.runId(), run.ref(), tokens.tokenFor(run.runId(), 1));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.jsonPath().getString("detail")).contains(location.uri());
    }

    @Test
    void copiesFilesUnderTheAttemptsPrefixOnly() throws Exception {
        Submitted run = runWithArtifact("print('outputs " + UUID.randomUUID() + "')");
        String token = tokens.tokenFor(run.runId(), 1);
        byte[] report = "region,total\nnorth,3\n".getBytes(StandardCharsets.UTF_8);

        Response stored = put(run.runId(), "outputs/reports/by%20region.csv", report, token);
        assertThat(stored.statusCode()).as(stored.asString()).isEqualTo(200);
        Location expected = staging.layout().attempt(run.runId(), 1).resolve("outputs/reports/by region.csv");
        assertThat(stored.jsonPath().getString("uri")).isEqualTo(expected.uri());
        try (InputStream in = staging.stores().open(expected)) {
            assertThat(in.readAllBytes()).isEqualTo(report);
        }

        for (String escaping : new String[] {"launch.json", "eventlog", "outputs/a%2F..%2F..%2Fx", "outputs/a%5C..%5Cx"}) {
            Response refused = put(run.runId(), escaping, report, token);
            assertThat(refused.statusCode()).as(escaping).isEqualTo(400);
            assertThat(refused.jsonPath().getString("errors[0].field")).isEqualTo("path");
        }
        // dot segments are resolved by the HTTP server before routing: the request lands on no route
        Response dotted = put(run.runId(), "outputs/%2E%2E/%2E%2E/x", report, token);
        assertThat(dotted.statusCode()).isIn(400, 404);
        assertThat(staging.stores().stat(staging.layout().root().resolve("runs/" + run.runId() + "/x"))).isEmpty();
        Response anonymous = put(run.runId(), "outputs/anonymous.csv", report, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(staging.stores().stat(staging.layout().attempt(run.runId(), 1).resolve("outputs/anonymous.csv"))).isEmpty();
    }
}
