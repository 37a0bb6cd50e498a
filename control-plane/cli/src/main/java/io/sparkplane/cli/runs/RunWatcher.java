package io.sparkplane.cli.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.cli.CliException;
import io.sparkplane.cli.ExitCode;
import io.sparkplane.cli.api.ApiClient;
import io.sparkplane.cli.api.ApiException;
import io.sparkplane.cli.api.Operation;
import io.sparkplane.cli.output.Column;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Waits for a run to end: prints each state change (and each failed attempt, retry and resize) with
 * its time on standard error as the run's events arrive, optionally streams its driver log to
 * standard output meanwhile, and returns the run as it ended. The control plane may be away for a
 * while (a restart) without ending the wait.
 */
final class RunWatcher {

    private static final Duration POLL = Duration.ofSeconds(1);
    /** How long the control plane may be unreachable before the wait gives up. */
    private static final Duration PATIENCE = Duration.ofMinutes(5);
    /** How long the log may take to arrive whole after the run ended. */
    private static final Duration LOG_TAIL = Duration.ofSeconds(30);

    private final ApiClient api;
    private final PrintStream err;
    private final OutputStream logOut;
    private final boolean quiet;

    RunWatcher(ApiClient api, PrintStream err, OutputStream logOut, boolean quiet) {
        this.api = api;
        this.err = err;
        this.logOut = logOut;
        this.quiet = quiet;
    }

    /**
     * @param follow    stream the driver log meanwhile
     * @param timeout   how long to wait at most; past it, {@link CliException} with {@link ExitCode#TIMED_OUT}
     * @return the run once terminal
     */
    JsonNode watch(String runId, boolean follow, Optional<Duration> timeout) {
        long deadline = timeout.map(t -> System.nanoTime() + t.toNanos()).orElse(Long.MAX_VALUE);
        AtomicReference<JsonNode> latest = new AtomicReference<>();
        Thread logThread = null;
        LogFollower follower = null;
        long lastEvent = 0;
        long unreachableSince = 0;
        while (true) {
            try {
                JsonNode run = getRun(runId);
                latest.set(run);
                if (follow && follower == null) {
                    follower = new LogFollower(api, runId, logOut, err, latest::get);
                    logThread = followInBackground(follower, Math.max(1, run.path("attempt").asInt(1)));
                }
                lastEvent = printEvents(runId, lastEvent);
                if (unreachableSince != 0) {
                    say("the control plane answers again");
                    unreachableSince = 0;
                }
                if (RunOutcome.isTerminal(run)) {
                    awaitLog(logThread, follower);
                    return run;
                }
            } catch (ApiException e) {
                if (e.status() != 0 && e.status() < 500) {
                    throw e;
                }
                long now = System.nanoTime();
                if (unreachableSince == 0) {
                    unreachableSince = now;
                    say(e.getMessage() + "; still waiting (up to " + PATIENCE.toMinutes() + " min)");
                } else if (now - unreachableSince > PATIENCE.toNanos()) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                if (follower != null) {
                    follower.stop();
                }
                String state = latest.get() == null ? "not seen yet" : "still " + latest.get().path("state").asText();
                throw new CliException(ExitCode.TIMED_OUT, "run " + runId + " is " + state + " after "
                        + Column.duration(timeout.orElseThrow()) + " (--wait-timeout); it goes on. Cancel it with: sparkplane runs cancel " + runId);
            }
            sleep(POLL);
        }
    }

    /** Streams the log on a thread of its own; a refusal to read it is said, and the wait goes on. */
    private Thread followInBackground(LogFollower follower, int attempt) {
        Thread thread = new Thread(() -> {
            try {
                follower.follow(attempt, false);
            } catch (ApiException | CliException e) {
                err.println("sparkplane: stopped following the driver log: " + e.getMessage());
                err.flush();
            }
        }, "sparkplane-log");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private JsonNode getRun(String runId) {
        return api.request(Operation.GET_RUN).path("runId", runId).call();
    }

    /** Prints the events after {@code after}; returns the last event id seen. */
    private long printEvents(String runId, long after) {
        long last = after;
        while (true) {
            JsonNode page = api.request(Operation.LIST_RUN_EVENTS).path("runId", runId).query("after", last).query("limit", 500).call();
            JsonNode items = page.path("items");
            for (JsonNode event : items) {
                last = Math.max(last, event.path("id").asLong());
                describe(event).ifPresent(line -> say(Column.instant(event.path("at").asText()) + " " + line));
            }
            if (items.size() < 500) {
                return last;
            }
        }
    }

    /** How an event reads in the wait's progress; events of no interest there give nothing. */
    static Optional<String> describe(JsonNode event) {
        String attempt = event.path("attempt").isInt() ? "attempt " + event.path("attempt").asInt() : "";
        String message = event.path("message").isTextual() ? event.path("message").asText() : "";
        String reason = event.path("reason").isTextual() ? event.path("reason").asText() : "";
        switch (event.path("type").asText()) {
            case "STATE_CHANGED": {
                String state = event.path("toState").asText();
                boolean startsAttempt = state.equals("PROVISIONING") && !attempt.isEmpty();
                return Optional.of(state + (startsAttempt ? " (" + attempt + ")" : ""));
            }
            case "ATTEMPT_FAILED":
                // its message is the run's when it is the last attempt, which the end says once
                return Optional.of((attempt.isEmpty() ? "attempt" : attempt) + " failed: " + reason);
            case "RETRY_SCHEDULED":
            case "CLUSTER_RESIZED":
            case "CLUSTER_REPAIRED":
            case "ENGINE_ERROR":
                return message.isEmpty() ? Optional.empty() : Optional.of(message);
            case "CANCEL_REQUESTED":
                return Optional.of("cancel requested");
            default:
                return Optional.empty();
        }
    }

    private void awaitLog(Thread logThread, LogFollower follower) {
        if (logThread == null) {
            return;
        }
        try {
            logThread.join(LOG_TAIL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (logThread.isAlive()) {
            follower.stop();
            say("the driver log did not arrive whole within " + LOG_TAIL.toSeconds() + " s of the end; read it later with: sparkplane runs logs");
        }
    }

    private void say(String line) {
        if (!quiet) {
            err.println(line);
            err.flush();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.API_ERROR, "interrupted");
        }
    }
}
