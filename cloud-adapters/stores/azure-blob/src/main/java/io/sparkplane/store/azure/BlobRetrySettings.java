package io.sparkplane.store.azure;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The SDK's retry policy (exponential back-off) for transient failures: throttling, 5xx,
 * dropped or refused connections and timeouts.
 *
 * @param maxTries tries per request, the first one included
 * @param tryTimeout how long one try may take before it counts as failed; must cover a whole
 *     block of a parallel transfer on a slow link
 * @param retryDelay the first back-off, doubled on each retry
 * @param maxRetryDelay the longest back-off
 */
public record BlobRetrySettings(int maxTries, Duration tryTimeout, Duration retryDelay, Duration maxRetryDelay) {

    /** The SDK's own defaults, except a try timeout that bounds a hung request (the SDK's is unbounded). */
    public static final BlobRetrySettings DEFAULT =
            new BlobRetrySettings(4, Duration.ofMinutes(5), Duration.ofSeconds(4), Duration.ofMinutes(2));

    public BlobRetrySettings {
        requireNonNull(tryTimeout, "tryTimeout is null");
        requireNonNull(retryDelay, "retryDelay is null");
        requireNonNull(maxRetryDelay, "maxRetryDelay is null");
        if (maxTries < 1) {
            throw new IllegalArgumentException("maxTries must be at least 1: " + maxTries);
        }
        if (tryTimeout.isNegative() || tryTimeout.isZero()) {
            throw new IllegalArgumentException("tryTimeout must be positive: " + tryTimeout);
        }
        if (retryDelay.isNegative() || retryDelay.isZero() || maxRetryDelay.compareTo(retryDelay) < 0) {
            throw new IllegalArgumentException("need 0 < retryDelay <= maxRetryDelay: " + retryDelay + ", " + maxRetryDelay);
        }
    }
}
