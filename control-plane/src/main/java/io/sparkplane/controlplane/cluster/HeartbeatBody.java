package io.sparkplane.controlplane.cluster;

import io.sparkplane.controlplane.problem.FieldError;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a launcher's heartbeat: the driver's scheduler state once the job's Spark context
 * runs ({@code backlog}), absent before.
 */
public record HeartbeatBody(Backlog backlog) {

    static final int MAX_STAGES = 100;
    static final int MAX_STAGE_NAME = 500;

    /** As the launcher sends it; {@link #validate} checks what the JSON types cannot. */
    public record Backlog(
            String at,
            Integer pendingTasks,
            Integer runningTasks,
            Integer completedTasks,
            Integer failedTasks,
            Integer executorsAlive,
            Integer executorsBusy,
            Long meanTaskMillis,
            List<Stage> stages) {}

    public record Stage(
            Integer stageId,
            Integer stageAttempt,
            String name,
            Integer numTasks,
            Integer pendingTasks,
            Integer runningTasks,
            Integer completedTasks) {}

    /** The problems of a backlog report, each with its field path; empty when it is valid. */
    public static List<FieldError> validate(Backlog backlog) {
        List<FieldError> errors = new ArrayList<>();
        if (backlog == null) {
            return errors;
        }
        if (backlog.at() == null) {
            errors.add(new FieldError("backlog.at", "is required"));
        } else {
            try {
                Instant.parse(backlog.at());
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("backlog.at", "must be an RFC 3339 instant"));
            }
        }
        count("backlog.pendingTasks", backlog.pendingTasks(), errors);
        count("backlog.runningTasks", backlog.runningTasks(), errors);
        count("backlog.completedTasks", backlog.completedTasks(), errors);
        count("backlog.failedTasks", backlog.failedTasks(), errors);
        count("backlog.executorsAlive", backlog.executorsAlive(), errors);
        count("backlog.executorsBusy", backlog.executorsBusy(), errors);
        if (backlog.executorsAlive() != null && backlog.executorsBusy() != null && backlog.executorsBusy() > backlog.executorsAlive()) {
            errors.add(new FieldError("backlog.executorsBusy", "must not exceed executorsAlive"));
        }
        if (backlog.meanTaskMillis() != null && backlog.meanTaskMillis() < 0) {
            errors.add(new FieldError("backlog.meanTaskMillis", "must not be negative"));
        }
        if (backlog.stages() == null) {
            errors.add(new FieldError("backlog.stages", "is required"));
        } else if (backlog.stages().size() > MAX_STAGES) {
            errors.add(new FieldError("backlog.stages", "at most " + MAX_STAGES + " stages"));
        } else {
            for (int i = 0; i < backlog.stages().size(); i++) {
                stage("backlog.stages[" + i + "]", backlog.stages().get(i), errors);
            }
        }
        return errors;
    }

    private static void stage(String field, Stage stage, List<FieldError> errors) {
        if (stage == null) {
            errors.add(new FieldError(field, "must be an object"));
            return;
        }
        count(field + ".stageId", stage.stageId(), errors);
        count(field + ".stageAttempt", stage.stageAttempt(), errors);
        count(field + ".numTasks", stage.numTasks(), errors);
        count(field + ".pendingTasks", stage.pendingTasks(), errors);
        count(field + ".runningTasks", stage.runningTasks(), errors);
        count(field + ".completedTasks", stage.completedTasks(), errors);
        if (stage.name() == null || stage.name().length() > MAX_STAGE_NAME) {
            errors.add(new FieldError(field + ".name", "must be a string of at most " + MAX_STAGE_NAME + " characters"));
        }
    }

    private static void count(String field, Integer value, List<FieldError> errors) {
        if (value == null) {
            errors.add(new FieldError(field, "is required"));
        } else if (value < 0) {
            errors.add(new FieldError(field, "must not be negative"));
        }
    }
}
