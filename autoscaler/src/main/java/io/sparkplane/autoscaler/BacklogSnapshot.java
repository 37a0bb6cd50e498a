package io.sparkplane.autoscaler;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * What the driver's scheduler looked like at one instant: the input of every {@link ScalingPolicy}.
 *
 * @param at when the snapshot was taken
 * @param pendingTasks tasks submitted to the scheduler but not started
 * @param runningTasks tasks running now
 * @param executorsAlive executors registered with the driver (one per worker)
 * @param executorsBusy executors running at least one task; at most {@code executorsAlive}
 * @param averageTaskDuration the observed mean duration of finished tasks, or {@code null} when no
 *     task has finished yet
 */
public record BacklogSnapshot(
        Instant at,
        int pendingTasks,
        int runningTasks,
        int executorsAlive,
        int executorsBusy,
        Duration averageTaskDuration) {

    public BacklogSnapshot {
        requireNonNull(at, "at is null");
        requireNotNegative(pendingTasks, "pendingTasks");
        requireNotNegative(runningTasks, "runningTasks");
        requireNotNegative(executorsAlive, "executorsAlive");
        requireNotNegative(executorsBusy, "executorsBusy");
        if (executorsBusy > executorsAlive) {
            throw new IllegalArgumentException(
                    "executorsBusy (" + executorsBusy + ") exceeds executorsAlive (" + executorsAlive + ")");
        }
        if (averageTaskDuration != null && averageTaskDuration.isNegative()) {
            throw new IllegalArgumentException("averageTaskDuration is negative: " + averageTaskDuration);
        }
    }

    /** Pending plus running tasks: everything the scheduler still has to finish. */
    public int outstandingTasks() {
        return pendingTasks + runningTasks;
    }

    /** Executors alive but running no task. */
    public int executorsIdle() {
        return executorsAlive - executorsBusy;
    }

    static void requireNotNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " is negative: " + value);
        }
    }
}
