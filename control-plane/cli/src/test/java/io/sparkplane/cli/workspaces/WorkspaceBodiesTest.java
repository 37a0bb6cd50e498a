package io.sparkplane.cli.workspaces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.api.contract.OpenApiContract;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The bodies workspaces create and update send are ones the contract takes. */
class WorkspaceBodiesTest {

    private static final OpenApiContract CONTRACT = OpenApiContract.load();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void createTakesEveryOption() throws Exception {
        WorkspacesCommand.Create create = new WorkspacesCommand.Create();
        new CommandLine(create).parseArgs("analytics", "--staging-location", "s3://lake/staging/", "--allowed-schemes", "s3,https",
                "--store-profile", "lake", "--display-name", "Analytics", "--default-backend", "kubernetes", "--max-active-runs", "10",
                "--max-queued-runs", "none", "--max-executors", "64");
        String body = JSON.writeValueAsString(create.body());
        CONTRACT.assertRequestBody("POST", "/api/v1/workspaces", body);
        assertThat(create.body().path("quotas").path("maxQueuedRuns").isNull()).isTrue();
        assertThat(create.body().path("allowedSchemes").size()).isEqualTo(2);
    }

    @Test
    void updateIsAMergePatchWhereNoneClears() throws Exception {
        WorkspacesCommand.Update update = new WorkspacesCommand.Update();
        new CommandLine(update).parseArgs("analytics", "--display-name", "none", "--max-active-runs", "3");
        CONTRACT.assertRequestBody("PATCH", "/api/v1/workspaces/analytics", JSON.writeValueAsString(update.body()));
        assertThat(update.body().path("displayName").isNull()).isTrue();
        assertThat(update.body().has("defaultBackend")).isFalse();
    }
}
