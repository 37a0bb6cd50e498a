package io.sparkplane.store.azure;

import io.sparkplane.spi.storage.Location;
import io.sparkplane.testkit.TransferBenchmark;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Azure Blob transfers against Azurite, beside a plain disk copy; see {@link TransferBenchmark}. Not part of the suite. */
class BlobTransferBenchmark {

    @TempDir
    Path directory;

    @Test
    void measure() throws Exception {
        try (AzuritePeer azurite = AzuritePeer.start()) {
            azurite.createContainer("bench");
            BlobObjectStore store = new BlobObjectStore(azurite.settings());
            TransferBenchmark.Result result = TransferBenchmark.measure("abfss:// (Azurite 3.37.0, on disk)", store,
                    Location.parse("abfss://bench@" + AzuritePeer.ACCOUNT + ".dfs.core.windows.net/"), directory);
            System.out.println(TransferBenchmark.Result.markdownHeader());
            System.out.println(result.markdownRow());
        }
    }
}
