package io.sparkplane.controlplane.run;

import java.util.List;
import java.util.Optional;

/**
 * How a run's executors (one per worker) follow its job, within {@code minExecutors..maxExecutors}.
 * The policy's decisions are the autoscaler's ({@code cluster.ScalingPolicies} maps each to it).
 */
public sealed interface AutoscalingPolicy {

    int minExecutors();

    int maxExecutors();

    /** The name a request gives it ({@code backlog}, {@code dynamic-allocation}, {@code static}). */
    String name();

    /**
     * Workers a new cluster starts with: {@code minExecutors} but at least one, so the driver has an
     * executor for its first stage while the autoscaler waits for a backlog signal.
     */
    default int initialWorkers() {
        return Math.min(maxExecutors(), Math.max(1, minExecutors()));
    }

    /** Sparkplane's: enough workers to drain the visible backlog in about 20 s. */
    record Backlog(int minExecutors, int maxExecutors) implements AutoscalingPolicy {
        public Backlog {
            bounds(minExecutors, maxExecutors);
        }

        @Override
        public String name() {
            return "backlog";
        }
    }

    /** Spark's own {@code spark.dynamicAllocation.*} rules. */
    record DynamicAllocation(int minExecutors, int maxExecutors) implements AutoscalingPolicy {
        public DynamicAllocation {
            bounds(minExecutors, maxExecutors);
        }

        @Override
        public String name() {
            return "dynamic-allocation";
        }
    }

    /** Always {@code maxExecutors}. */
    record Static(int minExecutors, int maxExecutors) implements AutoscalingPolicy {
        public Static {
            bounds(minExecutors, maxExecutors);
        }

        @Override
        public String name() {
            return "static";
        }

        @Override
        public int initialWorkers() {
            return maxExecutors;
        }
    }

    /** The policy a request names, or empty for an unknown name. */
    static Optional<AutoscalingPolicy> of(String name, int minExecutors, int maxExecutors) {
        return Optional.ofNullable(switch (name) {
            case "backlog" -> new Backlog(minExecutors, maxExecutors);
            case "dynamic-allocation" -> new DynamicAllocation(minExecutors, maxExecutors);
            case "static" -> new Static(minExecutors, maxExecutors);
            default -> null;
        });
    }

    /** The names {@link #of} knows. */
    List<String> NAMES = List.of("backlog", "dynamic-allocation", "static");

    private static void bounds(int min, int max) {
        if (min < 0 || max < Math.max(1, min)) {
            throw new IllegalArgumentException("executors must be 0 <= min <= max, max >= 1; was " + min + ".." + max);
        }
    }
}
