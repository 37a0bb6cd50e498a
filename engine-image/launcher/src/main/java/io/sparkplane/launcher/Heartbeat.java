package io.sparkplane.launcher;

import static java.util.Objects.requireNonNull;

import io.sparkplane.launcher.EngineApiClient.StateAnswer;
import io.sparkplane.listener.BacklogReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends a heartbeat at a fixed interval while the job runs, with the driver's backlog when the
 * backlog listener has written a fresh one ({@link BacklogFile}). Stops by itself when the control plane
 * says the attempt is no longer current (409) or refuses the token (401); connection errors and
 * 5xx are logged once and the beat goes on.
 */
final class Heartbeat {

    private final EngineApiClient client;
    private final Duration interval;
    private final LauncherLog log;
    private final AtomicBoolean attemptCurrent;
    private final BacklogFile backlog;
    private final ScheduledExecutorService executor;
    private boolean failing;
    private boolean backlogBroken;

    Heartbeat(EngineApiClient client, Duration interval, LauncherLog log, AtomicBoolean attemptCurrent, BacklogFile backlog) {
        this.client = requireNonNull(client, "client is null");
        this.backlog = requireNonNull(backlog, "backlog is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.log = requireNonNull(log, "log is null");
        this.attemptCurrent = requireNonNull(attemptCurrent, "attemptCurrent is null");
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sparkplane-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        executor.scheduleWithFixedDelay(this::beat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop() {
        executor.shutdownNow();
    }

    /** The backlog to send; a broken snapshot reader costs the backlog, never the heartbeat. */
    private Optional<BacklogReport> backlogNow() {
        try {
            return backlog.read(Instant.now());
        } catch (RuntimeException | LinkageError e) {
            if (!backlogBroken) {
                backlogBroken = true;
                log.error("cannot read the driver's backlog, heartbeats go on without it: " + e);
            }
            return Optional.empty();
        }
    }

    private void beat() {
        if (!attemptCurrent.get()) {
            executor.shutdown();
            return;
        }
        StateAnswer answer;
        try {
            answer = client.heartbeat(backlogNow());
        } catch (RuntimeException e) {
            // an exception would end a scheduled task silently, and the engine would look lost
            log.error("heartbeat failed unexpectedly, will keep trying: " + e);
            return;
        }
        switch (answer.answer()) {
            case ACCEPTED -> {
                if (failing) {
                    failing = false;
                    log.info("heartbeats are accepted again");
                }
            }
            case CONFLICT -> {
                attemptCurrent.set(false);
                log.warn("control plane says the attempt is no longer current (heartbeat " + answer.detail() + "): reporting stops");
                executor.shutdown();
            }
            case UNAUTHORIZED -> {
                log.error("control plane rejected the attempt token (heartbeat " + answer.detail() + "): heartbeats stop");
                executor.shutdown();
            }
            case RETRY -> {
                if (!failing) {
                    failing = true;
                    log.warn("heartbeat failed (" + answer.detail() + "), will keep trying");
                }
            }
        }
    }
}
