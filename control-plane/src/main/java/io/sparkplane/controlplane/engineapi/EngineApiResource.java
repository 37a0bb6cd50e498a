package io.sparkplane.controlplane.engineapi;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.sparkplane.controlplane.cluster.HeartbeatBody;
import io.sparkplane.controlplane.cluster.RunMetricStore;
import io.sparkplane.controlplane.dispatch.AttemptOutcomes;
import io.sparkplane.controlplane.engineapi.AttemptAuthenticator.Caller;
import io.sparkplane.controlplane.http.RequestBodyReader;
import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.run.AttemptTokens;
import io.sparkplane.controlplane.run.Clocks;
import io.sparkplane.controlplane.run.RunAttemptEntity;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.run.RunLifecycle;
import io.sparkplane.controlplane.run.RunLogContext;
import io.sparkplane.controlplane.run.RunLogStore;
import io.sparkplane.controlplane.run.Transactions;
import io.sparkplane.controlplane.tracing.RunTraces;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.AttemptOutcome;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The internal API engine launchers call: state reports, heartbeats and driver log bytes. Each
 * attempt authenticates with its own bearer token ({@link AttemptTokens}).
 */
@Path("/internal/v1/runs/{runId}/attempts/{attempt}")
@Produces(MediaType.APPLICATION_JSON)
public class EngineApiResource {

    private static final int MAX_MESSAGE_LENGTH = 4000;
    private static final int MAX_LOG_CHUNK_BYTES = 1024 * 1024;

    private final AttemptAuthenticator authenticator;
    private final AttemptOutcomes outcomes;
    private final RunLifecycle lifecycle;
    private final RunLogStore logs;
    private final EntityManager entityManager;
    private final Clocks clocks;
    private final RunMetricStore metrics;
    private final RunTraces traces;

    EngineApiResource(AttemptAuthenticator authenticator, AttemptOutcomes outcomes, RunLifecycle lifecycle, RunLogStore logs,
            EntityManager entityManager, Clocks clocks, RunMetricStore metrics, RunTraces traces) {
        this.authenticator = authenticator;
        this.outcomes = outcomes;
        this.lifecycle = lifecycle;
        this.logs = logs;
        this.entityManager = entityManager;
        this.clocks = clocks;
        this.metrics = metrics;
        this.traces = traces;
    }

    @POST
    @Path("/state")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response state(@PathParam("runId") String runId, @PathParam("attempt") String attempt,
            @HeaderParam("Authorization") String authorization, @HeaderParam("traceparent") String traceParent, byte[] body) {
        Caller caller = authenticate(runId, attempt, authorization);
        AttemptStateReport report = RequestBodyReader.read(body, AttemptStateReport.class);
        String message = report.message() == null ? null : truncate(report.message());
        String state = report.state() == null ? "" : report.state();
        Span span = traces.engineReport(Optional.ofNullable(traceParent), caller.runId(), caller.attempt(), state);
        try (RunLogContext ignored = RunLogContext.of(caller.runId(), caller.attempt()); Scope scope = span.makeCurrent()) {
            return switch (state) {
                case "RUNNING" -> running(caller);
                case "SUCCEEDED" -> ended(caller, AttemptOutcome.succeeded(message == null ? "succeeded" : message,
                        report.exitCode() == null ? 0 : report.exitCode()));
                case "FAILED" -> ended(caller, AttemptOutcome.failed(
                        report.failure() == null ? AttemptFailure.USER_CODE_ERROR : report.failure(),
                        message == null ? "failed" : message, report.exitCode()));
                default -> throw ProblemException.invalid("state", "must be RUNNING, SUCCEEDED or FAILED");
            };
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getMessage());
            throw e;
        } finally {
            span.end();
        }
    }

    @POST
    @Path("/heartbeat")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response heartbeat(@PathParam("runId") String runId, @PathParam("attempt") String attempt,
            @HeaderParam("Authorization") String authorization, byte[] body) {
        Caller caller = authenticator.authenticateReport(runId, attempt, authorization);
        HeartbeatBody heartbeat = body == null || body.length == 0 ? new HeartbeatBody(null) : RequestBodyReader.read(body, HeartbeatBody.class);
        List<FieldError> errors = HeartbeatBody.validate(heartbeat.backlog());
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        // A plain update: heartbeats must not bump the attempt's version and race the loops.
        int updated = Transactions.inNewTransaction(() -> {
            int changed = entityManager.createNativeQuery(
                            "update run_attempt set heartbeat_at = :now where run_id = :run and attempt = :attempt"
                                    + " and state in ('PROVISIONING', 'RUNNING')")
                    .setParameter("now", OffsetDateTime.ofInstant(clocks.now(), ZoneOffset.UTC))
                    .setParameter("run", caller.runId())
                    .setParameter("attempt", caller.attempt())
                    .executeUpdate();
            if (changed > 0 && heartbeat.backlog() != null) {
                metrics.record(caller.runId(), caller.attempt(), heartbeat.backlog());
            }
            return changed;
        });
        if (updated == 0) {
            throw notCurrent(caller);
        }
        return Response.noContent().build();
    }

    @PUT
    @Path("/log")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public Response log(@PathParam("runId") String runId, @PathParam("attempt") String attempt,
            @HeaderParam("Authorization") String authorization, @QueryParam("offset") String offset, byte[] body) {
        Caller caller = authenticate(runId, attempt, authorization);
        long start;
        try {
            start = Long.parseLong(offset);
        } catch (NumberFormatException | NullPointerException e) {
            throw ProblemException.invalid("query:offset", "is required: the byte offset of the body in the log");
        }
        if (start < 0) {
            throw ProblemException.invalid("query:offset", "must not be negative");
        }
        byte[] data = body == null ? new byte[0] : body;
        if (data.length > MAX_LOG_CHUNK_BYTES) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "log chunks are at most " + MAX_LOG_CHUNK_BYTES + " bytes");
        }
        RunLogStore.Appended appended = logs.append(caller.runId(), caller.attempt(), start, data);
        return Response.status(appended.gap() ? Response.Status.CONFLICT : Response.Status.OK)
                .entity(Map.of("nextOffset", appended.nextOffset()))
                .build();
    }

    private Response running(Caller caller) {
        boolean current = Transactions.inNewTransaction(() -> {
            RunEntity run = RunEntity.findById(caller.runId());
            RunAttemptEntity attempt = RunAttemptEntity.findById(new RunAttemptEntity.Key(caller.runId(), caller.attempt()));
            if (run.attempt != caller.attempt() || attempt.state.isEnded()) {
                return false;
            }
            lifecycle.attemptRunning(run, attempt);
            return true;
        });
        if (!current) {
            throw notCurrent(caller);
        }
        return Response.noContent().build();
    }

    private Response ended(Caller caller, AttemptOutcome outcome) {
        return switch (outcomes.apply(caller.runId(), caller.attempt(), outcome)) {
            case APPLIED, ALREADY_APPLIED -> Response.noContent().build();
            case NOT_CURRENT -> throw notCurrent(caller);
        };
    }

    private Caller authenticate(String runId, String attempt, String authorization) {
        return authenticator.authenticate(runId, attempt, authorization);
    }

    private static ProblemException notCurrent(Caller caller) {
        return new ProblemException(ProblemType.CONFLICT, "attempt " + caller.attempt() + " of run " + caller.runId() + " is no longer current");
    }

    private static String truncate(String message) {
        return message.length() <= MAX_MESSAGE_LENGTH ? message : message.substring(0, MAX_MESSAGE_LENGTH);
    }
}
