package io.sparkplane.cli.runs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code runs submit} was told on its command line, before any file is read or uploaded.
 *
 * @param entrypoint the positional ENTRYPOINT: a local file, an artifact ref or a URI
 * @param args       the job's arguments after the entrypoint; none keeps a run file's
 * @param workspace  {@code --workspace} only: the environment's and profile's come after a run file's
 */
public record SubmitOptions(Optional<String> entrypoint, List<String> args, Optional<String> mainClass, Optional<String> name,
        List<String> pyFiles, List<String> jars, List<String> files, List<String> archives, Map<String, String> conf,
        Map<String, String> labels, Optional<Integer> driverCores, Optional<String> driverMemory, Optional<Integer> executorCores,
        Optional<String> executorMemory, Optional<Integer> minExecutors, Optional<Integer> maxExecutors, Optional<String> autoscalingPolicy,
        Optional<String> backend, Optional<Duration> timeout, Optional<Integer> maxRetries, Optional<String> workspace) {

    public SubmitOptions {
        args = List.copyOf(args);
        pyFiles = List.copyOf(pyFiles);
        jars = List.copyOf(jars);
        files = List.copyOf(files);
        archives = List.copyOf(archives);
        conf = Map.copyOf(conf);
        labels = Map.copyOf(labels);
    }

    /** Nothing but an entrypoint, for tests and simple calls. */
    public static SubmitOptions of(String entrypoint, String... args) {
        return new SubmitOptions(Optional.of(entrypoint), List.of(args), Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(),
                List.of(), Map.of(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
