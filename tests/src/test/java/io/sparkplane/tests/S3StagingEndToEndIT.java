package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.aws.s3.S3ObjectStore;
import io.sparkplane.aws.s3.S3ProxyServer;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link StagingEndToEndContract} in S3: s3proxy 2.6.0, a real S3-protocol server, in this JVM; jobs
 * reach it themselves through S3A ({@code s3a://}) with the static keys the control plane injects.
 * And a workspace with a staging location of its own: its artifact, its run's driver log, event log
 * and outputs are kept there, not in the control plane's staging.
 */
class S3StagingEndToEndIT extends StagingEndToEndContract {

    private S3ProxyServer s3;
    private S3ObjectStore store;

    @Override
    void startPeer(Path directory) throws Exception {
        s3 = S3ProxyServer.start(directory);
        s3.createBucket("staging");
        s3.createBucket("data");
        store = new S3ObjectStore(s3.settings());
    }

    @Override
    void stopPeer() throws Exception {
        if (store != null) {
            store.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Override
    ObjectStore store() {
        return store;
    }

    @Override
    String stagingUri() {
        return "s3://staging/sparkplane/";
    }

    @Override
    String dataUri(String key) {
        return "s3://data/" + key;
    }

    @Override
    String missingContainerUri() {
        return "s3://no-such-bucket/sales.csv";
    }

    @Override
    Map<String, String> storeProperties() {
        return Map.of(
                "sparkplane.store.s3.endpoint", s3.endpoint().toString(),
                "sparkplane.store.s3.region", "us-east-1",
                "sparkplane.store.s3.path-style-access", "true",
                "sparkplane.store.s3.checksums", "when-required",
                "sparkplane.store.s3.access-key-id", S3ProxyServer.ACCESS_KEY_ID,
                "sparkplane.store.s3.secret-access-key", S3ProxyServer.SECRET_ACCESS_KEY);
    }

    @Override
    String jobUri(String key) {
        return "s3a://data/" + key;
    }

    @Override
    List<String> secrets() {
        return List.of(S3ProxyServer.SECRET_ACCESS_KEY);
    }

    @Test
    void aWorkspaceKeepsItsRunsUnderItsOwnStagingLocation() throws Exception {
        String workspaceStaging = "s3://data/team-b/staging/";
        JsonNode workspace = client().createWorkspace("""
                {"id": "team-b", "stagingLocation": "%s", "allowedSchemes": ["s3"]}""".formatted(workspaceStaging));
        assertThat(workspace.get("stagingLocation").asText()).isEqualTo(workspaceStaging);
        Path csv = ControlPlaneProcess.ROOT.resolve("examples/data/sales.csv");
        store.put(Location.parse("s3://data/team-b/sales.csv"), csv);
        JsonNode artifact = SparkplaneClient.json(client().uploadArtifact(JOBS.resolve("staged_sales.py"), "staged_sales.py", "team-b").body());
        assertThat(artifact.get("uri").asText()).startsWith(workspaceStaging + "artifacts/sha256/");

        String id = client().submit("""
                {"workspace": "team-b", "entrypoint": {"pythonFile": "%s"}, "args": ["sales.csv"], "files": ["s3://data/team-b/sales.csv"]}
                """.formatted(artifact.get("ref").asText())).get("id").asText();
        JsonNode run = client().awaitEnd(id, RUN_TIMEOUT);
        assertThat(run.get("state").asText()).as(run + "\n" + client().logs(id)).isEqualTo("SUCCEEDED");
        assertThat(run.get("workspace").asText()).isEqualTo("team-b");

        String prefix = workspaceStaging + "runs/" + id + "/1/";
        assertThat(store.stat(Location.parse(prefix + "driver.log"))).isPresent();
        assertThat(store.stat(Location.parse(prefix + "outputs/revenue_by_region.csv"))).isPresent();
        assertThat(store.list(Location.parse(prefix + "eventlog/"))).isNotEmpty();
        assertThat(store.list(Location.parse(workspaceStaging + "history/"))).anyMatch(info -> info.location().key().contains(id));
        assertThat(store.list(Location.parse(stagingUri() + "runs/" + id + "/"))).as("nothing in the control plane's staging").isEmpty();
    }
}
