package io.sparkplane.cli.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.cli.ApiCommand;
import io.sparkplane.cli.Durations;
import io.sparkplane.cli.ExitCode;
import io.sparkplane.cli.FieldHints;
import io.sparkplane.cli.api.ApiClient;
import io.sparkplane.cli.api.ApiResponse;
import io.sparkplane.cli.api.Operation;
import io.sparkplane.cli.runs.IdempotencyKeys;
import io.sparkplane.cli.runs.RunEnd;
import io.sparkplane.cli.runs.RunLayouts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sparkplane jobs run JOB}: starts a run of a saved job (as {@code databricks jobs run-now}),
 * and with {@code --wait} or {@code --follow} sees it to its end exactly as {@code runs submit --wait}
 * does, with the same exit codes.
 */
@Command(name = "run", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Starts a run of a job, its current version or --job-version N, with --param values (each one left out takes its default).",
                "With --wait it waits for the run to end and exits with its outcome (0 succeeded, 1 failed in user code, 3 cancelled,"
                        + " 4 timed out, 5 failed in the engine); Ctrl-C or SIGTERM then cancels the run.",
                "  sparkplane jobs run sales --param date=2026-12-01 --wait --follow"})
public final class RunJobCommand extends ApiCommand implements FieldHints {

    @Mixin
    JobArgument job;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A value of one of the job's parameters; repeatable.")
    Map<String, String> parameters = new LinkedHashMap<>();

    // not --version, which every command has for the CLI's own
    @Option(names = "--job-version", paramLabel = "N", description = "Run this version of the job (default: its current one).")
    Integer version;

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "Starting again with this key finds the first run instead of starting another (default: derived from the CI job's ids).")
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
        Optional<Duration> waitLimit = Optional.ofNullable(waitTimeout).map(value -> Durations.parse(value, "--wait-timeout"));
        ApiClient api = api(job.workspace());
        String id = JobNames.id(api, job.job());
        ObjectNode body = body();
        Optional<String> key = Optional.ofNullable(idempotencyKey).or(() -> IdempotencyKeys.derive(context().environment(), keyMaterial(id, body)));
        ApiResponse response = api.request(Operation.START_JOB_RUN).path("jobId", id).header("Idempotency-Key", key.orElse(null)).json(body)
                .retryWhenBusy(Duration.ofMinutes(2)).send();
        JsonNode run = response.body();
        String runId = run.path("id").asText();
        if (response.status() == 200) {
            notice("run " + runId + " was started before with idempotency key '" + key.orElse("") + "'; this is that run, now "
                    + run.path("state").asText());
        } else {
            notice("started run " + runId + " (" + run.path("name").asText() + ") of job " + id + " version " + run.path("job").path("version").asText()
                    + " in workspace " + run.path("workspace").asText() + key.map(k -> ", idempotency key '" + k + "'").orElse(""));
        }
        if (!waitForEnd && !follow) {
            printer().one(run, RunLayouts.DETAILS, "id");
            return ExitCode.SUCCEEDED.code();
        }
        if (top().quiet()) {
            printer().one(run, RunLayouts.DETAILS, "id");
        }
        return RunEnd.await(api, printer(), err(), runId, follow, waitLimit,
                detachOnInterrupt ? RunEnd.Interrupts.detach("--detach-on-interrupt") : RunEnd.Interrupts.CANCEL);
    }

    /** The body of POST /api/v1/jobs/{id}/runs these options make; {@code {}} starts the current version with every default. */
    ObjectNode body() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (version != null) {
            body.put("version", version);
        }
        if (!parameters.isEmpty()) {
            ObjectNode values = body.putObject("parameters");
            new TreeMap<>(parameters).forEach(values::put);
        }
        return body;
    }

    /**
     * What a derived idempotency key hashes: the job as well as the body, since the same parameters of
     * two jobs in one CI step are two runs.
     */
    private byte[] keyMaterial(String jobId, JsonNode body) {
        try {
            return ("jobs/" + jobId + "/runs\n" + context().mapper().writeValueAsString(body)).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Map<String, String> OPTIONS = Map.of("parameters", "--param", "version", "--job-version",
            "header:Idempotency-Key", "--idempotency-key");

    @Override
    public Optional<String> optionFor(String field) {
        return FieldHints.longestPrefix(OPTIONS, field);
    }
}
