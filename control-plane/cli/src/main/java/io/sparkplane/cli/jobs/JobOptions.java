package io.sparkplane.cli.jobs;

import io.sparkplane.cli.runs.SubmitOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code jobs create} and {@code jobs update} were told on their command line, before any file
 * is read or uploaded: the job's own fields, and its run template's as {@code runs submit} takes them.
 *
 * @param template          the template's options; its {@code name} is {@code --run-name}, its labels {@code --run-label}, it has no workspace
 * @param parameters        {@code --param NAME=DEFAULT} or {@code --param NAME} (required at each run), in order
 * @param description       {@code none} clears it
 */
public record JobOptions(SubmitOptions template, Optional<String> name, Optional<String> workspace, Optional<String> description,
        List<String> parameters, Optional<Integer> maxConcurrentRuns, Optional<String> concurrencyPolicy, Map<String, String> labels) {

    public JobOptions {
        parameters = List.copyOf(parameters);
        labels = Map.copyOf(labels);
    }

    /** Whether they change nothing at all, so that an update without a file has nothing to do. */
    public boolean changeNothing() {
        SubmitOptions t = template;
        return name.isEmpty() && workspace.isEmpty() && description.isEmpty() && parameters.isEmpty() && maxConcurrentRuns.isEmpty()
                && concurrencyPolicy.isEmpty() && labels.isEmpty() && t.entrypoint().isEmpty() && t.args().isEmpty() && t.mainClass().isEmpty()
                && t.name().isEmpty() && t.pyFiles().isEmpty() && t.jars().isEmpty() && t.files().isEmpty() && t.archives().isEmpty()
                && t.conf().isEmpty() && t.labels().isEmpty() && t.driverCores().isEmpty() && t.driverMemory().isEmpty()
                && t.executorCores().isEmpty() && t.executorMemory().isEmpty() && t.minExecutors().isEmpty() && t.maxExecutors().isEmpty()
                && t.autoscalingPolicy().isEmpty() && t.backend().isEmpty() && t.timeout().isEmpty() && t.maxRetries().isEmpty();
    }
}
