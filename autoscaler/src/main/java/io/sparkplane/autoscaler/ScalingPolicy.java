package io.sparkplane.autoscaler;

import java.time.Instant;

/**
 * Turns what the scheduler shows into a desired worker count.
 *
 * <p>Every implementation is a pure function of its arguments and its own immutable settings: it
 * keeps no state between calls (the history it needs is in {@link ClusterState}), reads no clock
 * ({@code now} is a parameter) and does no I/O, so the same arguments always give the same
 * decision. Every decision lies within [{@link ClusterState#minWorkers()}, {@link
 * ClusterState#maxWorkers()}].
 */
public sealed interface ScalingPolicy permits StaticPolicy, DynamicAllocationPolicy, BacklogPolicy {

    /**
     * Decides how many workers the cluster should have.
     *
     * @param backlog the latest scheduler snapshot
     * @param cluster the cluster and its scaling history, already updated with {@code backlog}
     *     through {@link ClusterState#afterObserving(BacklogSnapshot)}
     * @param now the decision time
     * @return the desired worker count, within the cluster's bounds, with its reason
     */
    ScalingDecision decide(BacklogSnapshot backlog, ClusterState cluster, Instant now);
}
