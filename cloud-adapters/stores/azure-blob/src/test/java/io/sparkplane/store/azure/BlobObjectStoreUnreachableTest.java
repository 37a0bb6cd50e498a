package io.sparkplane.store.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStoreException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Blob endpoint nobody listens on: every operation fails fast, after the configured retries, as UNAVAILABLE. */
class BlobObjectStoreUnreachableTest {

    /** Two tries with short back-off: the retries happen, and the test stays quick. */
    private static final BlobRetrySettings QUICK_RETRY =
            new BlobRetrySettings(2, Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMillis(100));
    private static final Duration FAST_ENOUGH = Duration.ofSeconds(10);

    private static int closedPort;
    private static BlobObjectStore store;

    @TempDir
    Path temporary;

    private final Location location =
            Location.parse("abfss://container@" + AzuritePeer.ACCOUNT + ".dfs.core.windows.net/jobs/run%201/output.parquet");

    @BeforeAll
    static void pointAtAClosedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        store = new BlobObjectStore(BlobStoreSettings.defaults()
                .withEndpoint("http://127.0.0.1:" + closedPort + "/{account}")
                .withCredentials(BlobCredentials.accountKey(AzuritePeer.ACCOUNT_KEY))
                .withConnectTimeout(Duration.ofSeconds(2))
                .withRetry(QUICK_RETRY));
    }

    @Test
    void statIsUnavailableNamingTheLocationAndTheEndpoint() {
        assertUnavailableQuickly(() -> store.stat(location));
    }

    @Test
    void putIsUnavailable() {
        assertUnavailableQuickly(() -> store.put(location, new ByteArrayInputStream(new byte[] {1, 2, 3}), 3));
    }

    @Test
    void aFailedDownloadLeavesTheTargetAsItWas() throws Exception {
        Path target = temporary.resolve("kept.txt");
        Files.writeString(target, "previous");

        assertUnavailableQuickly(() -> store.download(location, target));

        assertThat(Files.readString(target)).isEqualTo("previous");
        try (var files = Files.list(temporary)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void listAndDeleteAreUnavailable() {
        assertUnavailableQuickly(() -> store.list(location));
        assertUnavailableQuickly(() -> store.delete(location));
    }

    private void assertUnavailableQuickly(ThrowingCallable operation) {
        long started = System.nanoTime();
        assertThatThrownBy(operation).isInstanceOfSatisfying(ObjectStoreException.class, unavailable());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(FAST_ENOUGH);
    }

    private Consumer<ObjectStoreException> unavailable() {
        return e -> {
            assertThat(e.kind()).isEqualTo(ObjectStoreException.Kind.UNAVAILABLE);
            assertThat(e.location()).isEqualTo(location);
            assertThat(e.getMessage()).contains(location.uri()).contains("127.0.0.1:" + closedPort).doesNotContain("\tat ");
        };
    }
}
