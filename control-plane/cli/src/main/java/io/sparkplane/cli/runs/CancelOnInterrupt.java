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
 * once cancelled), so that no run is left going because its pipeline went away. Told to detach, it
 * leaves the run going, says how to follow it again, and exits {@link ExitCode#DETACHED}. A JVM
 * shutdown hook: the JDK's portable way to hear both signals.
 *
 * <p>Whoever ends the wait first owns the exit: the hook, once it has started, or the waiting
 * thread, once it has {@linkplain #close() closed} this; the other stays silent.
 */
final class CancelOnInterrupt {

    /** How long an interrupted wait waits for the cancel to finish: CI runners kill a cancelled step soon after. */
    static final Duration GRACE = Duration.ofSeconds(30);

    private final ApiClient api;
    private final String runId;
    private final boolean detach;
    private final String detachMessage;
    private final PrintStream out;
    private final PrintStream err;
    private final AtomicBoolean waiting = new AtomicBoolean(true);
    private final Thread hook;

    private CancelOnInterrupt(ApiClient api, String runId, boolean detach, String detachMessage, PrintStream out, PrintStream err) {
        this.api = api;
        this.runId = runId;
        this.detach = detach;
        this.detachMessage = detachMessage;
        this.out = out;
        this.err = err;
        this.hook = new Thread(this::interrupted, "sparkplane-interrupt");
    }

    /** @param detachMessage what to say when leaving the run going, such as which option made it so */
    static CancelOnInterrupt install(ApiClient api, String runId, boolean detach, String detachMessage, PrintStream out, PrintStream err) {
        CancelOnInterrupt handler = new CancelOnInterrupt(api, runId, detach, detachMessage, out, err);
        Runtime.getRuntime().addShutdownHook(handler.hook);
        return handler;
    }

    private void interrupted() {
        if (!waiting.compareAndSet(true, false)) {
            return; // the wait had ended: the waiting thread says how and exits
        }
        out.flush();
        if (detach) {
            err.println("sparkplane: interrupted; run " + runId + " goes on (" + detachMessage + "). Follow it again with: sparkplane runs wait " + runId);
            halt(ExitCode.DETACHED);
        }
        err.println("sparkplane: interrupted; cancelling run " + runId + " (waiting up to " + GRACE.toSeconds() + " s for it to stop)");
        err.flush();
        long deadline = System.nanoTime() + GRACE.toNanos();
        try {
            api.request(Operation.CANCEL_RUN).path("runId", runId).once().call();
        } catch (ApiException e) {
            if (e.status() != 409) {
                err.println("sparkplane: the cancel failed: " + e.getMessage() + "; run " + runId + " may go on (sparkplane runs cancel " + runId + ")");
                halt(ExitCode.API_ERROR);
            }
            // 409: it had ended already; say how below
        }
        JsonNode run = null;
        while (System.nanoTime() < deadline) {
            try {
                run = api.request(Operation.GET_RUN).path("runId", runId).once().call();
                if (RunOutcome.isTerminal(run)) {
                    RunOutcome outcome = RunOutcome.of(run);
                    err.println(outcome.summary());
                    halt(outcome.exitCode());
                }
            } catch (ApiException e) {
                // keep asking until the grace is over
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

    /**
     * The wait is over. Returns whether the waiting thread owns the exit; when not, the hook has
     * started and ends the process itself, and the caller must say nothing more.
     */
    boolean close() {
        if (!waiting.compareAndSet(true, false)) {
            return false;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is stopping for another reason: the hook finds the wait over and does nothing
        }
        return true;
    }
}
