package io.sparkplane.controlplane.auth;

/**
 * A token bucket: {@code burst} at once, then {@code perSecond}. Pure but for its state; the clock
 * is passed in, so tests drive it.
 */
final class TokenBucket {

    private final double perSecond;
    private final double burst;
    private double available;
    private long lastNanos;

    TokenBucket(double perSecond, int burst, long nowNanos) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
        this.available = this.burst;
        this.lastNanos = nowNanos;
    }

    /** @return 0 when taken, else the seconds until one is available (nothing is taken then) */
    synchronized double take(long nowNanos) {
        available = Math.min(burst, available + (nowNanos - lastNanos) / 1e9 * perSecond);
        lastNanos = nowNanos;
        if (available >= 1) {
            available -= 1;
            return 0;
        }
        return (1 - available) / perSecond;
    }
}
