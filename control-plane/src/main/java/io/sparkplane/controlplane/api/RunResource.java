package io.sparkplane.controlplane.api;

import io.sparkplane.controlplane.audit.AuditTrail;
import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.auth.Callers;
import io.sparkplane.controlplane.http.QueryParameters;
import io.sparkplane.controlplane.http.RequestBodyReader;
import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.run.RunState;
import io.sparkplane.controlplane.workspace.Workspaces;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** The public runs API (see api-spec/openapi.yaml). Thin: parse, call {@link RunService}, answer. */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 64;
    private static final int MAX_LABEL_FILTERS = 32;
    /** As the contract's {@code label} parameter: a label key, {@code =}, a value of at most 63 printable characters. */
    private static final Pattern LABEL_FILTER = Pattern.compile(
            "[a-z0-9]([a-z0-9._/-]{0,61}[a-z0-9])?=[^\\x00-\\x1F\\x7F]{0,63}");

    private final RunService runs;
    private final RunSubmission submission;
    private final Workspaces workspaces;
    private final Callers callers;
    private final AuditTrail audit;

    RunResource(RunService runs, RunSubmission submission, Workspaces workspaces, Callers callers, AuditTrail audit) {
        this.runs = runs;
        this.submission = submission;
        this.workspaces = workspaces;
        this.callers = callers;
        this.audit = audit;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(@Context HttpHeaders headers, byte[] body) {
        RunService.Submitted submitted = submission.submit(callers.current(), "workspace",
                () -> new RunSubmission.Request(RequestBodyReader.read(body, RunSpec.class), idempotencyKey(headers)),
                RunResource::status);
        URI location = URI.create("/api/v1/runs/" + submitted.run().id());
        return Response.status(status(submitted))
                .location(location)
                .entity(submitted.run())
                .build();
    }

    /** 201 for a new run, 200 for the repeat of an idempotent submit. */
    private static int status(RunService.Submitted submitted) {
        return submitted.created() ? Response.Status.CREATED.getStatusCode() : Response.Status.OK.getStatusCode();
    }

    @GET
    public RunPage list(@QueryParam("state") List<String> states, @QueryParam("label") List<String> labels,
            @QueryParam("workspace") String workspace, @QueryParam("job") String job, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        Caller caller = callers.current();
        Optional<String> inWorkspace = Optional.ofNullable(workspace).map(id -> workspaces.named(id, "query:workspace", caller).id());
        Optional<UUID> ofJob = Optional.ofNullable(job).map(id -> {
            try {
                return UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("query:job", "is not a job id (a UUID)");
            }
        });
        List<RunState> parsedStates = states(states);
        if (labels.size() > MAX_LABEL_FILTERS) {
            throw ProblemException.invalid("query:label", "at most " + MAX_LABEL_FILTERS + " label filters");
        }
        Map<String, String> parsedLabels = new LinkedHashMap<>();
        for (String label : labels) {
            int equals = label.indexOf('=');
            if (label.indexOf('\0') >= 0) {
                throw ProblemException.invalid("query:label", "must not contain the NUL character (U+0000)");
            }
            if (equals <= 0 || !LABEL_FILTER.matcher(label).matches()) {
                throw ProblemException.invalid("query:label", "filter labels as key=value (a label key, a value of at most 63 printable"
                        + " characters), got '" + label.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append) + "'");
            }
            parsedLabels.put(label.substring(0, equals), label.substring(equals + 1));
        }
        int pageSize = QueryParameters.intValue("limit", limit, 50, 1, 200);
        return runs.list(inWorkspace, ofJob, caller.visibleWorkspaces(), parsedStates, parsedLabels, pageSize, cursor(cursor));
    }

    /** The {@code state} filters of a runs list. */
    public static List<RunState> states(List<String> states) {
        List<RunState> parsed = new ArrayList<>();
        for (String state : states) {
            try {
                parsed.add(RunState.valueOf(state));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("query:state", "unknown state '" + state + "'; one of " + List.of(RunState.values()));
            }
        }
        if (new HashSet<>(parsed).size() < parsed.size()) {
            throw ProblemException.invalid("query:state", "names a state twice");
        }
        return parsed;
    }

    /** The {@code cursor} of a runs list. */
    public static Optional<RunCursor> cursor(String cursor) {
        return cursor == null || cursor.isEmpty() ? Optional.empty() : Optional.of(RunCursor.decode(cursor));
    }

    @GET
    @Path("/{runId}")
    public RunView get(@PathParam("runId") String runId) {
        return runs.get(runId, callers.current());
    }

    @POST
    @Path("/{runId}/cancel")
    public Response cancel(@PathParam("runId") String runId) {
        RunView cancelled = runs.cancel(runId, callers.current());
        audit.note(cancelled.workspace(), null);
        return Response.accepted(cancelled).build();
    }

    @GET
    @Path("/{runId}/events")
    public RunEventView.Page events(@PathParam("runId") String runId, @QueryParam("after") String after, @QueryParam("limit") String limit) {
        long afterId = QueryParameters.longValue("after", after, 0, 0, Long.MAX_VALUE);
        int pageSize = QueryParameters.intValue("limit", limit, 500, 1, 1000);
        return runs.events(runId, callers.current(), afterId, pageSize);
    }

    /** The request's {@code Idempotency-Key}, read as sent: a header that is present but empty is refused, not taken for an absent one. */
    public static Optional<String> idempotencyKey(HttpHeaders headers) {
        List<String> keys = headers.getRequestHeader("Idempotency-Key");
        if (keys != null && keys.size() > 1) {
            throw ProblemException.invalid("header:Idempotency-Key", "send one Idempotency-Key, not " + keys.size());
        }
        return idempotencyKey(keys == null || keys.isEmpty() ? null : keys.get(0));
    }

    private static Optional<String> idempotencyKey(String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.isEmpty() || value.length() > MAX_IDEMPOTENCY_KEY_LENGTH || !value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw ProblemException.invalid(List.of(new FieldError("header:Idempotency-Key",
                    "must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " printable ASCII characters")));
        }
        return Optional.of(value);
    }
}
