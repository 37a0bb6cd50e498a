package io.sparkplane.cli.jobs;

import io.sparkplane.cli.ApiCommand;
import io.sparkplane.cli.DefinitionFile;
import io.sparkplane.cli.Durations;
import io.sparkplane.cli.FieldHints;
import io.sparkplane.cli.api.ApiClient;
import io.sparkplane.cli.artifacts.ArtifactUploader;
import io.sparkplane.cli.runs.RunRequest;
import io.sparkplane.cli.runs.RunRequestBuilder;
import io.sparkplane.cli.runs.SubmitCommand;
import io.sparkplane.cli.runs.SubmitOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options {@code jobs create} and {@code jobs update} share: the job's own fields, and its run
 * template's as {@code runs submit} takes them (the template's name and labels as {@code --run-name}
 * and {@code --run-label}, since {@code --name} and {@code --label} are the job's).
 */
abstract class JobDefinitionOptions extends ApiCommand implements FieldHints {

    private static final Map<String, String> FIELD_OPTIONS = JobRequestBuilder.fieldOptions(SubmitCommand.OPTIONS);

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "A job file, YAML or JSON, in the API's shape (the body of POST /api/v1/jobs); options override its fields.")
    Path file;

    @Option(names = "--name", paramLabel = "NAME", description = "The job's name, unique in its workspace.")
    String name;

    @Option(names = "--description", paramLabel = "TEXT", description = "What the job is for; 'none' clears it.")
    String description;

    @Option(names = "--param", paramLabel = "NAME[=DEFAULT]",
            description = "Declares a parameter, {{NAME}} in the template's run name, args, --conf values and --run-label values: with a default,"
                    + " or without one every run must give; repeatable.")
    List<String> parameters = new ArrayList<>();

    @Option(names = "--max-concurrent-runs", paramLabel = "N", description = "How many of its runs may be live at once (default 1).")
    Integer maxConcurrentRuns;

    @Option(names = "--concurrency-policy", paramLabel = "POLICY", completionCandidates = ConcurrencyPolicies.class,
            description = "What starting a run does when that many are live: QUEUE (default) it, SKIP it, or CANCEL_OLDEST.")
    String concurrencyPolicy;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label of the job itself; repeatable.")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--run-name", paramLabel = "NAME", description = "The name of its runs, which may hold {{parameters}} (default: the job's name).")
    String runName;

    @Option(names = "--class", paramLabel = "MAIN_CLASS", description = "The main class of a jar entrypoint.")
    String mainClass;

    @Option(names = "--py-files", paramLabel = "FILES", description = "Python files, zips or eggs for the Python path, comma-separated; repeatable.")
    List<String> pyFiles = new ArrayList<>();

    @Option(names = "--jars", paramLabel = "FILES", description = "Jars for the class path, comma-separated; repeatable.")
    List<String> jars = new ArrayList<>();

    @Option(names = "--files", paramLabel = "FILES", description = "Files for the working directory, comma-separated; repeatable.")
    List<String> files = new ArrayList<>();

    @Option(names = "--archives", paramLabel = "FILES", description = "Archives to unpack (name#dir to choose the directory), comma-separated; repeatable.")
    List<String> archives = new ArrayList<>();

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark property of its runs; repeatable.")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--driver-cores", paramLabel = "N")
    Integer driverCores;

    @Option(names = "--driver-memory", paramLabel = "MEM", description = "Such as 1g or 512m.")
    String driverMemory;

    @Option(names = "--executor-cores", paramLabel = "N")
    Integer executorCores;

    @Option(names = "--executor-memory", paramLabel = "MEM", description = "Such as 2g.")
    String executorMemory;

    @Option(names = "--min-executors", paramLabel = "N")
    Integer minExecutors;

    @Option(names = "--max-executors", paramLabel = "N")
    Integer maxExecutors;

    @Option(names = "--autoscaling", paramLabel = "POLICY", description = "backlog (default), dynamic-allocation or static.")
    String autoscaling;

    @Option(names = "--backend", paramLabel = "PROFILE", description = "The engine profile of its runs (default: the workspace's or the control plane's).")
    String backend;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Each run's own limit, such as 30m: past it the run ends TIMED_OUT.")
    String timeout;

    @Option(names = "--max-retries", paramLabel = "N", description = "How often a failed attempt of a run is tried again.")
    Integer maxRetries;

    @Option(names = "--run-label", paramLabel = "KEY=VALUE", description = "A label its runs carry, which may hold {{parameters}}; repeatable.")
    Map<String, String> runLabels = new LinkedHashMap<>();

    /** The positional ENTRYPOINT, for the command that takes one. */
    abstract Optional<String> entrypoint();

    /** The job's arguments after ENTRYPOINT. */
    abstract List<String> args();

    /** The job's workspace as an option gave it, for the command that takes one. */
    abstract Optional<String> workspace();

    JobOptions options() {
        SubmitOptions template = new SubmitOptions(entrypoint(), args(), Optional.ofNullable(mainClass), Optional.ofNullable(runName), pyFiles, jars,
                files, archives, conf, runLabels, Optional.ofNullable(driverCores), Optional.ofNullable(driverMemory),
                Optional.ofNullable(executorCores), Optional.ofNullable(executorMemory), Optional.ofNullable(minExecutors),
                Optional.ofNullable(maxExecutors), Optional.ofNullable(autoscaling), Optional.ofNullable(backend),
                Optional.ofNullable(timeout).map(value -> Durations.parse(value, "--timeout")), Optional.ofNullable(maxRetries), Optional.empty());
        return new JobOptions(template, Optional.ofNullable(name), workspace(), Optional.ofNullable(description), parameters,
                Optional.ofNullable(maxConcurrentRuns), Optional.ofNullable(concurrencyPolicy), labels);
    }

    /** The {@code -f} file, if one was given. */
    Optional<DefinitionFile> jobFile() {
        return Optional.ofNullable(file).map(path -> DefinitionFile.read(path, context().workingDirectory(), context().mapper(),
                "a job file holds one object, the body of POST /api/v1/jobs"));
    }

    JobRequestBuilder builder() {
        Path workingDirectory = context().workingDirectory();
        return new JobRequestBuilder(workingDirectory, new RunRequestBuilder(workingDirectory, context().home(),
                path -> Files.isRegularFile(path) && Files.isReadable(path)));
    }

    /** Uploads the local files the template names to the job's workspace, and puts their refs in their places. */
    void upload(ApiClient api, JobRequest request, Optional<String> workspace) {
        ArtifactUploader uploader = new ArtifactUploader(api, this::notice);
        for (RunRequest.LocalInput local : request.template().locals()) {
            request.template().use(local, uploader.upload(local.path(), Optional.empty(), workspace).ref());
        }
    }

    @Override
    public Optional<String> optionFor(String field) {
        return FieldHints.longestPrefix(FIELD_OPTIONS, field);
    }

    /** For completion. */
    static final class ConcurrencyPolicies extends ArrayList<String> {
        ConcurrencyPolicies() {
            super(List.of("QUEUE", "SKIP", "CANCEL_OLDEST"));
        }
    }
}
