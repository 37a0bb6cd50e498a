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
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Streams a run's driver log as it grows ({@code GET /api/v1/runs/{id}/logs?follow=true}), attempt
 * after attempt, until the run has ended and the log of its last attempt is whole. A dropped stream
 * is picked up again at the byte it reached, so no byte is shown twice or lost; the control plane
 * may be away for a while (a restart) before following gives up.
 */
final class LogFollower {

    private static final long PAUSE_MILLIS = 500;
    /** How long the control plane may be unreachable before following gives up. */
    static final Duration PATIENCE = Duration.ofMinutes(5);

    private final ApiClient api;
    private final String runId;
    private final OutputStream out;
    private final PrintStream err;
    private final Supplier<JsonNode> latestRun;
    private volatile boolean stopped;
    /** The offset of the next byte of the current attempt's log: moved on with every byte written. */
    private long offset;

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

    /** Stops at the next read or pause, whatever is left of the log. */
    void stop() {
        stopped = true;
    }

    /**
     * Follows from the start of {@code attempt}'s log.
     *
     * @param onlyThisAttempt stop once this attempt's log is whole, instead of going on to the next
     * @throws ApiException when the control plane refuses (a revoked token, no such run or attempt), or
     *                      stays unreachable longer than {@link #PATIENCE}
     */
    void follow(int attempt, boolean onlyThisAttempt) {
        int current = attempt;
        offset = 0;
        long unreachableSince = 0;
        while (!stopped) {
            try {
                stream(current);
                boolean complete = page(current);
                unreachableSince = 0;
                if (complete) {
                    if (onlyThisAttempt) {
                        return;
                    }
                    JsonNode run = latestRun.get();
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
                    throw e;
                }
                long now = System.nanoTime();
                if (unreachableSince == 0) {
                    unreachableSince = now;
                } else if (now - unreachableSince > PATIENCE.toNanos()) {
                    throw e;
                }
            } catch (IOException e) {
                // the stream broke: try again from the byte reached
            }
            pause();
        }
    }

    /** Copies the followed stream to {@code out}, moving {@link #offset} on with every byte written. */
    private void stream(int attempt) throws IOException {
        try (StreamedResponse response = api.request(Operation.GET_RUN_LOGS).path("runId", runId)
                .query("attempt", attempt).query("offset", offset).query("follow", true).untimed().stream()) {
            InputStream in = response.body();
            byte[] buffer = new byte[8192];
            int read;
            while (!stopped && (read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
                offset += read;
            }
        }
    }

    /** One page from {@link #offset}, written out; says whether the attempt's log is whole. */
    private boolean page(int attempt) throws IOException {
        try (StreamedResponse response = api.request(Operation.GET_RUN_LOGS).path("runId", runId)
                .query("attempt", attempt).query("offset", offset).stream()) {
            byte[] bytes = response.body().readAllBytes();
            out.write(bytes);
            out.flush();
            offset += bytes.length;
            long next = response.header("Sparkplane-Next-Offset").map(Long::parseLong).orElse(offset);
            offset = Math.max(next, offset);
            return response.header("Sparkplane-Log-Complete").map(Boolean::parseBoolean).orElse(false);
        }
    }

    /** Reads one attempt's log as it is now, page by page, without waiting for more. */
    void printOnce(int attempt) {
        offset = 0;
        try {
            while (true) {
                long before = offset;
                if (page(attempt) || offset == before) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new io.sparkplane.cli.CliException(io.sparkplane.cli.ExitCode.API_ERROR, "reading the driver log broke off: " + e.getMessage());
        }
    }

    private void pause() {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }
}
