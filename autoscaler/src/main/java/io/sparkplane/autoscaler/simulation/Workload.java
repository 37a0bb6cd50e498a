package io.sparkplane.autoscaler.simulation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * A trace to replay: stages that run one after another, as in a Spark job whose stages each depend
 * on the previous one.
 *
 * @param name short name for reports
 * @param stages at least one stage, in order
 */
public record Workload(String name, List<Stage> stages) {

    public Workload {
        requireNonNull(name, "name is null");
        requireNonNull(stages, "stages is null");
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("workload " + name + " has no stage");
        }
    }

    /** Tasks over all stages. */
    public int taskCount() {
        return stages.stream().mapToInt(stage -> stage.taskDurations().size()).sum();
    }

    /** Sum of every task's duration, in seconds: the work a perfect cluster would still have to do. */
    public double taskSeconds() {
        return stages.stream()
                .flatMap(stage -> stage.taskDurations().stream())
                .mapToLong(Duration::toMillis)
                .sum() / 1000.0;
    }

    /**
     * One stage.
     *
     * @param submitAfterPrevious how long after the previous stage completed (for the first stage:
     *     after the simulation starts) the stage is submitted; models driver-side work and idle gaps
     * @param taskDurations every task's duration, in the order the scheduler starts them; each at
     *     least one millisecond
     */
    public record Stage(Duration submitAfterPrevious, List<Duration> taskDurations) {

        public Stage {
            requireNonNull(submitAfterPrevious, "submitAfterPrevious is null");
            if (submitAfterPrevious.isNegative()) {
                throw new IllegalArgumentException("submitAfterPrevious is negative: " + submitAfterPrevious);
            }
            requireNonNull(taskDurations, "taskDurations is null");
            taskDurations = List.copyOf(taskDurations);
            if (taskDurations.isEmpty()) {
                throw new IllegalArgumentException("a stage needs at least one task");
            }
            for (Duration duration : taskDurations) {
                if (duration.toMillis() < 1) {
                    throw new IllegalArgumentException("task duration below 1 ms: " + duration);
                }
            }
        }
    }
}
