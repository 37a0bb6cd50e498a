package io.sparkplane.launcher;

import static java.util.Objects.requireNonNull;

import io.sparkplane.launcher.EngineApiClient.StateAnswer;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends a heartbeat at a fixed interval while the job runs. Stops by itself when the control plane
 * says the attempt is no longer current (409) or refuses the token (401); connection errors and
 * 5xx are logged once and the beat goes on.
 */
final class Heartbeat {

    private final EngineApiClient client;
    private final Duration interval;
    private final LauncherLog log;
    private final AtomicBoolean attemptCurrent;
    private final ScheduledExecutorService executor;
    private boolean failing;

    Heartbeat(EngineApiClient client, Duration interval, LauncherLog log, AtomicBoolean attemptCurrent) {
        this.client = requireNonNull(client, "client is null");
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

    private void beat() {
        if (!attemptCurrent.get()) {
            executor.shutdown();
            return;
        }
        StateAnswer answer = client.heartbeat();
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
