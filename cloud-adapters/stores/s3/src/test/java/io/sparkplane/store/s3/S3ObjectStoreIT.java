package io.sparkplane.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectInfo;
import io.sparkplane.spi.storage.ObjectStoreException.Kind;
import io.sparkplane.spi.storage.ObjectStoreException;
import io.sparkplane.testkit.ObjectStoreContract;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@link ObjectStoreContract} ({@link S3ObjectStoreContract}) for {@link S3ObjectStore}, against <b>s3proxy 2.6.0</b>
 * ({@code org.gaul:s3proxy} from Maven Central) running in this JVM on 127.0.0.1 over a jclouds
 * {@code filesystem} blobstore, with AWS signature v4 authentication ({@link S3ProxyServer}). The
 * store is configured as for any S3-compatible server: endpoint override, path-style access, static
 * credentials, and checksums {@code WHEN_REQUIRED} (s3proxy refuses the SDK's default flexible
 * checksums). Files above the 8 MiB multipart threshold go through the SDK's multipart upload and
 * multipart download.
 */
class S3ObjectStoreIT extends S3ObjectStoreContract {

    @RegisterExtension
    static final RunningS3Peer<S3ProxyServer> PEER = new RunningS3Peer<>(S3ProxyServer::start);

    @Override
    protected S3ObjectStore s3() {
        return PEER.store();
    }

    @Test
    void aLargeFileIsUploadedInPartsAndDownloadedByParts() throws Exception {
        Path source = randomFile("parts.bin", LARGE_BYTES, 7);
        Location location = at("parts.bin");
        String path = "/" + BUCKET + "/" + location.key();

        ObjectInfo written = s3().put(location, source);
        s3().download(location, temporary.resolve("parts.copy"));

        List<String> requests = PEER.requests().requests().stream().filter(request -> request.contains(path)).toList();
        assertThat(requests).contains("POST " + path + "?uploads=null");
        for (int part = 1; part <= 4; part++) {
            String upload = "PUT " + path + "?partNumber=" + part + "&uploadId=";
            assertThat(requests).anySatisfy(request -> assertThat(request).startsWith(upload));
        }
        // the download asks for the size, then for each part's byte range in parallel (ranges, which every
        // S3-compatible server serves; s3proxy 2.6.0 ignores partNumber and would answer with the whole object)
        long parts = (LARGE_BYTES + S3StoreSettings.DEFAULT_PART_SIZE - 1) / S3StoreSettings.DEFAULT_PART_SIZE;
        assertThat(requests).anyMatch(request -> request.startsWith("HEAD " + path));
        assertThat(requests.stream().filter(request -> request.startsWith("GET " + path))).as(requests.toString()).hasSize((int) parts);
        assertThat(requests).noneMatch(request -> request.startsWith("GET " + path + "?partNumber="));
        assertThat(sha256(temporary.resolve("parts.copy"))).isEqualTo(sha256(source));

        // S3's ETag of a multipart object is the digest of its parts' digests, then '-' and the part count
        assertThat(written.etag()).endsWith("-" + (LARGE_BYTES + S3StoreSettings.DEFAULT_PART_SIZE - 1) / S3StoreSettings.DEFAULT_PART_SIZE);
        assertThat(s3().stat(location)).hasValueSatisfying(info -> {
            assertThat(info.size()).isEqualTo(LARGE_BYTES);
            assertThat(info.etag()).isEqualTo(written.etag());
        });
    }

    @Test
    void aLargeStreamIsUploadedInPartsAndReadBack() throws Exception {
        Path source = randomFile("stream.bin", LARGE_BYTES, 8);
        Location location = at("stream.bin");

        try (InputStream in = Files.newInputStream(source)) {
            s3().put(location, in, LARGE_BYTES);
        }

        assertThat(s3().stat(location)).hasValueSatisfying(info -> assertThat(info.etag()).contains("-"));
        try (InputStream in = s3().open(location)) {
            assertThat(sha256(in)).isEqualTo(sha256(source));
        }
    }

    @Test
    void putReportsTheObjectAsWritten() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        Location location = at("info.txt");

        ObjectInfo written = s3().put(location, bytes("four"), 4);

        assertThat(written.lastModified()).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(written.etag()).isNotBlank().doesNotContain("\"");
        assertThat(s3().stat(location)).hasValueSatisfying(info -> assertThat(info.etag()).isEqualTo(written.etag()));
        assertThat(s3().list(location)).singleElement().satisfies(info -> assertThat(info.etag()).isEqualTo(written.etag()));
    }

    @Test
    void contentShorterThanItsLengthIsRefusedAndNothingIsStored() {
        Location location = at("short.txt");

        assertThatThrownBy(() -> s3().put(location, new ByteArrayInputStream(new byte[5]), 10))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.FAILED);
                    assertThat(e.getMessage()).contains(location.uri()).contains("ended after 5 of 10 bytes");
                });
        assertThat(s3().stat(location)).isEmpty();
    }

    @Test
    void aLargeStreamShorterThanItsLengthIsRefusedAndNothingIsStored() {
        Location location = at("short.bin");
        int length = 10 * 1024 * 1024;

        assertThatThrownBy(() -> s3().put(location, new ByteArrayInputStream(new byte[length - 1]), length))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.FAILED);
                    assertThat(e.getMessage()).contains(location.uri()).contains("ended after " + (length - 1) + " of " + length + " bytes");
                });
        assertThat(s3().stat(location)).isEmpty();
    }

    @Test
    void onlyTheGivenLengthOfALongerStreamIsStored() throws Exception {
        Location location = at("prefix-of-stream.txt");

        s3().put(location, bytes("0123456789"), 4);

        try (InputStream in = s3().open(location)) {
            assertThat(in.readAllBytes()).asString().isEqualTo("0123");
        }
    }

    @Test
    void folderMarkersAreNotListed() {
        PEER.peer().blobStore().putBlob(BUCKET, PEER.peer().blobStore().blobBuilder(at("dir/").key()).payload(new byte[0]).build());
        s3().put(at("dir/file.txt"), bytes("x"), 1);

        assertThat(s3().list(at("dir/"))).extracting(info -> info.location().name()).containsExactly("file.txt");
    }

    @Test
    void aWrongSecretIsAccessDenied() {
        try (S3ObjectStore wrong = new S3ObjectStore(PEER.peer().settings()
                .withCredentials(new S3StoreSettings.StaticCredentials(S3ProxyServer.ACCESS_KEY_ID, "not-the-secret")))) {
            Location location = at("denied.txt");

            assertThatThrownBy(() -> wrong.put(location, bytes("x"), 1))
                    .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.ACCESS_DENIED);
                        assertThat(e.getMessage()).contains(location.uri()).doesNotContain("not-the-secret");
                    });
            assertThatThrownBy(() -> wrong.stat(location))
                    .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.ACCESS_DENIED));
        }
    }

    @Test
    void anUnreachableEndpointIsUnavailableAfterTheRetries() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        S3StoreSettings settings = PEER.peer().settings()
                .withEndpoint(URI.create("http://127.0.0.1:" + closedPort), true)
                .withRetries(S3StoreSettings.RetryMode.STANDARD, 2)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
        try (S3ObjectStore unreachable = new S3ObjectStore(settings)) {
            Location location = at("nowhere.txt");

            assertThatThrownBy(() -> unreachable.stat(location))
                    .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                        assertThat(e.getMessage()).contains(location.uri());
                    });
        }
    }

    @Test
    void withTheSdksDefaultChecksumsThisServerRefusesUploadsAndTheMessageNamesTheSetting() throws Exception {
        try (S3ObjectStore defaults = new S3ObjectStore(PEER.peer().settings().withChecksums(S3StoreSettings.Checksums.WHEN_SUPPORTED))) {
            Location small = at("checksummed.txt");
            Location large = at("checksummed.bin");
            Path source = randomFile("checksummed.bin", LARGE_BYTES, 9);

            assertThatThrownBy(() -> defaults.put(small, bytes("x"), 1))
                    .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.FAILED);
                        assertThat(e.getMessage()).contains(S3StoreSettings.CHECKSUMS + "=when-required");
                    });
            assertThatThrownBy(() -> defaults.put(large, source))
                    .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.FAILED);
                        assertThat(e.getMessage()).contains(S3StoreSettings.CHECKSUMS + "=when-required");
                    });
        }
    }

    @Test
    void anotherSchemeIsRefused() {
        Location elsewhere = Location.parse("gs://bucket/key");

        assertThatThrownBy(() -> s3().stat(elsewhere))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.getMessage()).contains("s3://"));
    }
}
