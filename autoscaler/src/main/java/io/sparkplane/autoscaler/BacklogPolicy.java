package io.sparkplane.autoscaler;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Sparkplane's policy: size the cluster to finish the visible backlog within a target drain time.
 *
 * <ul>
 *   <li>Target: the outstanding work is {@code (pending + running) × averageTaskDuration}
 *       task-seconds; the target is {@code ceil(taskSeconds / (targetDrainTime × coresPerWorker))},
 *       never more than {@code ceil((pending + running) / coresPerWorker)} (a task cannot be split
 *       over slots). Before any task has finished (average unknown) every outstanding task is
 *       assumed to need its own slot.
 *   <li>Scale-up: towards the target at once, but to at most {@code current × maxScaleUpFactor}
 *       (and at least {@code current + 1}) per decision.
 *   <li>Scale-down: to the target, only when the cluster has been quiet for a whole {@code
 *       scaleDownStabilization} window: no pending task and always an idle executor since {@link
 *       ClusterState#lastBusyAt()}, and no scale-up or scale-down within the window. So the target
 *       has been below the current size for the whole window, scale-downs are at least a window
 *       apart, and a backlog that comes back within the window never makes the cluster flap.
 *   <li>Always within [min, max].
 * </ul>
 *
 * @param targetDrainTime how long the visible backlog may take to finish
 * @param maxScaleUpFactor the largest growth per decision, at least 1 (growth is at least one worker)
 * @param scaleDownStabilization how long the cluster must be quiet and unchanged before shrinking
 */
public record BacklogPolicy(Duration targetDrainTime, double maxScaleUpFactor, Duration scaleDownStabilization)
        implements ScalingPolicy {

    public BacklogPolicy {
        ReasonFormat.requirePositive(targetDrainTime, "targetDrainTime");
        if (!(maxScaleUpFactor >= 1.0) || Double.isInfinite(maxScaleUpFactor)) {
            throw new IllegalArgumentException("maxScaleUpFactor must be a finite number of at least 1: " + maxScaleUpFactor);
        }
        ReasonFormat.requirePositive(scaleDownStabilization, "scaleDownStabilization");
    }

    /** The defaults: 30 s drain time, at most doubling per decision, 60 s stabilization. */
    public static BacklogPolicy defaults() {
        return new BacklogPolicy(Duration.ofSeconds(30), 2.0, Duration.ofSeconds(60));
    }

    @Override
    public ScalingDecision decide(BacklogSnapshot backlog, ClusterState cluster, Instant now) {
        requireNonNull(backlog, "backlog is null");
        requireNonNull(cluster, "cluster is null");
        requireNonNull(now, "now is null");
        int current = cluster.currentWorkers();
        if (current < cluster.minWorkers() || current > cluster.maxWorkers()) {
            int desired = cluster.clamp(current);
            return new ScalingDecision(desired, ReasonFormat.workers(current) + " outside bounds ["
                    + cluster.minWorkers() + ", " + cluster.maxWorkers() + "]: " + ReasonFormat.workers(desired));
        }
        int outstanding = backlog.outstandingTasks();
        int cores = cluster.coresPerWorker();
        int slotsNeeded = ReasonFormat.ceilDivide(outstanding, cores);
        int unclamped;
        String need;
        if (backlog.averageTaskDuration() == null) {
            unclamped = slotsNeeded;
            need = "backlog " + outstanding + " tasks, task duration unknown: one slot each needs "
                    + ReasonFormat.workers(unclamped) + " of " + cores + " cores";
        } else {
            double averageSeconds = backlog.averageTaskDuration().toNanos() / 1e9;
            double taskSeconds = outstanding * averageSeconds;
            double drainSeconds = targetDrainTime.toNanos() / 1e9;
            unclamped = (int) Math.min(slotsNeeded, Math.ceil(taskSeconds / (drainSeconds * cores) - 1e-9));
            need = String.format(Locale.ROOT, "backlog %d tasks × %.1f s ≈ %.0f task-s; %s drain needs %s",
                    outstanding, averageSeconds, taskSeconds, ReasonFormat.seconds(drainSeconds),
                    ReasonFormat.workers(unclamped));
        }
        int target = cluster.clamp(unclamped);
        if (target != unclamped) {
            need += " (bounded to " + target + ")";
        }
        if (target > current) {
            long bound = Math.max(current + 1L, (long) Math.floor(current * maxScaleUpFactor));
            int desired = (int) Math.min(target, bound);
            return new ScalingDecision(desired, desired == target
                    ? need + "; scaling up to " + ReasonFormat.workers(desired)
                    : need + String.format(Locale.ROOT, "; ramp-up limited to ×%.1f: %s",
                            maxScaleUpFactor, ReasonFormat.workers(desired)));
        }
        if (target < current) {
            String blocker = scaleDownBlocker(backlog, cluster, now);
            if (blocker != null) {
                return new ScalingDecision(current, need + "; keeping " + ReasonFormat.workers(current) + ": " + blocker);
            }
            return new ScalingDecision(target, need + "; quiet for " + ReasonFormat.seconds(scaleDownStabilization)
                    + ", scaling down to " + ReasonFormat.workers(target));
        }
        return new ScalingDecision(current, need + "; keeping " + ReasonFormat.workers(current));
    }

    /** Why the cluster may not shrink now, or {@code null} when it may. */
    private String scaleDownBlocker(BacklogSnapshot backlog, ClusterState cluster, Instant now) {
        String window = ReasonFormat.seconds(scaleDownStabilization);
        if (backlog.pendingTasks() > 0 || !ReasonFormat.elapsed(cluster.lastBusyAt(), now, scaleDownStabilization)) {
            return "busy within the last " + window;
        }
        if (cluster.lastScaleUpAt() != null && !ReasonFormat.elapsed(cluster.lastScaleUpAt(), now, scaleDownStabilization)) {
            return "scaled up within the last " + window;
        }
        if (cluster.lastScaleDownAt() != null
                && !ReasonFormat.elapsed(cluster.lastScaleDownAt(), now, scaleDownStabilization)) {
            return "scaled down within the last " + window;
        }
        return null;
    }
}
