package io.sparkplane.autoscaler;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A fixed-size cluster: always {@code workers}, clamped to the cluster's bounds.
 *
 * @param workers the desired size, at least 0
 */
public record StaticPolicy(int workers) implements ScalingPolicy {

    public StaticPolicy {
        BacklogSnapshot.requireNotNegative(workers, "workers");
    }

    @Override
    public ScalingDecision decide(BacklogSnapshot backlog, ClusterState cluster, Instant now) {
        requireNonNull(backlog, "backlog is null");
        requireNonNull(cluster, "cluster is null");
        requireNonNull(now, "now is null");
        int desired = cluster.clamp(workers);
        String reason = desired == workers
                ? "static size " + ReasonFormat.workers(workers)
                : "static size " + ReasonFormat.workers(workers) + " clamped to bounds ["
                        + cluster.minWorkers() + ", " + cluster.maxWorkers() + "]: " + ReasonFormat.workers(desired);
        return new ScalingDecision(desired, reason);
    }
}
