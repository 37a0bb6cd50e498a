package io.sparkplane.store.gcs;

import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.testkit.TransferBenchmark;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GCS transfers against fake-gcs-server, beside a plain disk copy; see {@link TransferBenchmark}. Not part of the suite. */
class GcsTransferBenchmark {

    @TempDir
    Path directory;

    @Test
    void measure() throws Exception {
        try (FakeGcsServerPeer peer = FakeGcsServerPeer.start()) {
            GcsStoreSettings settings = GcsStoreSettings.defaults()
                    .withEndpoint(peer.endpoint())
                    .withProjectId("sparkplane-bench")
                    .withCredentials(GcsCredentials.none());
            Storage storage = GcsStorageFactory.create(settings);
            storage.create(BucketInfo.of("sparkplane-bench"));
            try (GcsObjectStore store = new GcsObjectStore(storage, settings)) {
                TransferBenchmark.Result result = TransferBenchmark.measure("gs:// (fake-gcs-server, in memory)", store,
                        Location.parse("gs://sparkplane-bench/"), directory);
                System.out.println(TransferBenchmark.Result.markdownHeader());
                System.out.println(result.markdownRow());
            }
        }
    }
}
