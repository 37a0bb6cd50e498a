package io.sparkplane.tests;

import io.sparkplane.aws.s3.S3ObjectStore;
import io.sparkplane.aws.s3.S3ProxyServer;
import io.sparkplane.spi.storage.ObjectStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@link StagingEndToEndContract} in S3: s3proxy 2.6.0, a real S3-protocol server, in this JVM; jobs
 * reach it themselves through S3A ({@code s3a://}) with the static keys the control plane injects.
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
}
