package io.sparkplane.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A free port for a process a test starts and that binds it itself later.
 *
 * <p>Not {@code new ServerSocket(0)}: that port comes from the kernel's ephemeral range, so in the moments between
 * closing it and the process binding it, any outgoing connection on the machine (to PostgreSQL, to a store peer)
 * may take it as its local port, and the process then fails with "port in use". Ports below the ephemeral range
 * (32768 and up on Linux) are never handed out that way.
 */
public final class FreePorts {

    private static final int LOWEST = 20_000;
    private static final int BELOW_EPHEMERAL = 32_768;

    private FreePorts() {}

    public static int free() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(LOWEST, BELOW_EPHEMERAL);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(candidate));
                return candidate;
            } catch (IOException inUse) {
                // try another
            }
        }
        throw new IOException("no free port between " + LOWEST + " and " + BELOW_EPHEMERAL + " after 200 tries");
    }
}
