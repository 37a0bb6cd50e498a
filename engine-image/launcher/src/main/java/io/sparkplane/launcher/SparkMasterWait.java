package io.sparkplane.launcher;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Waits for a standalone master to accept TCP connections before spark-submit goes to it. The
 * master and workers of a fresh cluster start beside or after the launcher; spark-submit would
 * otherwise give up on its own after a few retries with an error that does not say why.
 */
final class SparkMasterWait {

    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);
    static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final int CONNECT_TIMEOUT_MILLIS = 1000;

    private final Duration timeout;
    private final Duration progressInterval;
    private final Duration pollInterval;
    private final Consumer<String> progress;

    /**
     * @param timeout how long to wait in all
     * @param progressInterval how often to say it still waits
     * @param progress where progress lines go (driver.log)
     */
    SparkMasterWait(Duration timeout, Duration progressInterval, Duration pollInterval, Consumer<String> progress) {
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.progressInterval = requireNonNull(progressInterval, "progressInterval is null");
        this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /** True as soon as one of the master's endpoints accepts a connection; false at the timeout. */
    boolean await(SparkMasterUrl master) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        if (accepts(master)) {
            return true;
        }
        progress.accept("waiting up to " + timeout.toSeconds() + " s for the Spark master at " + master + " to accept connections");
        long nextProgress = started + progressInterval.toNanos();
        while (true) {
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                progress.accept("the Spark master at " + master + " did not come up within " + timeout.toSeconds() + " s");
                return false;
            }
            if (now - nextProgress >= 0) {
                progress.accept("still waiting for the Spark master at " + master + " ("
                        + Duration.ofNanos(now - started).toSeconds() + " s so far)");
                nextProgress += progressInterval.toNanos();
            }
            Thread.sleep(Math.max(1, Math.min(pollInterval.toMillis(), Duration.ofNanos(deadline - now).toMillis())));
            if (accepts(master)) {
                progress.accept("the Spark master at " + master + " is up after " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
                return true;
            }
        }
    }

    private static boolean accepts(SparkMasterUrl master) {
        for (InetSocketAddress endpoint : master.endpoints()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(endpoint.getHostString(), endpoint.getPort()), CONNECT_TIMEOUT_MILLIS);
                return true;
            } catch (IOException e) {
                // not up yet (refused, unresolvable, timed out): the next poll tries again
            }
        }
        return false;
    }
}
