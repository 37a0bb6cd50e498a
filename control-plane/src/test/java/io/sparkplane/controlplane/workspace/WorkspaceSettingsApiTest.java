package io.sparkplane.controlplane.workspace;

import static io.restassured.RestAssured.given;
import static io.sparkplane.controlplane.support.CheckedResponses.checked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.auth.Role;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.support.AdminToken;
import io.sparkplane.controlplane.support.PostgresTestResource;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A workspace's changeable settings, its queue quota and its deletion, against a real PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class WorkspaceSettingsApiTest {

    @Inject
    Workspaces workspaces;

    @BeforeEach
    void asAdmin() {
        AdminToken.sendWithEveryRequest();
    }

    private static String workspace() {
        String id = "ws-" + Long.toString(System.nanoTime(), 36);
        Response created = checked("POST", "/api/v1/workspaces", given().contentType(ContentType.JSON).body("{\"id\": \"" + id + "\"}")
                .post("/api/v1/workspaces"));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.jsonPath().getString("displayName")).isNull();
        assertThat(created.jsonPath().getMap("quotas")).containsEntry("maxActiveRuns", null);
        assertThat(created.jsonPath().getInt("usage.queuedRuns")).isZero();
        return id;
    }

    private static Response patch(String id, String body) {
        String path = "/api/v1/workspaces/" + id;
        return checked("PATCH", path, given().contentType("application/merge-patch+json").body(body).patch(path));
    }

    private static Response submit(String workspace, String key) {
        var request = given().contentType(ContentType.JSON);
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return checked("POST", "/api/v1/runs", request.body("{\"entrypoint\": {\"pythonFile\": \"/opt/jobs/a.py\"}, \"workspace\": \"" + workspace + "\"}")
                .post("/api/v1/runs"));
    }

    private static long runsIn(String workspace) {
        return QuarkusTransaction.requiringNew().call(() -> RunEntity.count("workspaceId", workspace));
    }

    @Test
    void anAdminChangesNameQuotasAndDefaultEngineProfileAsAMergePatch() {
        String id = workspace();
        Response changed = patch(id, "{\"displayName\": \"Team A\", \"defaultBackend\": \"local\", \"quotas\": {\"maxActiveRuns\": 2, \"maxQueuedRuns\": 5}}");
        assertThat(changed.statusCode()).as(changed.asString()).isEqualTo(200);
        assertThat(changed.jsonPath().getString("displayName")).isEqualTo("Team A");
        assertThat(changed.jsonPath().getString("defaultBackend")).isEqualTo("local");
        assertThat(changed.jsonPath().getInt("quotas.maxActiveRuns")).isEqualTo(2);
        assertThat(changed.jsonPath().getInt("quotas.maxQueuedRuns")).isEqualTo(5);
        assertThat((Object) changed.jsonPath().get("quotas.maxExecutors")).isNull();

        // left out: unchanged; null: cleared
        Response again = patch(id, "{\"quotas\": {\"maxActiveRuns\": null, \"maxExecutors\": 8}}");
        assertThat(again.jsonPath().getString("displayName")).isEqualTo("Team A");
        assertThat((Object) again.jsonPath().get("quotas.maxActiveRuns")).isNull();
        assertThat(again.jsonPath().getInt("quotas.maxExecutors")).isEqualTo(8);
        assertThat(again.jsonPath().getInt("quotas.maxQueuedRuns")).isEqualTo(5);
        assertThat(given().get("/api/v1/workspaces/" + id).jsonPath().getInt("quotas.maxExecutors")).isEqualTo(8);

        assertThat(patch(id, "{\"displayName\": null, \"quotas\": null}").jsonPath().getMap("quotas")).containsEntry("maxQueuedRuns", null);
    }

    @Test
    void badPatchesNameTheirFieldsAndChangeNothing() {
        String id = workspace();
        patch(id, "{\"displayName\": \"Before\"}");
        String[][] cases = {
                {"{\"stagingLocation\": \"s3://elsewhere/\"}", "stagingLocation"},
                {"{\"color\": \"red\"}", "color"},
                {"{\"quotas\": {\"maxActiveRuns\": -1}}", "quotas.maxActiveRuns"},
                {"{\"quotas\": {\"maxRuns\": 3}}", "quotas.maxRuns"},
                {"{\"quotas\": {\"maxExecutors\": \"4\"}}", "quotas.maxExecutors"},
                {"{\"defaultBackend\": \"emr\"}", "defaultBackend"},
                {"{\"displayName\": \"   \"}", "displayName"},
                {"{\"displayName\": \"x\", \"quotas\": 3}", "quotas"},
        };
        for (String[] badCase : cases) {
            Response refused = patch(id, badCase[0]);
            assertThat(refused.statusCode()).as(badCase[0]).isEqualTo(400);
            assertThat(refused.jsonPath().getList("errors.field")).as(badCase[0]).contains(badCase[1]);
        }
        assertThat(given().get("/api/v1/workspaces/" + id).jsonPath().getString("displayName")).isEqualTo("Before");
    }

    @Test
    void onlyAdminsChangeOrDeleteAndOthersSeeNothingOfWorkspacesNotTheirs() {
        String mine = workspace();
        String theirs = workspace();
        String editor = given().contentType(ContentType.JSON)
                .body("{\"name\": \"e\", \"role\": \"editor\", \"workspaces\": [\"" + mine + "\"]}").post("/api/v1/tokens").jsonPath().getString("secret");
        assertThat(given().header("Authorization", "Bearer " + editor).contentType(ContentType.JSON).body("{\"displayName\": \"x\"}")
                .patch("/api/v1/workspaces/" + mine).statusCode()).isEqualTo(403);
        assertThat(given().header("Authorization", "Bearer " + editor).delete("/api/v1/workspaces/" + mine).statusCode()).isEqualTo(403);
        assertThat(given().header("Authorization", "Bearer " + editor).contentType(ContentType.JSON).body("{\"displayName\": \"x\"}")
                .patch("/api/v1/workspaces/" + theirs).statusCode()).isEqualTo(404);
        assertThat(given().header("Authorization", "Bearer " + editor).delete("/api/v1/workspaces/" + theirs).statusCode()).isEqualTo(404);
        assertThat(given().get("/api/v1/workspaces/" + theirs).statusCode()).isEqualTo(200);
    }

    @Test
    void aFullQueueAnswers429WithRetryAfterAndStoresNothing() {
        String id = workspace();
        patch(id, "{\"quotas\": {\"maxQueuedRuns\": 2}}");
        assertThat(submit(id, "first").statusCode()).isEqualTo(201);
        assertThat(submit(id, null).statusCode()).isEqualTo(201);

        Response full = submit(id, null);
        assertThat(full.statusCode()).isEqualTo(429);
        assertThat(full.header("Retry-After")).matches("[0-9]+");
        assertThat(full.jsonPath().getString("detail")).contains("maxQueuedRuns 2");
        assertThat(runsIn(id)).isEqualTo(2);
        // an idempotent repeat finds its run; it adds nothing to the queue
        assertThat(submit(id, "first").statusCode()).isEqualTo(200);
        assertThat(given().get("/api/v1/workspaces/" + id).jsonPath().getInt("usage.queuedRuns")).isEqualTo(2);

        patch(id, "{\"quotas\": {\"maxQueuedRuns\": null}}");
        assertThat(submit(id, null).statusCode()).isEqualTo(201);
    }

    @Test
    void aWorkspaceWithRunsWaitingCannotBeDeletedAndDefaultNever() {
        String busy = workspace();
        submit(busy, null);
        Response refused = checked("DELETE", "/api/v1/workspaces/" + busy, given().delete("/api/v1/workspaces/" + busy));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.jsonPath().getString("detail")).contains("1 queued or running run");
        assertThat(given().delete("/api/v1/workspaces/default").statusCode()).isEqualTo(409);
        assertThat(given().get("/api/v1/workspaces/" + busy).statusCode()).isEqualTo(200);
    }

    @Test
    void aDeletedWorkspaceIsGoneAndItsIdIsUsedAgainOnlyWhereItWas() {
        String id = workspace();
        Response deleted = checked("DELETE", "/api/v1/workspaces/" + id, given().delete("/api/v1/workspaces/" + id));
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(given().get("/api/v1/workspaces/" + id).statusCode()).isEqualTo(404);
        assertThat(given().get("/api/v1/workspaces").jsonPath().getList("items.id")).doesNotContain(id);
        Response submitted = submit(id, null);
        assertThat(submitted.statusCode()).isEqualTo(400);
        assertThat(submitted.jsonPath().getList("errors.field")).containsExactly("workspace");
        assertThat(given().delete("/api/v1/workspaces/" + id).statusCode()).isEqualTo(404);

        // elsewhere its runs' history would be lost to it: refused
        Response elsewhere = checked("POST", "/api/v1/workspaces", given().contentType(ContentType.JSON)
                .body("{\"id\": \"" + id + "\", \"allowedSchemes\": [\"s3\"]}").post("/api/v1/workspaces"));
        assertThat(elsewhere.statusCode()).isEqualTo(409);
        assertThat(elsewhere.jsonPath().getString("detail")).contains("was deleted");
        // where it was (as a configuration destroyed and applied again makes it): it is there again, with its new settings
        Response again = checked("POST", "/api/v1/workspaces", given().contentType(ContentType.JSON)
                .body("{\"id\": \"" + id + "\", \"displayName\": \"Again\"}").post("/api/v1/workspaces"));
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.jsonPath().getString("displayName")).isEqualTo("Again");
        assertThat(submit(id, null).statusCode()).isEqualTo(201);
    }

    @Test
    void aWorkspaceWithSavedJobsIsNotDeleted() {
        String id = workspace();
        Response job = checked("POST", "/api/v1/jobs", given().contentType(ContentType.JSON).body("{\"workspace\": \"" + id + "\","
                + " \"name\": \"kept\", \"template\": {\"entrypoint\": {\"pythonFile\": \"/opt/jobs/etl.py\"}}}").post("/api/v1/jobs"));
        assertThat(job.statusCode()).as(job.asString()).isEqualTo(201);
        Response refused = checked("DELETE", "/api/v1/workspaces/" + id, given().delete("/api/v1/workspaces/" + id));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.jsonPath().getString("detail")).contains("saved job");
        given().delete("/api/v1/jobs/" + job.jsonPath().getString("id"));
        assertThat(given().delete("/api/v1/workspaces/" + id).statusCode()).isEqualTo(204);
    }

    @Test
    void aRunWithoutABackendTakesItsWorkspacesDefault() {
        String id = workspace();
        patch(id, "{\"defaultBackend\": \"local\"}");
        assertThat(submit(id, null).jsonPath().getString("backend")).isEqualTo("local");
    }

    /** A submit reads its workspace, then locks it in its transaction: the locked read must be the workspace as it is then. */
    @Test
    void aSubmitsLockedReadIsTheWorkspaceAsItIsNowWhenItChangedOrWentSinceItWasRead() {
        String id = workspace();
        Caller admin = Caller.ofToken(UUID.randomUUID(), Role.ADMIN, Set.of());
        Workspace seen = workspaces.find(id).orElseThrow();
        assertThat(QuarkusTransaction.requiringNew().call(() -> workspaces.lockedForSubmit(seen, "workspace", admin))).isSameAs(seen);

        assertThat(patch(id, "{\"quotas\": {\"maxQueuedRuns\": 3}}").statusCode()).isEqualTo(200);
        Workspace changed = QuarkusTransaction.requiringNew().call(() -> workspaces.lockedForSubmit(seen, "workspace", admin));
        assertThat(changed.quotas().maxQueuedRuns()).isEqualTo(Optional.of(3));
        assertThat(changed.version()).isGreaterThan(seen.version());

        assertThat(checked("DELETE", "/api/v1/workspaces/" + id, given().delete("/api/v1/workspaces/" + id)).statusCode()).isEqualTo(204);
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().call(() -> workspaces.lockedForSubmit(seen, "workspace", admin)))
                .isInstanceOf(ProblemException.class).hasMessageContaining("no workspace '" + id + "'");
    }
}
