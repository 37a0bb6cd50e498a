package io.sparkplane.cli.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.cli.ApiCommand;
import io.sparkplane.cli.ExitCode;
import io.sparkplane.cli.api.ApiClient;
import io.sparkplane.cli.api.Operation;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparkplane runs logs RUN_ID}: the driver's output, as it is or followed live. */
@Command(name = "logs", description = {"Prints the driver log (stdout and stderr) of a run's current attempt, or of --attempt N."
        + " With --follow, streams it as it grows, attempt after attempt, until the run ends."})
public final class LogsCommand extends ApiCommand {

    @Parameters(paramLabel = "RUN_ID")
    String runId;

    @Option(names = "--attempt", paramLabel = "N", description = "Which attempt's log (default: the current one).")
    Integer attempt;

    @Option(names = {"-f", "--follow"}, description = "Stream the log as it grows until the run ends.")
    boolean follow;

    @Override
    public Integer call() {
        ApiClient api = api();
        AtomicReference<JsonNode> run = new AtomicReference<>(get(api));
        int chosen = attempt != null ? attempt : Math.max(1, run.get().path("attempt").asInt(1));
        LogFollower follower = new LogFollower(api, runId, context().out(), err(), () -> {
            run.set(get(api));
            return run.get();
        });
        if (follow) {
            follower.follow(chosen, attempt != null);
        } else {
            follower.printOnce(chosen);
        }
        return ExitCode.SUCCEEDED.code();
    }

    private JsonNode get(ApiClient api) {
        return api.request(Operation.GET_RUN).path("runId", runId).call();
    }
}
