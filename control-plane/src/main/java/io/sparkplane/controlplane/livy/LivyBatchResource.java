package io.sparkplane.controlplane.livy;

import io.sparkplane.controlplane.api.RunService;
import io.sparkplane.controlplane.api.RunSpec;
import io.sparkplane.controlplane.api.RunSubmission;
import io.sparkplane.controlplane.audit.AuditTrail;
import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.auth.Callers;
import io.sparkplane.controlplane.http.QueryParameters;
import io.sparkplane.controlplane.http.RequestBodyReader;
import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.run.RunEntity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Apache Livy's batch API ({@code /livy/batches}), so that tools made for Livy (Airflow's
 * LivyOperator and LivyHook, Livy's Python client) submit to Sparkplane unchanged. Each
 * batch is a run in the caller's workspace, submitted as the REST API submits one ({@link
 * RunSubmission}: the same tokens, roles, quotas and audit); Livy's shapes and states go out.
 * Interactive sessions are {@link LivySessionsResource}'s 501.
 */
@Path("/livy/batches")
@Produces(MediaType.APPLICATION_JSON)
public class LivyBatchResource {

    /** Livy's own limit on a page of batches. */
    private static final int MAX_PAGE = 1000;

    private final RunSubmission submission;
    private final RunService runs;
    private final LivyBatches batches;
    private final Callers callers;
    private final AuditTrail audit;

    LivyBatchResource(RunSubmission submission, RunService runs, LivyBatches batches, Callers callers, AuditTrail audit) {
        this.submission = submission;
        this.runs = runs;
        this.batches = batches;
        this.callers = callers;
        this.audit = audit;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(byte[] body) {
        Caller caller = callers.current();
        RunService.Submitted submitted;
        try {
            submitted = submission.submit(caller, "conf." + LivyBatchMapper.WORKSPACE_CONF, () -> {
                // leniently, as Livy reads it: Airflow's templated fields arrive as strings ("numExecutors": "4")
                LivyBatchMapper.Result mapped = LivyBatchMapper.toRunSpec(RequestBodyReader.readLenient(body, LivyBatchRequest.class));
                if (!mapped.valid()) {
                    throw ProblemException.invalid(mapped.errors());
                }
                return new RunSubmission.Request(inCallersWorkspace(mapped.spec(), caller), Optional.empty());
            });
        } catch (ProblemException e) {
            throw inLivyNames(e);
        }
        long batchId = batches.batchId(submitted.run().id());
        RunEntity run = batches.find(Long.toString(batchId), caller);
        return Response.created(URI.create("/livy/batches/" + batchId)).entity(batches.view(run, batchId)).build();
    }

    @GET
    public LivyBatch.Page list(@QueryParam("from") String from, @QueryParam("size") String size) {
        int first = QueryParameters.intValue("from", from, 0, 0, Integer.MAX_VALUE);
        int count = QueryParameters.intValue("size", size, 100, 0, MAX_PAGE);
        return batches.page(callers.current().visibleWorkspaces(), first, count);
    }

    @GET
    @Path("/{batchId}")
    public LivyBatch get(@PathParam("batchId") String batchId) {
        RunEntity run = batches.find(batchId, callers.current());
        return batches.view(run, Long.parseLong(batchId));
    }

    @GET
    @Path("/{batchId}/state")
    public LivyBatch.State state(@PathParam("batchId") String batchId) {
        RunEntity run = batches.find(batchId, callers.current());
        return new LivyBatch.State(Long.parseLong(batchId), LivyState.of(run.state));
    }

    @GET
    @Path("/{batchId}/log")
    public LivyBatch.Log log(@PathParam("batchId") String batchId, @QueryParam("from") String from, @QueryParam("size") String size) {
        RunEntity run = batches.find(batchId, callers.current());
        Integer first = from == null ? null : QueryParameters.intValue("from", from, 0, 0, Integer.MAX_VALUE);
        // Livy answers a negative size with every line
        Integer count = size == null ? null : QueryParameters.intValue("size", size, LivyLogLines.DEFAULT_SIZE, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (count != null && count < 0) {
            count = Integer.MAX_VALUE;
        }
        List<String> lines = batches.logLines(run);
        LivyLogLines.Window window = LivyLogLines.window(lines.size(), first, count);
        return new LivyBatch.Log(Long.parseLong(batchId), window.from(), lines.size(), lines.subList(window.from(), window.to()));
    }

    /**
     * Livy kills the batch and forgets it; Sparkplane cancels the run (if it has not ended) and keeps
     * it, so {@code GET} shows it {@code killed} afterwards instead of a 404.
     */
    @DELETE
    @Path("/{batchId}")
    public LivyBatch.Deleted delete(@PathParam("batchId") String batchId) {
        Caller caller = callers.current();
        RunEntity run = batches.find(batchId, caller);
        caller.requireEditorIn(run.workspaceId, "killing a batch");
        if (!run.state.isTerminal()) {
            try {
                runs.cancel(run.id.toString(), caller);
            } catch (ProblemException e) {
                // it ended between the look and the cancel: nothing is left to kill, as Livy answers
                if (e.type() != ProblemType.CONFLICT) {
                    throw e;
                }
            }
        }
        audit.note(run.workspaceId, run.id.toString());
        return new LivyBatch.Deleted("deleted");
    }

    /**
     * A batch that names no workspace goes to the caller's, when the caller has exactly one (a token
     * of one team's workspace); otherwise to {@code default}, as a run that names none.
     */
    private static RunSpec inCallersWorkspace(RunSpec spec, Caller caller) {
        if (spec.workspace() != null || caller.visibleWorkspaces().map(Set::size).orElse(0) != 1) {
            return spec;
        }
        String only = caller.visibleWorkspaces().get().iterator().next();
        return new RunSpec(spec.name(), spec.entrypoint(), spec.args(), spec.pyFiles(), spec.jars(), spec.files(), spec.archives(),
                spec.sparkConf(), spec.resources(), spec.autoscaling(), spec.backend(), spec.timeoutSeconds(), spec.maxRetries(), spec.labels(),
                only);
    }

    /** The same problem, its fields named as the Livy request names them (one error per Livy field). */
    private static ProblemException inLivyNames(ProblemException e) {
        if (e.errors().isEmpty()) {
            return e;
        }
        Map<String, FieldError> byField = new LinkedHashMap<>();
        e.errors().forEach(error -> byField.putIfAbsent(LivyBatchMapper.livyField(error.field()),
                new FieldError(LivyBatchMapper.livyField(error.field()), error.message())));
        List<FieldError> renamed = List.copyOf(byField.values());
        ProblemException mapped = ProblemException.invalid(renamed);
        return new ProblemException(e.type(), mapped.getMessage(), renamed);
    }
}
