package io.sparkplane.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListeningPortsTest {

    @Test
    void theKernelsEphemeralRangeIsRead() {
        assertThat(ListeningPorts.parseRange("32768\t60999\n")).contains(32768);
        assertThat(ListeningPorts.parseRange("garbage")).isEmpty();
        assertThat(ListeningPorts.parseRange("")).isEmpty();
    }

    @Test
    void theKernelsRangeIsFoundWhereItIsPublished() {
        assumeTrue(Files.exists(Path.of("/proc/sys/net/ipv4/ip_local_port_range")), "a kernel that publishes its ephemeral range");

        assertThat(ListeningPorts.ephemeralStart()).hasValueSatisfying(start -> assertThat(start).isGreaterThan(1024));
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

    @Test
    void portsHandedOutBeforeAnyIsBoundDiffer() throws Exception {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            ports.add(ListeningPorts.forDaemon());
        }

        assertThat(ports).hasSize(200);
    }
}
