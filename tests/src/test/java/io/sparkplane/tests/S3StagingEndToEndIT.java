package io.sparkplane.tests;

import io.sparkplane.aws.s3.S3ObjectStore;
import io.sparkplane.aws.s3.S3ProxyServer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectInfo;
import io.sparkplane.spi.storage.ObjectStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link StagingEndToEndContract} in S3: s3proxy 2.6.0, a real S3-protocol server, in this JVM; and a
 * job that reads and writes the bucket itself through {@code s3a://}, with the endpoint and the keys
 * the control plane injected, none of which shows in what the API or the logs return.
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

    @Test
    void aJobReadsAndWritesTheBucketThroughS3aWithInjectedSettings() throws Exception {
        Path csv = ControlPlaneProcess.ROOT.resolve("examples/data/sales.csv");
        store.put(Location.parse("s3://data/s3a/sales.csv"), csv);
        String ref = SparkplaneClient.json(client().uploadArtifact(JOBS.resolve("s3a_sales.py"), "s3a_sales.py").body()).get("ref").asText();

        String id = client().submit("""
                {"entrypoint": {"pythonFile": "%s"}, "args": ["s3a://data/s3a/sales.csv", "s3a://data/s3a/revenue/"]}
                """.formatted(ref)).get("id").asText();
        JsonNode run = client().awaitEnd(id, RUN_TIMEOUT);
        String log = client().logs(id);
        assertThat(run.get("state").asText()).as(run + "\n" + log).isEqualTo("SUCCEEDED");

        List<ObjectInfo> parts = store.list(Location.parse("s3://data/s3a/revenue/")).stream()
                .filter(info -> info.location().name().startsWith("part-"))
                .toList();
        assertThat(parts).hasSize(1);
        Map<String, String> written = new TreeMap<>();
        try (InputStream in = store.open(parts.get(0).location())) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1)
                    .forEach(line -> written.put(line.split(",")[0], String.format(java.util.Locale.ROOT, "%.2f", Double.parseDouble(line.split(",")[1]))));
        }
        assertThat(written).isEqualTo(expectedRevenue(csv));

        // the keys reached the job, and nothing a user or an operator reads shows them
        String secret = S3ProxyServer.SECRET_ACCESS_KEY;
        assertThat(log).doesNotContain(secret);
        assertThat(client().run(id).toString()).doesNotContain(secret);
        assertThat(client().events(id).toString()).doesNotContain(secret);
        assertThat(Files.readString(controlPlane().log())).doesNotContain(secret);
    }
}
