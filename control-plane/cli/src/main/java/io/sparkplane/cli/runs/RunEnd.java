package io.sparkplane.cli.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.cli.ExitCode;
import io.sparkplane.cli.api.ApiClient;
import io.sparkplane.cli.output.Column;
import io.sparkplane.cli.output.OutputFormat;
import io.sparkplane.cli.output.Printer;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Waits for a run to end, with Ctrl-C cancelling it (or detaching), and says how it ended: the exit code of every waiting command. */
final class RunEnd {

    private RunEnd() {}

    /** @return the exit status: the run's {@link RunOutcome} */
    static int await(ApiClient api, Printer printer, PrintStream err, String runId, boolean follow, Optional<Duration> limit, boolean detach) {
        JsonNode run;
        try (CancelOnInterrupt ignored = CancelOnInterrupt.install(api, runId, detach, printer.out(), err)) {
            run = new RunWatcher(api, err, printer.out(), printer.quiet()).watch(runId, follow, limit);
        }
        RunOutcome outcome = RunOutcome.of(run);
        if (outcome.exitCode() == ExitCode.SUCCEEDED) {
            if (!printer.quiet()) {
                err.println(outcome.summary() + took(run));
            }
        } else {
            // a run that ended badly says so even with --quiet: its message is the job's exception
            err.println(outcome.summary());
        }
        err.flush();
        if (printer.format() != OutputFormat.table && !printer.quiet()) {
            printer.structured(run);
        }
        return outcome.exitCode().code();
    }

    private static String took(JsonNode run) {
        try {
            Instant start = Instant.parse(run.path("createdAt").asText());
            Instant end = Instant.parse(run.path("endedAt").asText());
            return " in " + Column.duration(Duration.between(start, end));
        } catch (DateTimeParseException e) {
            return "";
        }
    }
}
