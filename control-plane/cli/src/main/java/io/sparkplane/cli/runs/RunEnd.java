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

/**
 * Waits for a run to end, with Ctrl-C cancelling it (or detaching), and says how it ended: the exit
 * code of every waiting command ({@code runs submit --wait}, {@code runs wait}, {@code jobs run --wait}).
 */
public final class RunEnd {

    private RunEnd() {}

    /** @return the exit status: the run's {@link RunOutcome} */
    public static int await(ApiClient api, Printer printer, PrintStream err, String runId, boolean follow, Optional<Duration> limit, Interrupts interrupts) {
        CancelOnInterrupt handler = CancelOnInterrupt.install(api, runId, interrupts.detach(), interrupts.detachMessage(), printer.out(), err);
        JsonNode run;
        try {
            run = new RunWatcher(api, err, printer.out(), printer.quiet()).watch(runId, follow, limit);
        } finally {
            if (!handler.close()) {
                awaitHalt();
            }
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

    /** What an interrupt does to a wait: cancel the run, or leave it going, saying why. */
    public record Interrupts(boolean detach, String detachMessage) {
        public static final Interrupts CANCEL = new Interrupts(false, "");

        public static Interrupts detach(String why) {
            return new Interrupts(true, why);
        }
    }

    /** The interrupt's hook owns the exit and halts the process; this thread must say nothing more. */
    private static void awaitHalt() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException ignored) {
                // the hook halts the process
            }
        }
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
