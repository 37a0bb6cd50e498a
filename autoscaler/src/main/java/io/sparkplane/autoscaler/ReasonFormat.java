package io.sparkplane.autoscaler;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/** Number formatting and checks shared by the policies. */
final class ReasonFormat {

    private ReasonFormat() {}

    static String seconds(Duration duration) {
        return seconds(duration.toMillis() / 1000.0);
    }

    static String seconds(double seconds) {
        if (seconds == Math.rint(seconds) && Math.abs(seconds) < 1e9) {
            return String.format(Locale.ROOT, "%d s", (long) seconds);
        }
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }

    static String workers(int count) {
        return count == 1 ? "1 worker" : count + " workers";
    }

    static int ceilDivide(long dividend, long divisor) {
        return (int) Math.min(Integer.MAX_VALUE, (dividend + divisor - 1) / divisor);
    }

    static boolean elapsed(Instant since, Instant now, Duration period) {
        return since != null && !Duration.between(since, now).minus(period).isNegative();
    }

    static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name + " is null");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}
