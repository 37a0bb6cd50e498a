package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.store.s3.S3ObjectStore;
import io.sparkplane.store.s3.S3ProxyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link StagingEndToEndContract} in S3: s3proxy 2.6.0, a real S3-protocol server, in this JVM; jobs
 * reach it themselves through S3A ({@code s3a://}) with the static keys the control plane injects.
 * And a workspace with a staging location of its own: its artifact, its run's driver log, event log
 * and outputs are kept there, not in the control plane's staging; and a workspace with a store
 * profile of its own, whose staging, inputs and job paths are on a second s3proxy that the control
 * plane's own S3 settings do not reach.
 */
class S3StagingEndToEndIT extends StagingEndToEndContract {

    private S3ProxyServer s3;
    private S3ObjectStore store;
    /** The second server's own keys: the control plane's default ones are refused there, and these by the first. */
    private static final String SECOND_ACCESS_KEY_ID = "team-c-access-key";
    private static final String SECOND_SECRET_ACCESS_KEY = "team-c-secret-key-" + java.util.UUID.randomUUID();

    private S3ProxyServer secondS3;
    private S3ObjectStore secondStore;

    @Override
    void startPeer(Path directory) throws Exception {
        s3 = S3ProxyServer.start(directory);
        s3.createBucket("staging");
        s3.createBucket("data");
        store = new S3ObjectStore(s3.settings());
        secondS3 = S3ProxyServer.start(java.nio.file.Files.createDirectories(directory.resolve("second")), SECOND_ACCESS_KEY_ID,
                SECOND_SECRET_ACCESS_KEY);
        secondS3.createBucket("elsewhere");
        secondStore = new S3ObjectStore(secondS3.settings());
    }

    @Override
    void stopPeer() throws Exception {
        for (AutoCloseable closeable : java.util.Arrays.asList(store, s3, secondStore, secondS3)) {
            if (closeable != null) {
                closeable.close();
            }
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
        Map<String, String> properties = new java.util.TreeMap<>(s3Properties("sparkplane.store.s3.", s3,
                S3ProxyServer.ACCESS_KEY_ID, S3ProxyServer.SECRET_ACCESS_KEY));
        properties.putAll(s3Properties("sparkplane.store-profiles.second.s3.", secondS3, SECOND_ACCESS_KEY_ID, SECOND_SECRET_ACCESS_KEY));
        return properties;
    }

    private static Map<String, String> s3Properties(String prefix, S3ProxyServer server, String accessKeyId, String secretAccessKey) {
        return Map.of(
                prefix + "endpoint", server.endpoint().toString(),
                prefix + "region", "us-east-1",
                prefix + "path-style-access", "true",
                prefix + "checksums", "when-required",
                prefix + "access-key-id", accessKeyId,
                prefix + "secret-access-key", secretAccessKey);
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

        // a History Server reads the workspace's history/ in the bucket through the engine's S3A connector
        String application = store.list(Location.parse(prefix + "eventlog/")).get(0).location().key()
                .replaceFirst(".*/eventlog/eventlog_v2_([^/]+)/.*", "$1");
        Map<String, String> s3a = Map.of(
                "spark.hadoop.fs.s3a.endpoint", s3.endpoint().toString(),
                "spark.hadoop.fs.s3a.path.style.access", "true",
                "spark.hadoop.fs.s3a.connection.ssl.enabled", "false",
                "spark.hadoop.fs.s3a.endpoint.region", "us-east-1",
                "spark.hadoop.fs.s3a.access.key", S3ProxyServer.ACCESS_KEY_ID,
                "spark.hadoop.fs.s3a.secret.key", S3ProxyServer.SECRET_ACCESS_KEY,
                "aws.requestChecksumCalculation", "WHEN_REQUIRED",
                "aws.responseChecksumValidation", "WHEN_REQUIRED");
        try (HistoryServerProcess history = HistoryServerProcess.start("s3a://data/team-b/staging/history/", s3a,
                ControlPlaneProcess.CONNECTORS)) {
            JsonNode shown = history.awaitApplication(application, Duration.ofSeconds(90));
            assertThat(shown.get("attempts").get(0).get("completed").asBoolean()).isTrue();
        }
    }

    @Test
    void aWorkspaceWithItsOwnStoreProfileReachesOnlyItsStores() throws Exception {
        String workspaceStaging = "s3://elsewhere/staging/";
        JsonNode workspace = client().createWorkspace("""
                {"id": "team-c", "stagingLocation": "%s", "storeProfile": "second"}""".formatted(workspaceStaging));
        assertThat(workspace.get("storeProfile").asText()).isEqualTo("second");
        Path csv = ControlPlaneProcess.ROOT.resolve("examples/data/sales.csv");
        secondStore.put(Location.parse("s3://elsewhere/input/sales.csv"), csv);
        JsonNode artifact = SparkplaneClient.json(client().uploadArtifact(JOBS.resolve("object_store_sales.py"), "object_store_sales.py", "team-c").body());
        assertThat(secondStore.stat(Location.parse(artifact.get("uri").asText()))).isPresent();

        // the job reads and writes through S3A with the profile's endpoint, and its files go to the profile's staging
        String id = client().submit("""
                {"workspace": "team-c", "entrypoint": {"pythonFile": "%s"}, "args": ["s3a://elsewhere/input/sales.csv", "s3a://elsewhere/revenue"]}
                """.formatted(artifact.get("ref").asText())).get("id").asText();
        JsonNode run = client().awaitEnd(id, RUN_TIMEOUT);
        assertThat(run.get("state").asText()).as(run + "\n" + client().logs(id)).isEqualTo("SUCCEEDED");
        assertThat(secondStore.list(Location.parse("s3://elsewhere/revenue/"))).anyMatch(info -> info.location().name().startsWith("part-"));
        assertThat(secondStore.stat(Location.parse(workspaceStaging + "runs/" + id + "/1/driver.log"))).isPresent();
        assertThat(store.list(Location.parse(stagingUri() + "runs/" + id + "/"))).isEmpty();
        String log = client().logs(id);
        for (String shown : List.of(log, client().run(id).toString(), client().events(id).toString(), client().workspace("team-c").toString(),
                java.nio.file.Files.readString(controlPlane().log()))) {
            assertThat(shown).doesNotContain(SECOND_SECRET_ACCESS_KEY);
        }

        // the control plane's own settings do not reach the second server: its bucket is not there
        String other = client().submit("""
                {"entrypoint": {"pythonFile": "%s"}, "files": ["s3://elsewhere/input/sales.csv"]}
                """.formatted(SparkplaneClient.json(client().uploadArtifact(JOBS.resolve("staged_sales.py"), "staged_sales.py").body())
                        .get("ref").asText())).get("id").asText();
        JsonNode failed = client().awaitEnd(other, RUN_TIMEOUT);
        assertThat(failed.get("reason").asText()).isEqualTo("STAGING_FAILED");
        assertThat(failed.get("message").asText()).contains("s3://elsewhere/input/sales.csv");
    }
}
