package io.sparkplane.store.s3;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An S3 peer for one test class ({@code @RegisterExtension static}): started before its tests in a
 * directory of its own, with the bucket {@value S3ObjectStoreContract#BUCKET}, and a store on it that
 * records every request it sends; stopped, and its directory deleted, after them.
 */
final class RunningS3Peer<P extends S3Peer> implements BeforeAllCallback, AfterAllCallback {

    /** Starts a peer keeping what it writes (its blobs, its log) in {@code directory}. */
    interface Starter<P> {
        P start(Path directory) throws Exception;
    }

    private final Starter<P> starter;
    private final RequestLog requests = new RequestLog();
    private Path directory;
    private P peer;
    private S3ObjectStore store;

    RunningS3Peer(Starter<P> starter) {
        this.starter = starter;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        directory = Files.createTempDirectory("s3-peer-");
        peer = starter.start(directory);
        peer.createBucket(S3ObjectStoreContract.BUCKET);
        store = new S3ObjectStore(peer.settings(), List.of(requests));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            if (peer != null) {
                peer.close();
            }
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    P peer() {
        return peer;
    }

    S3ObjectStore store() {
        return store;
    }

    RequestLog requests() {
        return requests;
    }
}
