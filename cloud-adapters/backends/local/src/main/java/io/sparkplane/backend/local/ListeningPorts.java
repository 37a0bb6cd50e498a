package io.sparkplane.backend.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for a cluster's Spark daemons, which the others are told before the daemon has bound
 * them (the master's by its workers and driver). A port the kernel hands out itself (an ephemeral one, as for {@code new ServerSocket(0)})
 * may be handed again to any process in the moments before the master binds it (a driver's, an
 * executor's): the master then moves to the next port and the cluster talks to a stranger. So the
 * master takes a free port below the kernel's ephemeral range, which only explicit binds use.
 */
final class ListeningPorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final int TRIES = 50;

    private ListeningPorts() {}

    /** A port no one listens on now, outside the ephemeral range where the kernel tells which that is. */
    static int forDaemon() throws IOException {
        Optional<Integer> ephemeralStart = ephemeralStart();
        if (ephemeralStart.isPresent() && ephemeralStart.get() > LOWEST + TRIES) {
            for (int i = 0; i < TRIES; i++) {
                int candidate = ThreadLocalRandom.current().nextInt(LOWEST, ephemeralStart.get());
                if (free(candidate)) {
                    return candidate;
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The first port of the kernel's ephemeral range ({@code 32768 60999} on Linux by default). */
    static Optional<Integer> ephemeralStart() {
        try {
            return parseRange(Files.readString(EPHEMERAL_RANGE, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static Optional<Integer> parseRange(String range) {
        String[] bounds = range.trim().split("\\s+");
        try {
            return bounds.length == 2 ? Optional.of(Integer.parseInt(bounds[0])) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
