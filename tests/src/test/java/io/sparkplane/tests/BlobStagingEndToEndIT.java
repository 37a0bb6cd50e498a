package io.sparkplane.tests;

import io.sparkplane.azure.blob.AzuritePeer;
import io.sparkplane.azure.blob.BlobObjectStore;
import io.sparkplane.spi.storage.ObjectStore;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@link StagingEndToEndContract} in Azure Blob: Azurite (Microsoft's emulator, from npm), staging
 * named by {@code abfss://} and the data by {@code wasbs://}, both served by its Blob endpoint.
 */
class BlobStagingEndToEndIT extends StagingEndToEndContract {

    private AzuritePeer azurite;
    private BlobObjectStore store;

    @Override
    void startPeer(Path directory) throws Exception {
        azurite = AzuritePeer.start();
        azurite.createContainer("staging");
        azurite.createContainer("data");
        store = new BlobObjectStore(azurite.settings());
    }

    @Override
    void stopPeer() {
        if (azurite != null) {
            azurite.close();
        }
    }

    @Override
    ObjectStore store() {
        return store;
    }

    @Override
    String stagingUri() {
        return "abfss://staging@" + AzuritePeer.ACCOUNT + ".dfs.core.windows.net/sparkplane/";
    }

    @Override
    String dataUri(String key) {
        return "wasbs://data@" + AzuritePeer.ACCOUNT + ".blob.core.windows.net/" + key;
    }

    @Override
    String missingContainerUri() {
        return "wasbs://no-such-container@" + AzuritePeer.ACCOUNT + ".blob.core.windows.net/sales.csv";
    }

    @Override
    Map<String, String> storeProperties() {
        return Map.of(
                "sparkplane.store.azure.endpoint", azurite.endpoint(),
                "sparkplane.store.azure.account-key", AzuritePeer.ACCOUNT_KEY);
    }
}
