package io.sparkplane.cli.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.cli.ApiCommand;
import io.sparkplane.cli.DefinitionFile;
import io.sparkplane.cli.Durations;
import io.sparkplane.cli.ExitCode;
import io.sparkplane.cli.FieldHints;
import io.sparkplane.cli.api.ApiClient;
import io.sparkplane.cli.api.ApiResponse;
import io.sparkplane.cli.api.Operation;
import io.sparkplane.cli.artifacts.ArtifactUploader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparkplane runs submit}: uploads what is local, submits the run, and with {@code --wait} sees it to its end. */
@Command(name = "submit", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Submits a run. ENTRYPOINT is a local .py or .jar file (uploaded as an artifact first, unless the control plane has"
                + " its bytes already), an artifact ref (artifact:sha256:<hash>/<name>) or a URI (s3://, gs://, abfss://, wasbs://, https://,"
                + " file:). Everything after ENTRYPOINT goes to the job as its arguments, so options come before it.",
                "With --wait it waits for the run to end and exits with its outcome; Ctrl-C or SIGTERM then cancels the run."})
public final class SubmitCommand extends ApiCommand implements FieldHints {

    @Parameters(index = "0", arity = "0..1", paramLabel = "ENTRYPOINT", description = "What to run (optional with -f).")
    String entrypoint;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "The job's arguments.")
    List<String> args = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "A run file, YAML or JSON, in the API's shape (POST /api/v1/runs); options override its fields.")
    Path file;

    @Option(names = {"-w", "--workspace"}, paramLabel = "ID", description = "The run's workspace (default: the run file's, SPARKPLANE_WORKSPACE, the profile's, 'default').")
    String workspace;

    @Option(names = "--name", paramLabel = "NAME", description = "A name for the run (default: the entrypoint's file name).")
    String name;

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

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark property; repeatable.")
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

    @Option(names = "--backend", paramLabel = "PROFILE", description = "The engine profile (default: the workspace's or the control plane's).")
    String backend;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "The run's own limit, such as 30m: past it the run ends TIMED_OUT.")
    String timeout;

    @Option(names = "--max-retries", paramLabel = "N", description = "How often a failed attempt is tried again.")
    Integer maxRetries;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label to find the run by; repeatable.")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "Submitting again with this key finds the first run instead of starting another (default: derived from the CI job's ids).")
    String idempotencyKey;

    @Option(names = "--wait", description = "Wait for the run to end; exit with its outcome.")
    boolean waitForEnd;

    @Option(names = "--follow", description = "Wait, and stream the driver log meanwhile.")
    boolean follow;

    @Option(names = "--wait-timeout", paramLabel = "DURATION", description = "Stop waiting after this long (exit 4); the run goes on.")
    String waitTimeout;

    @Option(names = "--detach-on-interrupt", description = "On Ctrl-C or SIGTERM while waiting, leave the run going instead of cancelling it.")
    boolean detachOnInterrupt;

    @Override
    public Integer call() {
        Optional<Duration> runTimeout = Optional.ofNullable(timeout).map(value -> Durations.parse(value, "--timeout"));
        Optional<Duration> waitLimit = Optional.ofNullable(waitTimeout).map(value -> Durations.parse(value, "--wait-timeout"));
        SubmitOptions options = new SubmitOptions(Optional.ofNullable(entrypoint), args, Optional.ofNullable(mainClass), Optional.ofNullable(name),
                pyFiles, jars, files, archives, conf, labels, Optional.ofNullable(driverCores), Optional.ofNullable(driverMemory),
                Optional.ofNullable(executorCores), Optional.ofNullable(executorMemory), Optional.ofNullable(minExecutors),
                Optional.ofNullable(maxExecutors), Optional.ofNullable(autoscaling), Optional.ofNullable(backend), runTimeout,
                Optional.ofNullable(maxRetries), Optional.ofNullable(workspace));
        RunRequestBuilder builder = new RunRequestBuilder(context().workingDirectory(), context().home(),
                path -> Files.isRegularFile(path) && Files.isReadable(path));
        RunRequest request = builder.build(options, Optional.ofNullable(file).map(this::runFile));

        ApiClient api = api(Optional.ofNullable(workspace));
        // the run file's workspace comes before the environment's and the profile's
        Optional<String> runWorkspace = request.workspace().or(() -> api.connection().workspace());
        runWorkspace.ifPresent(id -> request.body().put("workspace", id));
        ArtifactUploader uploader = new ArtifactUploader(api, this::notice);
        for (RunRequest.LocalInput local : request.locals()) {
            request.use(local, uploader.upload(local.path(), Optional.empty(), runWorkspace).ref());
        }

        ObjectMapper mapper = context().mapper();
        Optional<String> key = Optional.ofNullable(idempotencyKey)
                .or(() -> IdempotencyKeys.derive(context().environment(), bytes(mapper, request.body())));
        ApiResponse response = api.request(Operation.SUBMIT_RUN).header("Idempotency-Key", key.orElse(null)).json(request.body())
                .retryWhenBusy(Duration.ofMinutes(2)).send();
        JsonNode run = response.body();
        String id = run.path("id").asText();
        if (response.status() == 200) {
            notice("run " + id + " was submitted before with idempotency key '" + key.orElse("") + "'; this is that run, now "
                    + run.path("state").asText());
        } else {
            notice("submitted run " + id + " (" + run.path("name").asText() + ") to workspace " + run.path("workspace").asText()
                    + key.map(k -> ", idempotency key '" + k + "'").orElse(""));
        }
        if (!waitForEnd && !follow) {
            printer().one(run, RunLayouts.DETAILS, "id");
            return ExitCode.SUCCEEDED.code();
        }
        if (top().quiet()) {
            printer().one(run, RunLayouts.DETAILS, "id");
        }
        return RunEnd.await(api, printer(), err(), id, follow, waitLimit,
                detachOnInterrupt ? RunEnd.Interrupts.detach("--detach-on-interrupt") : RunEnd.Interrupts.CANCEL);
    }

    private RunRequestBuilder.RunFile runFile(Path path) {
        DefinitionFile read = DefinitionFile.read(path, context().workingDirectory(), context().mapper(),
                "a run file holds one object, the body of POST /api/v1/runs");
        return new RunRequestBuilder.RunFile(read.body(), read.directory(), read.source());
    }

    private static byte[] bytes(ObjectMapper mapper, JsonNode body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The option behind each field of a run's body, for {@link FieldHints}; a job's template has the same fields. */
    public static final Map<String, String> OPTIONS = Map.ofEntries(
            Map.entry("name", "--name"), Map.entry("workspace", "--workspace"), Map.entry("entrypoint", "ENTRYPOINT"),
            Map.entry("entrypoint.mainClass", "--class"), Map.entry("args", "ARGS"), Map.entry("pyFiles", "--py-files"),
            Map.entry("jars", "--jars"), Map.entry("files", "--files"), Map.entry("archives", "--archives"), Map.entry("sparkConf", "--conf"),
            Map.entry("resources.driver.cores", "--driver-cores"), Map.entry("resources.driver.memory", "--driver-memory"),
            Map.entry("resources.executor.cores", "--executor-cores"), Map.entry("resources.executor.memory", "--executor-memory"),
            Map.entry("autoscaling.policy", "--autoscaling"), Map.entry("autoscaling.minExecutors", "--min-executors"),
            Map.entry("autoscaling.maxExecutors", "--max-executors"), Map.entry("autoscaling", "--min-executors/--max-executors"),
            Map.entry("backend", "--backend"), Map.entry("timeoutSeconds", "--timeout"), Map.entry("maxRetries", "--max-retries"),
            Map.entry("labels", "--label"), Map.entry("header:Idempotency-Key", "--idempotency-key"));

    @Override
    public Optional<String> optionFor(String field) {
        return FieldHints.longestPrefix(OPTIONS, field);
    }
}
