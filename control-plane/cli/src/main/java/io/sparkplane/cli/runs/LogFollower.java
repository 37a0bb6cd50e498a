package io.sparkplane.cli.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.cli.api.ApiClient;
import io.sparkplane.cli.api.ApiException;
import io.sparkplane.cli.api.Operation;
import io.sparkplane.cli.api.StreamedResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * Streams a run's driver log as it grows ({@code GET /api/v1/runs/{id}/logs?follow=true}), attempt
 * after attempt, until the run has ended and the log of its last attempt is whole; a dropped
 * stream is picked up again at the offset reached, so no byte is shown twice or lost.
 */
final class LogFollower {

    private static final long PAUSE_MILLIS = 500;

    private final ApiClient api;
    private final String runId;
    private final OutputStream out;
    private final PrintStream err;
    private final Supplier<JsonNode> latestRun;
    private volatile boolean stopped;

    /**
     * @param out       where the log's bytes go (standard output)
     * @param err       where the attempt headings go
     * @param latestRun the run as last read, to know its current attempt and whether it ended
     */
    LogFollower(ApiClient api, String runId, OutputStream out, PrintStream err, Supplier<JsonNode> latestRun) {
        this.api = api;
        this.runId = runId;
        this.out = out;
        this.err = err;
        this.latestRun = latestRun;
    }

    /** Stops at the next pause, whatever is left of the log. */
    void stop() {
        stopped = true;
    }

    /**
     * Follows from the start of {@code attempt}'s log.
     *
     * @param onlyThisAttempt stop once this attempt's log is whole, instead of going on to the next
     */
    void follow(int attempt, boolean onlyThisAttempt) {
        int current = attempt;
        long offset = 0;
        while (!stopped) {
            try {
                offset = stream(current, offset);
                LogPage page = page(current, offset);
                offset = page.nextOffset();
                if (page.complete()) {
                    JsonNode run = latestRun.get();
                    if (onlyThisAttempt) {
                        return;
                    }
                    if (run.path("attempt").asInt(current) > current) {
                        current++;
                        offset = 0;
                        err.println("--- attempt " + current + " ---");
                        err.flush();
                        continue;
                    }
                    if (RunOutcome.isTerminal(run)) {
                        return;
                    }
                }
            } catch (ApiException e) {
                if (e.status() != 0 && e.status() < 500) {
                    err.println("sparkplane: cannot read the driver log: " + e.getMessage());
                    return;
                }
                // the control plane is away for a moment: the watcher says so; try again from the offset reached
            } catch (IOException e) {
                // the stream broke: try again from the offset reached
            }
            pause();
        }
    }

    /** Copies the followed stream to {@code out}; returns the offset after the last byte copied. */
    private long stream(int attempt, long offset) throws IOException {
        long reached = offset;
        try (StreamedResponse response = api.request(Operation.GET_RUN_LOGS).path("runId", runId)
                .query("attempt", attempt).query("offset", offset).query("follow", true).untimed().stream()) {
            InputStream in = response.body();
            byte[] buffer = new byte[8192];
            int read;
            while (!stopped && (read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
                reached += read;
            }
        }
        return reached;
    }

    /** One page from {@code offset}, written out; says whether the attempt's log is whole. */
    private LogPage page(int attempt, long offset) throws IOException {
        try (StreamedResponse response = api.request(Operation.GET_RUN_LOGS).path("runId", runId)
                .query("attempt", attempt).query("offset", offset).stream()) {
            byte[] bytes = response.body().readAllBytes();
            out.write(bytes);
            out.flush();
            long reached = offset + bytes.length;
            boolean complete = response.header("Sparkplane-Log-Complete").map(Boolean::parseBoolean).orElse(false);
            long next = response.header("Sparkplane-Next-Offset").map(Long::parseLong).orElse(reached);
            return new LogPage(Math.max(next, reached), complete);
        }
    }

    /** Reads one attempt's log as it is now, page by page, without waiting for more. */
    void printOnce(int attempt) {
        long offset = 0;
        try {
            while (true) {
                LogPage page = page(attempt, offset);
                if (page.complete() || page.nextOffset() == offset) {
                    return;
                }
                offset = page.nextOffset();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record LogPage(long nextOffset, boolean complete) {}

    private void pause() {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }
}
