package io.sparkplane.autoscaler;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Sparkplane's policy: size the cluster to finish the visible backlog within a target drain time,
 * without paying for workers that would start too late to help.
 *
 * <ul>
 *   <li>Outstanding work: {@code pending × averageTaskDuration + running × averageTaskDuration / 2}
 *       task-seconds; a running task is assumed half done, as nothing tells how far it is.
 *   <li>Drain target: {@code ceil(work / (targetDrainTime × coresPerWorker))} workers, never more
 *       than {@code ceil((pending + running) / coresPerWorker)} (a task cannot be split over slots).
 *       Before any task has finished (average unknown) every outstanding task is assumed to need
 *       its own slot.
 *   <li>Start-up aware: a worker asked for now runs tasks only {@code workerStartupDelay} later. The
 *       workers alive now finish {@code alive × coresPerWorker × workerStartupDelay} task-seconds
 *       by then; of what is left, every worker (old or new) must get at least a start-up delay's
 *       worth, or the newest one spends longer booting than working. The policy grows to at most
 *       that many workers. In particular it adds none when the workers alive would drain the
 *       backlog before a new one could start.
 *   <li>Scale-up: towards the target at once, but to at most {@code current × maxScaleUpFactor}
 *       (and at least {@code current + 1}) per decision.
 *   <li>Scale-down: to the target, only when the cluster has been quiet for a whole {@code
 *       scaleDownStabilization} window: no pending task and always an idle executor since {@link
 *       ClusterState#lastBusyAt()}, and no scale-up or scale-down within the window. So the target
 *       has been below the current size for the whole window, scale-downs are at least a window
 *       apart, and a backlog that comes back within the window never makes the cluster flap: the
 *       window is the policy's memory of recent backlog, it keeps the largest size a recurring
 *       backlog justified. Never below the executors running a task: they cannot be removed
 *       without losing work.
 *   <li>Always within [min, max].
 * </ul>
 *
 * @param targetDrainTime how long the visible backlog may take to finish
 * @param maxScaleUpFactor the largest growth per decision, at least 1 (growth is at least one worker)
 * @param scaleDownStabilization how long the cluster must be quiet and unchanged before shrinking
 * @param workerStartupDelay the expected time from asking for a worker to its executor running
 *     tasks, zero or more; zero turns the start-up check off
 */
public record BacklogPolicy(
        Duration targetDrainTime,
        double maxScaleUpFactor,
        Duration scaleDownStabilization,
        Duration workerStartupDelay) implements ScalingPolicy {

    public BacklogPolicy {
        ReasonFormat.requirePositive(targetDrainTime, "targetDrainTime");
        if (!(maxScaleUpFactor >= 1.0) || Double.isInfinite(maxScaleUpFactor)) {
            throw new IllegalArgumentException("maxScaleUpFactor must be a finite number of at least 1: " + maxScaleUpFactor);
        }
        ReasonFormat.requirePositive(scaleDownStabilization, "scaleDownStabilization");
        requireNonNull(workerStartupDelay, "workerStartupDelay is null");
        if (workerStartupDelay.isNegative()) {
            throw new IllegalArgumentException("workerStartupDelay is negative: " + workerStartupDelay);
        }
    }

    /**
     * The defaults: 20 s drain time, at most doubling per decision, 30 s stabilization, 10 s worker
     * start-up.
     *
     * <p>10 s is an executor pod on a node that already has its image; a backend whose workers start
     * slower should pass its own measured start-up. The drain time is twice the start-up, so a
     * worker added for a backlog works for about as long as it boots. The stabilization is three
     * start-ups: long enough that a backlog coming back soon finds its workers instead of paying
     * their start-up and its latency again, half of Spark's 60 s idle timeout.
     */
    public static BacklogPolicy defaults() {
        return new BacklogPolicy(Duration.ofSeconds(20), 2.0, Duration.ofSeconds(30), Duration.ofSeconds(10));
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
        int usefulWorkers = Integer.MAX_VALUE;
        String need;
        if (backlog.averageTaskDuration() == null) {
            unclamped = slotsNeeded;
            need = "backlog " + outstanding + " tasks, task duration unknown: one slot each needs "
                    + ReasonFormat.workers(unclamped) + " of " + cores + " cores";
        } else {
            double averageSeconds = seconds(backlog.averageTaskDuration());
            double taskSeconds = (backlog.pendingTasks() + backlog.runningTasks() / 2.0) * averageSeconds;
            double drainSeconds = seconds(targetDrainTime);
            unclamped = (int) Math.min(slotsNeeded, Math.ceil(taskSeconds / (drainSeconds * cores) - 1e-9));
            need = String.format(Locale.ROOT, "backlog %d pending + %d running × %.1f s ≈ %.0f task-s; %s drain needs %s",
                    backlog.pendingTasks(), backlog.runningTasks(), averageSeconds, taskSeconds,
                    ReasonFormat.seconds(drainSeconds), ReasonFormat.workers(unclamped));
            usefulWorkers = usefulWorkers(taskSeconds, backlog.executorsAlive(), cores);
        }
        int target = cluster.clamp(unclamped);
        if (target != unclamped) {
            need += " (bounded to " + target + ")";
        }
        if (target > current) {
            return scaleUp(cluster, target, usefulWorkers, need);
        }
        if (target < current) {
            return scaleDown(backlog, cluster, now, target, need);
        }
        return new ScalingDecision(current, need + "; keeping " + ReasonFormat.workers(current));
    }

    /**
     * The most workers that each get at least a start-up delay of work once a worker asked for now
     * has started; {@link Integer#MAX_VALUE} when start-up is free.
     */
    private int usefulWorkers(double taskSeconds, int alive, int cores) {
        double startupSeconds = seconds(workerStartupDelay);
        if (startupSeconds == 0) {
            return Integer.MAX_VALUE;
        }
        double leftWhenStarted = taskSeconds - alive * cores * startupSeconds;
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, Math.floor(leftWhenStarted / (cores * startupSeconds))));
    }

    private ScalingDecision scaleUp(ClusterState cluster, int target, int usefulWorkers, String need) {
        int current = cluster.currentWorkers();
        if (usefulWorkers <= current) {
            return new ScalingDecision(current, need + "; keeping " + ReasonFormat.workers(current)
                    + ": a worker asked for now would start after " + ReasonFormat.seconds(workerStartupDelay)
                    + " and find less than that much work");
        }
        int worthwhile = Math.min(target, usefulWorkers);
        String startupLimit = worthwhile < target
                ? "; only " + ReasonFormat.workers(worthwhile) + " would each get "
                        + ReasonFormat.seconds(workerStartupDelay) + " of work after a start-up"
                : "";
        long bound = Math.max(current + 1L, (long) Math.floor(current * maxScaleUpFactor));
        int desired = (int) Math.min(worthwhile, bound);
        return new ScalingDecision(desired, desired == worthwhile
                ? need + startupLimit + "; scaling up to " + ReasonFormat.workers(desired)
                : need + startupLimit + String.format(Locale.ROOT, "; ramp-up limited to ×%.1f: %s",
                        maxScaleUpFactor, ReasonFormat.workers(desired)));
    }

    private ScalingDecision scaleDown(
            BacklogSnapshot backlog, ClusterState cluster, Instant now, int target, String need) {
        int current = cluster.currentWorkers();
        String blocker = scaleDownBlocker(backlog, cluster, now);
        if (blocker != null) {
            return new ScalingDecision(current, need + "; keeping " + ReasonFormat.workers(current) + ": " + blocker);
        }
        int desired = cluster.clamp(Math.max(target, backlog.executorsBusy()));
        if (desired >= current) {
            return new ScalingDecision(current, need + "; keeping " + ReasonFormat.workers(current) + ": "
                    + backlog.executorsBusy() + " executors are running tasks");
        }
        String busyFloor = desired > target ? ", not below the " + backlog.executorsBusy() + " executors running tasks" : "";
        return new ScalingDecision(desired, need + "; quiet for " + ReasonFormat.seconds(scaleDownStabilization)
                + ", scaling down to " + ReasonFormat.workers(desired) + busyFloor);
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

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
