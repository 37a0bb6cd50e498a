package io.sparkplane.tests;

import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.store.gcs.FakeGcsServerPeer;
import io.sparkplane.store.gcs.GcsCredentials;
import io.sparkplane.store.gcs.GcsObjectStore;
import io.sparkplane.store.gcs.GcsStorageFactory;
import io.sparkplane.store.gcs.GcsStoreSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@link StagingEndToEndContract} in GCS: fake-gcs-server (Go) serving the JSON API, a stand-in for
 * Cloud Storage that checks no credentials; jobs reach it themselves through Google's GCS connector
 * ({@code gs://}) at the endpoint the control plane injects, unauthenticated, so there is no secret
 * to hide here.
 */
class GcsStagingEndToEndIT extends StagingEndToEndContract {

    private FakeGcsServerPeer server;
    private GcsObjectStore store;

    @Override
    void startPeer(Path directory) throws Exception {
        server = FakeGcsServerPeer.start();
        GcsStoreSettings settings = GcsStoreSettings.defaults()
                .withEndpoint(server.endpoint())
                .withProjectId("sparkplane-test")
                .withCredentials(GcsCredentials.none());
        Storage storage = GcsStorageFactory.create(settings);
        storage.create(BucketInfo.of("sparkplane-staging"));
        storage.create(BucketInfo.of("sparkplane-data"));
        store = new GcsObjectStore(storage, settings);
    }

    @Override
    void stopPeer() throws Exception {
        if (store != null) {
            store.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    ObjectStore store() {
        return store;
    }

    @Override
    String stagingUri() {
        return "gs://sparkplane-staging/sparkplane/";
    }

    @Override
    String dataUri(String key) {
        return "gs://sparkplane-data/" + key;
    }

    @Override
    String missingContainerUri() {
        return "gs://sparkplane-no-such-bucket/sales.csv";
    }

    @Override
    Map<String, String> storeProperties() {
        return Map.of(
                "sparkplane.store.gcs.endpoint", server.endpoint().toString(),
                "sparkplane.store.gcs.project-id", "sparkplane-test",
                "sparkplane.store.gcs.credentials", "none");
    }

    @Override
    String jobUri(String key) {
        return dataUri(key);
    }

    @Override
    List<String> secrets() {
        return List.of();
    }
}
