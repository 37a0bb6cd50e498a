package io.sparkplane.store.s3;

import io.sparkplane.spi.storage.Location;
import io.sparkplane.testkit.TransferBenchmark;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 transfers against s3proxy (filesystem blobstore), beside a plain disk copy; see {@link TransferBenchmark}.
 * Then the peer's own ceiling: one plain HTTP PUT and GET of a file of the same size to an
 * unauthenticated s3proxy over the same directory (no SDK, no signing, no parts), so the store's
 * figures can be read against what the peer serves at all. Not part of the suite.
 */
class S3TransferBenchmark {

    @TempDir
    Path directory;

    @Test
    void measure() throws Exception {
        Path blobs = Files.createDirectories(directory.resolve("blobs"));
        try (S3ProxyServer server = S3ProxyServer.start(blobs)) {
            server.createBucket("sparkplane-bench");
            try (S3ObjectStore store = new S3ObjectStore(server.settings())) {
                TransferBenchmark.Result result = TransferBenchmark.measure("s3:// (s3proxy 2.6.0, filesystem, in-process)", store,
                        new Location("s3", "sparkplane-bench", ""), directory);
                System.out.println(TransferBenchmark.Result.markdownHeader());
                System.out.println(result.markdownRow());
            }
        }
        try (S3ProxyServer plain = S3ProxyServer.startUnauthenticated(blobs)) {
            Path file = directory.resolve("plain.bin");
            byte[] chunk = new byte[1024 * 1024];
            Random random = new Random(2);
            try (OutputStream out = Files.newOutputStream(file)) {
                for (long written = 0; written < TransferBenchmark.BYTES; written += chunk.length) {
                    random.nextBytes(chunk);
                    out.write(chunk);
                }
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI object = URI.create(plain.endpoint() + "/sparkplane-bench/plain-http.bin");
            long start = System.nanoTime();
            HttpResponse<Void> put = http.send(HttpRequest.newBuilder(object).PUT(HttpRequest.BodyPublishers.ofFile(file)).build(),
                    HttpResponse.BodyHandlers.discarding());
            double putSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            HttpResponse<Path> get = http.send(HttpRequest.newBuilder(object).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(directory.resolve("plain-downloaded.bin")));
            double getSeconds = (System.nanoTime() - start) / 1e9;
            double mb = TransferBenchmark.BYTES / 1e6;
            System.out.printf("plain HTTP to the same peer (one stream, no SDK): PUT %d in %.2f s (%.0f MB/s), GET %d in %.2f s (%.0f MB/s)%n",
                    put.statusCode(), putSeconds, mb / putSeconds, get.statusCode(), getSeconds, mb / getSeconds);
        }
    }
}
