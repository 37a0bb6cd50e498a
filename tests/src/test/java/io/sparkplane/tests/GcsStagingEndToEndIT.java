package io.sparkplane.tests;

import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import io.sparkplane.gcp.gcs.GcsCredentials;
import io.sparkplane.gcp.gcs.GcsEmulatorPeer;
import io.sparkplane.gcp.gcs.GcsObjectStore;
import io.sparkplane.gcp.gcs.GcsStorageFactory;
import io.sparkplane.gcp.gcs.GcsStoreSettings;
import io.sparkplane.spi.storage.ObjectStore;
import java.nio.file.Path;
import java.util.Map;

/** {@link StagingEndToEndContract} in GCS: gcp-storage-emulator (from PyPI) serving the JSON API. */
class GcsStagingEndToEndIT extends StagingEndToEndContract {

    private GcsEmulatorPeer emulator;
    private GcsObjectStore store;

    @Override
    void startPeer(Path directory) throws Exception {
        emulator = GcsEmulatorPeer.start();
        GcsStoreSettings settings = GcsStoreSettings.defaults()
                .withEndpoint(emulator.endpoint())
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
        if (emulator != null) {
            emulator.close();
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
                "sparkplane.store.gcs.endpoint", emulator.endpoint().toString(),
                "sparkplane.store.gcs.project-id", "sparkplane-test",
                "sparkplane.store.gcs.credentials", "none");
    }
}
