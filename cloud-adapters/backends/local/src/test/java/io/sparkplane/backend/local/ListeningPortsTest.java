package io.sparkplane.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ListeningPortsTest {

    @Test
    void theKernelsEphemeralRangeIsRead() {
        assertThat(ListeningPorts.parseRange("32768\t60999\n")).contains(32768);
        assertThat(ListeningPorts.parseRange("garbage")).isEmpty();
        assertThat(ListeningPorts.parseRange("")).isEmpty();
    }

    @Test
    void aDaemonsPortIsFreeAndBelowTheEphemeralRange() throws Exception {
        int port = ListeningPorts.forDaemon();

        ListeningPorts.ephemeralStart().filter(start -> start > 10_050)
                .ifPresent(start -> assertThat(port).isBetween(10_000, start - 1));
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }
}
