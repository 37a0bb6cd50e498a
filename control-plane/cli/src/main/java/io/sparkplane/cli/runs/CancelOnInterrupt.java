package io.sparkplane.cli.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.cli.ExitCode;
import io.sparkplane.cli.api.ApiClient;
import io.sparkplane.cli.api.ApiException;
import io.sparkplane.cli.api.Operation;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * While a wait is in progress, SIGINT or SIGTERM (Ctrl-C, a CI job being cancelled) cancels the run,
 * waits briefly for it to end, and exits with the code of how it ended ({@link ExitCode#CANCELLED}
 * once cancelled), so that no run is left going because its pipeline went away. With
 * {@code detach} it leaves the run going and says how to find it again. A JVM shutdown hook: the
 * JDK's portable way to hear both signals.
 */
final class CancelOnInterrupt implements AutoCloseable {

    /** How long an interrupted wait waits for the cancel to finish: CI runners kill a cancelled step soon after. */
    static final Duration GRACE = Duration.ofSeconds(30);

    private final ApiClient api;
    private final String runId;
    private final boolean detach;
    private final PrintStream out;
    private final PrintStream err;
    private final AtomicBoolean active = new AtomicBoolean(true);
    private final Thread hook;

    private CancelOnInterrupt(ApiClient api, String runId, boolean detach, PrintStream out, PrintStream err) {
        this.api = api;
        this.runId = runId;
        this.detach = detach;
        this.out = out;
        this.err = err;
        this.hook = new Thread(this::interrupted, "sparkplane-interrupt");
    }

    static CancelOnInterrupt install(ApiClient api, String runId, boolean detach, PrintStream out, PrintStream err) {
        CancelOnInterrupt handler = new CancelOnInterrupt(api, runId, detach, out, err);
        Runtime.getRuntime().addShutdownHook(handler.hook);
        return handler;
    }

    private void interrupted() {
        if (!active.get()) {
            return;
        }
        out.flush();
        if (detach) {
            err.println("sparkplane: interrupted; run " + runId + " goes on (--detach-on-interrupt). Follow it with: sparkplane runs wait " + runId);
            halt(ExitCode.DETACHED);
        }
        err.println("sparkplane: interrupted; cancelling run " + runId + " (waiting up to " + GRACE.toSeconds() + " s for it to stop)");
        err.flush();
        try {
            api.request(Operation.CANCEL_RUN).path("runId", runId).call();
        } catch (ApiException e) {
            if (e.status() != 409) {
                err.println("sparkplane: the cancel failed: " + e.getMessage());
                halt(ExitCode.API_ERROR);
            }
            // 409: it had ended already; say how below
        }
        long deadline = System.nanoTime() + GRACE.toNanos();
        JsonNode run = null;
        while (System.nanoTime() < deadline) {
            try {
                run = api.request(Operation.GET_RUN).path("runId", runId).call();
                if (RunOutcome.isTerminal(run)) {
                    RunOutcome outcome = RunOutcome.of(run);
                    err.println(outcome.summary());
                    halt(outcome.exitCode());
                }
            } catch (ApiException e) {
                // keep trying until the grace is over
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                break;
            }
        }
        err.println("sparkplane: run " + runId + " is " + (run == null ? "being cancelled" : run.path("state").asText())
                + " after " + GRACE.toSeconds() + " s; it stops on its own (sparkplane runs get " + runId + ")");
        halt(ExitCode.CANCELLED);
    }

    private void halt(ExitCode code) {
        out.flush();
        err.flush();
        Runtime.getRuntime().halt(code.code());
    }

    /** The wait is over: a signal from now on ends the CLI as usual. */
    @Override
    public void close() {
        active.set(false);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or has run; active=false makes it do nothing
        }
    }
}
