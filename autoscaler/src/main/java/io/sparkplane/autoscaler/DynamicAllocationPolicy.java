package io.sparkplane.autoscaler;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * Spark's dynamic allocation, as documented for {@code spark.dynamicAllocation.*}, with one
 * executor per worker.
 *
 * <ul>
 *   <li>Workers needed: {@code ceil((pending + running) / coresPerWorker)}, within the bounds
 *       (Spark's "max needed").
 *   <li>Adding: once tasks have been pending for {@code schedulerBacklogTimeout} (from {@link
 *       ClusterState#backlogSince()}), add one worker; while the backlog persists, add a round every
 *       {@code sustainedSchedulerBacklogTimeout} after the previous one, each round twice the size
 *       of the previous ({@link ClusterState#lastAddedWorkers()}): 1, 2, 4, 8, ... Never beyond
 *       what is needed or the maximum.
 *   <li>Removing: when fewer workers are needed than exist, workers still starting are cancelled at
 *       once (Spark lowers its target and cancels outstanding requests); idle workers are removed
 *       once the cluster has had an idle executor and no pending task for {@code
 *       executorIdleTimeout} (from {@link ClusterState#lastBusyAt()}), never below what is needed
 *       or the minimum.
 * </ul>
 *
 * <p>Differences from Spark, because the backlog signal is per cluster, not per executor: idleness
 * is timed for the cluster as a whole, so all idle workers go together when the timeout passes; and
 * when a round was cut short by the cap, the next round doubles what was actually added (Spark
 * restarts at 1).
 *
 * @param schedulerBacklogTimeout how long tasks must be pending before the first round
 * @param sustainedSchedulerBacklogTimeout the interval between later rounds
 * @param executorIdleTimeout how long the cluster must have had idle workers before they go
 */
public record DynamicAllocationPolicy(
        Duration schedulerBacklogTimeout,
        Duration sustainedSchedulerBacklogTimeout,
        Duration executorIdleTimeout) implements ScalingPolicy {

    public DynamicAllocationPolicy {
        ReasonFormat.requirePositive(schedulerBacklogTimeout, "schedulerBacklogTimeout");
        ReasonFormat.requirePositive(sustainedSchedulerBacklogTimeout, "sustainedSchedulerBacklogTimeout");
        ReasonFormat.requirePositive(executorIdleTimeout, "executorIdleTimeout");
    }

    /** Spark's defaults: 1 s backlog timeout, 1 s sustained backlog timeout, 60 s idle timeout. */
    public static DynamicAllocationPolicy sparkDefaults() {
        return new DynamicAllocationPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    @Override
    public ScalingDecision decide(BacklogSnapshot backlog, ClusterState cluster, Instant now) {
        requireNonNull(backlog, "backlog is null");
        requireNonNull(cluster, "cluster is null");
        requireNonNull(now, "now is null");
        int current = cluster.currentWorkers();
        int outstanding = backlog.outstandingTasks();
        int needed = cluster.clamp(ReasonFormat.ceilDivide(outstanding, cluster.coresPerWorker()));
        String need = outstanding + " tasks pending or running need " + ReasonFormat.workers(needed)
                + " of " + cluster.coresPerWorker() + " cores";

        if (current < cluster.minWorkers() || current > cluster.maxWorkers()) {
            int desired = cluster.clamp(current);
            return new ScalingDecision(desired, ReasonFormat.workers(current) + " outside bounds ["
                    + cluster.minWorkers() + ", " + cluster.maxWorkers() + "]: " + ReasonFormat.workers(desired));
        }
        if (needed > current) {
            return scaleUp(backlog, cluster, now, needed, need);
        }
        if (needed < current) {
            return scaleDown(backlog, cluster, now, needed, need);
        }
        return new ScalingDecision(current, need + "; keeping " + ReasonFormat.workers(current));
    }

    private ScalingDecision scaleUp(
            BacklogSnapshot backlog, ClusterState cluster, Instant now, int needed, String need) {
        int current = cluster.currentWorkers();
        if (backlog.pendingTasks() == 0 || cluster.backlogSince() == null) {
            return new ScalingDecision(current, need + "; no pending task, keeping " + ReasonFormat.workers(current));
        }
        boolean firstRound = cluster.lastAddedWorkers() == 0;
        boolean due = firstRound
                ? ReasonFormat.elapsed(cluster.backlogSince(), now, schedulerBacklogTimeout)
                : ReasonFormat.elapsed(cluster.lastScaleUpAt(), now, sustainedSchedulerBacklogTimeout);
        if (!due) {
            return new ScalingDecision(current, need + "; next round not due yet ("
                    + (firstRound ? "backlog timeout " + ReasonFormat.seconds(schedulerBacklogTimeout)
                            : "sustained backlog timeout " + ReasonFormat.seconds(sustainedSchedulerBacklogTimeout))
                    + "), keeping " + ReasonFormat.workers(current));
        }
        long round = firstRound ? 1 : 2L * cluster.lastAddedWorkers();
        int desired = (int) Math.min(needed, current + round);
        return new ScalingDecision(desired, backlog.pendingTasks() + " tasks pending since "
                + ReasonFormat.seconds(Duration.between(cluster.backlogSince(), now).toMillis() / 1000.0)
                + " ago; " + need + "; round of " + round + " adds " + (desired - current) + ": "
                + ReasonFormat.workers(desired));
    }

    private ScalingDecision scaleDown(
            BacklogSnapshot backlog, ClusterState cluster, Instant now, int needed, String need) {
        int current = cluster.currentWorkers();
        int starting = Math.max(0, current - backlog.executorsAlive());
        boolean idleTimedOut = backlog.pendingTasks() == 0
                && ReasonFormat.elapsed(cluster.lastBusyAt(), now, executorIdleTimeout);
        int idle = idleTimedOut ? backlog.executorsIdle() : 0;
        int desired = Math.max(needed, current - starting - idle);
        if (desired == current) {
            return new ScalingDecision(current, need + "; " + backlog.executorsIdle()
                    + " idle, not for " + ReasonFormat.seconds(executorIdleTimeout) + " yet; keeping "
                    + ReasonFormat.workers(current));
        }
        return new ScalingDecision(desired, need + "; cancelling up to " + starting + " starting and removing up to "
                + idle + " idle for " + ReasonFormat.seconds(executorIdleTimeout) + ": " + ReasonFormat.workers(desired));
    }

}
