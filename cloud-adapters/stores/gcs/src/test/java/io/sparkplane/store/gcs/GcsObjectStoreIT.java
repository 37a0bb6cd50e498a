package io.sparkplane.store.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.spi.storage.ObjectStoreException;
import io.sparkplane.testkit.ObjectStoreContract;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@link ObjectStoreContract} against {@code fake-gcs-server} 1.56.1 (Go), a stand-in for Cloud
 * Storage that speaks its JSON API over HTTP, started here by {@link FakeGcsServerPeer}, in memory.
 *
 * <p>What ran against it (its request log, kept in {@code target/fake-gcs-server-<port>.log}, shows
 * each): object get, delete and media download pinned to a generation; one-request uploads;
 * resumable uploads, a stream in several chunk PUTs answered 308; ranged reads answered 206;
 * listing by prefix in name order, in pages ({@code maxResults}, {@code nextPageToken}); 404 for a
 * missing bucket. What it does not check: credentials — any request is allowed, so the store runs
 * with {@link GcsCredentials#none()} and access-denied mapping is covered by {@link
 * GcsErrorMappingTest} only.
 */
class GcsObjectStoreIT extends ObjectStoreContract {

    private static final String BUCKET = "sparkplane-contract";

    private static FakeGcsServerPeer peer;
    private static GcsObjectStore store;

    @BeforeAll
    static void startServer() throws Exception {
        peer = FakeGcsServerPeer.start();
        GcsStoreSettings settings = GcsStoreSettings.defaults()
                .withEndpoint(peer.endpoint())
                .withProjectId("sparkplane-test")
                .withCredentials(GcsCredentials.none())
                // small chunks: the contract's 24 MiB file then takes several resumable requests
                .withUploadChunkBytes(4 * 1024 * 1024)
                .withDownloadParts(4 * 1024 * 1024, 3);
        Storage storage = GcsStorageFactory.create(settings);
        storage.create(BucketInfo.of(BUCKET));
        store = new GcsObjectStore(storage, settings);
    }

    @AfterAll
    static void stopServer() throws Exception {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            if (peer != null) {
                peer.close();
            }
        }
    }

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected Location root() {
        return Location.parse("gs://" + BUCKET + "/");
    }

    @Override
    protected Location inMissingContainer() {
        return Location.parse("gs://sparkplane-no-such-bucket/some/key.txt");
    }

    @Test
    void aStreamLargerThanOneChunkUploadsInSeveralResumableRequests() throws Exception {
        Location location = at("chunked/stream.bin");
        byte[] content = randomBytes(9 * 1024 * 1024 + 777, 7);

        int before = peer.requests().size();
        store.put(location, new ByteArrayInputStream(content), content.length);

        assertThat(peer.requestsAfter(before))
                .filteredOn(line -> line.startsWith("PUT ") && line.contains("upload_id="))
                .hasSizeGreaterThanOrEqualTo(3)
                .anySatisfy(line -> assertThat(line).endsWith(" 308"));
        try (InputStream in = store.open(location)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void aLargeDownloadIsReadInParallelRanges() throws Exception {
        Path source = randomFile("ranged.bin", 10 * 1024 * 1024 + 3, 11);
        Location location = at("ranged/ranged.bin");
        store.put(location, source);

        Path target = temporary.resolve("ranged-copy.bin");
        int before = peer.requests().size();
        store.download(location, target);

        assertThat(sha256(target)).isEqualTo(sha256(source));
        assertThat(peer.requestsAfter(before))
                .filteredOn(line -> line.contains("ranged%2Franged.bin") && line.endsWith(" 206"))
                .hasSize(3);
        try (var listing = Files.list(temporary)) {
            assertThat(listing.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
    }

    @Test
    void aStreamShorterThanItsLengthFailsAndLeavesNoObject() {
        Location small = at("short/small.txt");
        Location large = at("short/large.bin");

        assertThatThrownBy(() -> store.put(small, bytes("abc"), 10))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ObjectStoreException.Kind.FAILED);
                    assertThat(e.getMessage()).contains(small.uri()).contains("the content ended after 3 of 10 bytes");
                });
        byte[] fiveMegabytes = randomBytes(5 * 1024 * 1024, 3);
        assertThatThrownBy(() -> store.put(large, new ByteArrayInputStream(fiveMegabytes), 9 * 1024 * 1024))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ObjectStoreException.Kind.FAILED);
                    assertThat(e.getMessage()).contains(large.uri());
                });
        assertThat(store.stat(small)).isEmpty();
        assertThat(store.stat(large)).isEmpty();
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return content;
    }
}
