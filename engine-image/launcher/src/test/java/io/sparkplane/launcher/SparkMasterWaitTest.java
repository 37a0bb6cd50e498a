package io.sparkplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Against real sockets on 127.0.0.1, with the timeout and intervals shrunk. */
class SparkMasterWaitTest {

    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final SparkMasterWait wait =
            new SparkMasterWait(Duration.ofMillis(1500), Duration.ofMillis(400), Duration.ofMillis(50), progress::add);

    @Test
    void returnsAtOnceWhenTheMasterIsUp() throws Exception {
        try (ServerSocket master = listening(0)) {
            assertThat(wait.await(url(master.getLocalPort()))).isTrue();
        }
        assertThat(progress).isEmpty();
    }

    @Test
    void waitsForAMasterThatComesUpLater() throws Exception {
        int port = freePort();
        Thread starter = new Thread(() -> {
            try {
                Thread.sleep(700);
                try (ServerSocket master = listening(port)) {
                    Thread.sleep(2000);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        starter.start();

        assertThat(wait.await(url(port))).isTrue();

        starter.join();
        assertThat(progress.get(0)).isEqualTo("waiting up to 1 s for the Spark master at spark://127.0.0.1:" + port + " to accept connections");
        assertThat(progress).anyMatch(line -> line.startsWith("still waiting for the Spark master at spark://127.0.0.1:" + port));
        assertThat(progress.get(progress.size() - 1)).startsWith("the Spark master at spark://127.0.0.1:" + port + " is up after");
    }

    @Test
    void givesUpAtTheTimeoutSayingSoEveryInterval() throws Exception {
        int port = freePort();
        long started = System.nanoTime();

        assertThat(wait.await(url(port))).isFalse();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(1400), Duration.ofSeconds(5));
        assertThat(progress).filteredOn(line -> line.startsWith("still waiting")).hasSizeBetween(2, 4);
        assertThat(progress.get(progress.size() - 1)).isEqualTo("the Spark master at spark://127.0.0.1:" + port + " did not come up within 1 s");
    }

    private static SparkMasterUrl url(int port) {
        return SparkMasterUrl.parse("spark://127.0.0.1:" + port);
    }

    private static ServerSocket listening(int port) throws Exception {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = listening(0)) {
            return socket.getLocalPort();
        }
    }
}
