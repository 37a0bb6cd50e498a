package io.sparkplane.store.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStoreException;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** An endpoint where nothing listens: every operation fails, after the SDK's few retries, as UNAVAILABLE. */
class GcsObjectStoreUnreachableTest {

    private static final Location LOCATION = Location.parse("gs://bucket/unreachable/key.txt");
    private static final Duration FAST_ENOUGH = Duration.ofSeconds(5);

    private static GcsObjectStore store;

    @BeforeAll
    static void storeOnAClosedPort() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        store = new GcsObjectStore(GcsStoreSettings.defaults()
                .withEndpoint(URI.create("http://127.0.0.1:" + closedPort))
                .withProjectId("sparkplane-test")
                .withCredentials(GcsCredentials.none())
                .withRetries(2, Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofMillis(100))
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }

    @AfterAll
    static void closeStore() throws Exception {
        store.close();
    }

    @Test
    void statIsUnavailableNamingTheLocation() {
        assertUnavailableQuickly(() -> store.stat(LOCATION));
    }

    @Test
    void putIsUnavailableNamingTheLocation() {
        assertUnavailableQuickly(() -> store.put(LOCATION, new ByteArrayInputStream(new byte[] {1, 2, 3}), 3));
    }

    @Test
    void listIsUnavailableNamingTheLocation() {
        assertUnavailableQuickly(() -> store.list(Location.parse("gs://bucket/unreachable/")));
    }

    private static void assertUnavailableQuickly(Executable operation) {
        long started = System.nanoTime();
        assertThatThrownBy(operation::execute)
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ObjectStoreException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("gs://bucket/unreachable").contains("ConnectException");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(FAST_ENOUGH);
    }
}
