package io.sparkplane.cli.runs;

import io.sparkplane.cli.ApiCommand;
import io.sparkplane.cli.Durations;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparkplane runs wait RUN_ID}: waits for a run someone submitted, and exits with its outcome. */
@Command(name = "wait", description = {"Waits for a run to end, printing its state changes, and exits with its outcome"
        + " (0 succeeded, 1 failed in user code, 3 cancelled, 4 timed out, 5 failed in the engine).",
        "Ctrl-C stops waiting and leaves the run going, unless --cancel-on-interrupt."})
public final class WaitCommand extends ApiCommand {

    @Parameters(paramLabel = "RUN_ID")
    String runId;

    @Option(names = "--follow", description = "Stream the driver log meanwhile.")
    boolean follow;

    @Option(names = "--wait-timeout", paramLabel = "DURATION", description = "Stop waiting after this long (exit 4); the run goes on.")
    String waitTimeout;

    @Option(names = "--cancel-on-interrupt", description = "On Ctrl-C or SIGTERM, cancel the run (as 'runs submit --wait' does).")
    boolean cancelOnInterrupt;

    @Override
    public Integer call() {
        return RunEnd.await(api(), printer(), err(), runId, follow,
                Optional.ofNullable(waitTimeout).map(value -> Durations.parse(value, "--wait-timeout")),
                cancelOnInterrupt ? RunEnd.Interrupts.CANCEL : RunEnd.Interrupts.detach("runs wait only stops waiting; --cancel-on-interrupt cancels"));
    }
}
