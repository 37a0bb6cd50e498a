package io.sparkplane.autoscaler;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The engine cluster as the autoscaler sees it, including the little history policies need.
 *
 * <p>Policies are pure functions: everything they remember between two decisions lives here, and
 * the caller (the control plane's autoscaler loop, or the {@code Simulator}) keeps it up to date
 * with {@link #afterObserving(BacklogSnapshot)} for every snapshot and {@link #afterResize(int,
 * Instant)} for every applied change. Those two methods are the only bookkeeping rules.
 *
 * @param currentWorkers workers that exist or are starting; may lie outside [min, max] when the
 *     bounds were just changed, policies then clamp
 * @param minWorkers lower bound, at least 0
 * @param maxWorkers upper bound, at least 1 and at least {@code minWorkers}
 * @param coresPerWorker task slots per worker (one executor per worker, one task per core)
 * @param lastScaleUpAt when the worker count last went up, {@code null} if never
 * @param lastScaleDownAt when the worker count last went down, {@code null} if never
 * @param lastBusyAt the last observed instant at which the cluster had pending tasks or no idle
 *     executor; the caller starts it at the cluster's creation; {@code null} means unknown, and
 *     policies then never scale down for idleness
 * @param backlogSince start of the current unbroken run of snapshots with pending tasks, {@code
 *     null} when the last snapshot had none (Spark's "scheduler backlog" timer)
 * @param lastAddedWorkers size of the latest scale-up during the current backlog, 0 when the
 *     backlog cleared since (Spark's exponential ramp: the next round adds twice as many)
 */
public record ClusterState(
        int currentWorkers,
        int minWorkers,
        int maxWorkers,
        int coresPerWorker,
        Instant lastScaleUpAt,
        Instant lastScaleDownAt,
        Instant lastBusyAt,
        Instant backlogSince,
        int lastAddedWorkers) {

    public ClusterState {
        BacklogSnapshot.requireNotNegative(currentWorkers, "currentWorkers");
        BacklogSnapshot.requireNotNegative(minWorkers, "minWorkers");
        if (maxWorkers < 1) {
            throw new IllegalArgumentException("maxWorkers must be at least 1: " + maxWorkers);
        }
        if (maxWorkers < minWorkers) {
            throw new IllegalArgumentException(
                    "maxWorkers (" + maxWorkers + ") is below minWorkers (" + minWorkers + ")");
        }
        if (coresPerWorker < 1) {
            throw new IllegalArgumentException("coresPerWorker must be at least 1: " + coresPerWorker);
        }
        BacklogSnapshot.requireNotNegative(lastAddedWorkers, "lastAddedWorkers");
    }

    /** A cluster just created at {@code createdAt} with {@code currentWorkers} workers and no history. */
    public static ClusterState created(
            int currentWorkers, int minWorkers, int maxWorkers, int coresPerWorker, Instant createdAt) {
        requireNonNull(createdAt, "createdAt is null");
        return new ClusterState(
                currentWorkers, minWorkers, maxWorkers, coresPerWorker, null, null, createdAt, null, 0);
    }

    /** {@code workers} clamped to [{@link #minWorkers()}, {@link #maxWorkers()}]. */
    public int clamp(int workers) {
        return Math.max(minWorkers, Math.min(maxWorkers, workers));
    }

    /**
     * This state after observing {@code snapshot}: moves {@link #lastBusyAt()} when the cluster had
     * pending tasks or no idle executor, starts or clears {@link #backlogSince()}, and forgets
     * {@link #lastAddedWorkers()} once the backlog is gone.
     */
    public ClusterState afterObserving(BacklogSnapshot snapshot) {
        requireNonNull(snapshot, "snapshot is null");
        boolean backlogged = snapshot.pendingTasks() > 0;
        boolean busy = backlogged || snapshot.executorsIdle() == 0;
        return new ClusterState(
                currentWorkers,
                minWorkers,
                maxWorkers,
                coresPerWorker,
                lastScaleUpAt,
                lastScaleDownAt,
                busy ? snapshot.at() : lastBusyAt,
                backlogged ? (backlogSince == null ? snapshot.at() : backlogSince) : null,
                backlogged ? lastAddedWorkers : 0);
    }

    /**
     * This state after the cluster was resized to {@code workers} at {@code at}: records the
     * direction's timestamp and, for a scale-up, how many workers were added.
     */
    public ClusterState afterResize(int workers, Instant at) {
        requireNonNull(at, "at is null");
        BacklogSnapshot.requireNotNegative(workers, "workers");
        if (workers > currentWorkers) {
            return new ClusterState(workers, minWorkers, maxWorkers, coresPerWorker,
                    at, lastScaleDownAt, lastBusyAt, backlogSince, workers - currentWorkers);
        }
        if (workers < currentWorkers) {
            return new ClusterState(workers, minWorkers, maxWorkers, coresPerWorker,
                    lastScaleUpAt, at, lastBusyAt, backlogSince, lastAddedWorkers);
        }
        return this;
    }
}
