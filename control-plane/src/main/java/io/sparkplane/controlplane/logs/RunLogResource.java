package io.sparkplane.controlplane.logs;

import io.sparkplane.controlplane.api.RunService;
import io.sparkplane.controlplane.auth.Callers;
import io.sparkplane.controlplane.http.QueryParameters;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.run.RunAttemptEntity;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.run.RunLogStore;
import io.sparkplane.controlplane.run.Transactions;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;

/** {@code GET /api/v1/runs/{id}/logs}: the driver's output by byte offset, or followed live. */
@Path("/api/v1/runs/{runId}/logs")
public class RunLogResource {

    public static final String NEXT_OFFSET = "Sparkplane-Next-Offset";
    public static final String COMPLETE = "Sparkplane-Log-Complete";
    private static final int MAX_LIMIT = 1024 * 1024;
    private static final long FOLLOW_POLL_MILLIS = 300;
    /** A follower that never reads anything is not noticed when it leaves; so a follow ends by itself. */
    private static final long FOLLOW_MAX_NANOS = java.time.Duration.ofMinutes(30).toNanos();

    private final RunService runs;
    private final RunLogStore logs;
    private final Callers callers;

    RunLogResource(RunService runs, RunLogStore logs, Callers callers) {
        this.runs = runs;
        this.logs = logs;
        this.callers = callers;
    }

    @GET
    @Produces("text/plain")
    public Response read(@PathParam("runId") String runId, @QueryParam("attempt") String attempt, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit, @QueryParam("follow") String follow, @Context HttpServerResponse connection) {
        var caller = callers.current();
        RunEntity run = Transactions.inNewTransaction(() -> runs.find(runId, caller));
        UUID id = run.id;
        int chosenAttempt = QueryParameters.intValue("attempt", attempt, run.attempt, 1, Integer.MAX_VALUE);
        long start = QueryParameters.longValue("offset", offset, 0, 0, Long.MAX_VALUE);
        int size = QueryParameters.intValue("limit", limit, MAX_LIMIT, 1, MAX_LIMIT);
        boolean following = QueryParameters.booleanValue("follow", follow, false);
        if (chosenAttempt > run.attempt) {
            throw ProblemException.invalid("query:attempt", "run " + run.id + " has " + run.attempt + " attempt(s)");
        }
        LogStatus status = status(id, chosenAttempt);
        if (following && !status.ended()) {
            StreamingOutput stream = output -> follow(id, chosenAttempt, start, output, connection);
            return Response.ok(stream)
                    .type("text/plain; charset=utf-8")
                    .header(NEXT_OFFSET, start)
                    .header(COMPLETE, false)
                    .build();
        }
        byte[] bytes = logs.read(id, chosenAttempt, start, size);
        long next = start + bytes.length;
        return Response.ok(bytes)
                .type("text/plain; charset=utf-8")
                .header(NEXT_OFFSET, next)
                .header(COMPLETE, status.ended() && next >= status.bytes())
                .build();
    }

    private void follow(UUID runId, int attempt, long start, OutputStream output, HttpServerResponse connection) throws IOException {
        long offset = start;
        long giveUpAt = System.nanoTime() + FOLLOW_MAX_NANOS;
        // a client that went away (a console tab closed) frees this worker now, not at its next write
        while (System.nanoTime() < giveUpAt && !connection.closed()) {
            // Read the state before the bytes: once ended, every byte has arrived (the launcher ships
            // its log before it reports the end), so one more read after that is the last one.
            boolean ended = status(runId, attempt).ended();
            byte[] bytes = logs.read(runId, attempt, offset, MAX_LIMIT);
            if (bytes.length > 0) {
                output.write(bytes);
                output.flush();
                offset += bytes.length;
                continue;
            }
            if (ended) {
                return;
            }
            try {
                Thread.sleep(FOLLOW_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Whether the attempt has ended and its log is whole (a service-hosted attempt's comes from its
     * service's staging after the end), and how many log bytes are stored.
     */
    private record LogStatus(boolean ended, long bytes) {}

    private LogStatus status(UUID runId, int attempt) {
        return Transactions.inNewTransaction(() -> {
            RunAttemptEntity entity = RunAttemptEntity.findById(new RunAttemptEntity.Key(runId, attempt));
            if (entity != null) {
                return new LogStatus(entity.state.isEnded() && !entity.outputsPending, entity.logBytes);
            }
            RunEntity run = RunEntity.findById(runId);
            return new LogStatus(run.state.isTerminal(), 0);
        });
    }
}
