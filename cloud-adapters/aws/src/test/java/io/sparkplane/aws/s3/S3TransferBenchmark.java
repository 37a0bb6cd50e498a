package io.sparkplane.aws.s3;

import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.TransferBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S3 transfers against s3proxy (filesystem blobstore), beside a plain disk copy; see {@link TransferBenchmark}. Not part of the suite. */
class S3TransferBenchmark {

    @TempDir
    Path directory;

    @Test
    void measure() throws Exception {
        try (S3ProxyServer server = S3ProxyServer.start(Files.createDirectories(directory.resolve("blobs")))) {
            server.createBucket("sparkplane-bench");
            try (S3ObjectStore store = new S3ObjectStore(server.settings())) {
                TransferBenchmark.Result result = TransferBenchmark.measure("s3:// (s3proxy 2.6.0, filesystem, in-process)", store,
                        new Location("s3", "sparkplane-bench", ""), directory);
                System.out.println(TransferBenchmark.Result.markdownHeader());
                System.out.println(result.markdownRow());
            }
        }
    }
}
