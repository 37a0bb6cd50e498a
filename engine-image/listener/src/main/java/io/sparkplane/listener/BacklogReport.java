package io.sparkplane.listener;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * The driver's scheduler state at one instant, in the shape of the {@code BacklogReport} schema of
 * the internal engine API ({@code api-spec/openapi.yaml}), which the launcher forwards as is.
 *
 * @param pendingTasks tasks of active stages not started yet
 * @param runningTasks tasks started and not ended
 * @param completedTasks tasks ended successfully since the application started
 * @param failedTasks task attempts that failed (or were lost with their executor) since the application started
 * @param executorsAlive executors registered and not removed
 * @param executorsBusy alive executors running at least one task
 * @param meanTaskMillis mean duration of the successful tasks, null before the first
 * @param stages the active stage attempts, at most {@link #MAX_STAGES}, by stage id
 */
public record BacklogReport(
        Instant at,
        long pendingTasks,
        long runningTasks,
        long completedTasks,
        long failedTasks,
        int executorsAlive,
        int executorsBusy,
        Long meanTaskMillis,
        List<StageBacklog> stages) {

    /** The contract's {@code maxItems} of {@code stages}. */
    public static final int MAX_STAGES = 100;

    public BacklogReport {
        requireNonNull(at, "at is null");
        stages = List.copyOf(requireNonNull(stages, "stages is null"));
        if (stages.size() > MAX_STAGES) {
            throw new IllegalArgumentException("more than " + MAX_STAGES + " stages: " + stages.size());
        }
    }

    /**
     * One active stage attempt.
     *
     * @param name the stage's name (its call site), at most {@link #MAX_NAME_LENGTH} characters
     * @param pendingTasks {@code numTasks - completedTasks - runningTasks}, never below 0
     * @param completedTasks distinct tasks of the attempt that ended successfully
     */
    public record StageBacklog(
            int stageId, int stageAttempt, String name, int numTasks, int pendingTasks, int runningTasks, int completedTasks) {

        /** The contract's {@code maxLength} of {@code name}. */
        public static final int MAX_NAME_LENGTH = 500;

        public StageBacklog {
            requireNonNull(name, "name is null");
            if (name.length() > MAX_NAME_LENGTH) {
                throw new IllegalArgumentException("stage name longer than " + MAX_NAME_LENGTH + " characters");
            }
        }
    }
}
