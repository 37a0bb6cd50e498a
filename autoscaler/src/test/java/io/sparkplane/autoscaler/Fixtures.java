package io.sparkplane.autoscaler;

import java.time.Duration;
import java.time.Instant;

/** Shared builders for policy tests: times are seconds after {@link #T0}. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Fixtures() {}

    static Instant at(double seconds) {
        return seconds < 0 ? null : T0.plusMillis(Math.round(seconds * 1000));
    }

    static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** A snapshot at {@code now}; {@code averageSeconds} below 0 means unknown. */
    static BacklogSnapshot snapshot(double now, int pending, int running, int alive, int busy, double averageSeconds) {
        return new BacklogSnapshot(at(now), pending, running, alive, busy,
                averageSeconds < 0 ? null : seconds(averageSeconds));
    }

    /** A cluster; any time below 0 means "never" ({@code null}). */
    static ClusterState cluster(int current, int min, int max, int cores,
            double lastScaleUp, double lastScaleDown, double lastBusy, double backlogSince, int lastAdded) {
        return new ClusterState(current, min, max, cores, at(lastScaleUp), at(lastScaleDown), at(lastBusy),
                at(backlogSince), lastAdded);
    }
}
