package io.sparkplane.backend.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for a cluster's Spark daemons, which the others are told before the daemon has bound
 * them (the master's by its workers and driver). A port the kernel hands out itself (an ephemeral
 * one, as for {@code new ServerSocket(0)}) may be handed again to any process in the moments before
 * the master binds it (a driver's, an executor's): the master then moves to the next port and the
 * cluster talks to a stranger. So the master takes a free port below the kernel's ephemeral range,
 * which only explicit binds use, and never one this process handed out lately (the master's port
 * and its UI's are picked before either binds, as may be another cluster's at the same moment).
 */
final class ListeningPorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final int TRIES = 50;
    private static final int REMEMBERED = 256;
    private static final Deque<Integer> HANDED_OUT = new ArrayDeque<>();

    private ListeningPorts() {}

    /** A port no one listens on now and not handed out lately, outside the ephemeral range where the kernel tells which that is. */
    static synchronized int forDaemon() throws IOException {
        Optional<Integer> ephemeralStart = ephemeralStart();
        if (ephemeralStart.isPresent() && ephemeralStart.get() > LOWEST + TRIES) {
            for (int i = 0; i < TRIES; i++) {
                int candidate = ThreadLocalRandom.current().nextInt(LOWEST, ephemeralStart.get());
                if (!HANDED_OUT.contains(candidate) && free(candidate)) {
                    return handedOut(candidate);
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return handedOut(socket.getLocalPort());
        }
    }

    private static int handedOut(int port) {
        HANDED_OUT.addLast(port);
        if (HANDED_OUT.size() > REMEMBERED) {
            HANDED_OUT.removeFirst();
        }
        return port;
    }

    /** The first port of the kernel's ephemeral range ({@code 32768 60999} on Linux by default). */
    static Optional<Integer> ephemeralStart() {
        // read as a stream: Files.readString of this procfs file (size 0) returns its first byte only on JDK 17
        try (InputStream in = Files.newInputStream(EPHEMERAL_RANGE)) {
            return parseRange(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
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
