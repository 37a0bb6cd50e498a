package io.sparkplane.controlplane.job;

import io.sparkplane.controlplane.api.RunPage;
import io.sparkplane.controlplane.api.RunService;
import io.sparkplane.controlplane.api.RunResource;
import io.sparkplane.controlplane.audit.AuditTrail;
import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.auth.Callers;
import io.sparkplane.controlplane.http.QueryParameters;
import io.sparkplane.controlplane.http.RequestBodyReader;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.run.Transactions;
import io.sparkplane.controlplane.workspace.Workspaces;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** The public jobs API (see api-spec/openapi.yaml). Thin: parse, call {@link Jobs} or {@link JobRuns}, answer. */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private final Jobs jobs;
    private final JobRuns jobRuns;
    private final RunService runs;
    private final Workspaces workspaces;
    private final Callers callers;
    private final AuditTrail audit;

    JobResource(Jobs jobs, JobRuns jobRuns, RunService runs, Workspaces workspaces, Callers callers, AuditTrail audit) {
        this.jobs = jobs;
        this.jobRuns = jobRuns;
        this.runs = runs;
        this.workspaces = workspaces;
        this.callers = callers;
        this.audit = audit;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(byte[] body) {
        JobView created = jobs.create(callers.current(), RequestBodyReader.readWithoutNulls(body, JobSpec.class));
        audit.note(created.workspace(), created.id().toString());
        return Response.created(URI.create("/api/v1/jobs/" + created.id())).entity(created).build();
    }

    @GET
    public JobView.Page list(@QueryParam("workspace") String workspace, @QueryParam("name") String name, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        Caller caller = callers.current();
        Optional<String> inWorkspace = Optional.ofNullable(workspace).map(id -> workspaces.named(id, "query:workspace", caller).id());
        if (name != null && (name.length() > JobRules.MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl))) {
            throw ProblemException.invalid("query:name", "a job's name: at most " + JobRules.MAX_NAME_LENGTH + " characters, no control characters");
        }
        int pageSize = QueryParameters.intValue("limit", limit, 50, 1, 200);
        return jobs.list(caller, inWorkspace, Optional.ofNullable(name), pageSize, Optional.ofNullable(cursor));
    }

    @GET
    @Path("/{jobId}")
    public JobView get(@PathParam("jobId") String jobId) {
        return jobs.get(callers.current(), jobId);
    }

    @PUT
    @Path("/{jobId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public JobView update(@PathParam("jobId") String jobId, byte[] body) {
        Caller caller = callers.current();
        // a job the caller cannot see is a 404 before anything about its body
        JobView before = jobs.get(caller, jobId);
        audit.note(before.workspace(), before.id().toString());
        return jobs.update(caller, jobId, RequestBodyReader.readWithoutNulls(body, JobSpec.class));
    }

    @DELETE
    @Path("/{jobId}")
    public Response delete(@PathParam("jobId") String jobId) {
        Caller caller = callers.current();
        JobView before = jobs.get(caller, jobId);
        audit.note(before.workspace(), before.id().toString());
        jobs.delete(caller, jobId);
        return Response.noContent().build();
    }

    @GET
    @Path("/{jobId}/versions")
    public JobView.Version.Page versions(@PathParam("jobId") String jobId) {
        return jobs.versions(callers.current(), jobId);
    }

    @GET
    @Path("/{jobId}/versions/{version}")
    public JobView.Version version(@PathParam("jobId") String jobId, @PathParam("version") String version) {
        return jobs.version(callers.current(), jobId, version);
    }

    @POST
    @Path("/{jobId}/runs")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(@PathParam("jobId") String jobId, @Context HttpHeaders headers, byte[] body) {
        Caller caller = callers.current();
        Optional<String> key = RunResource.idempotencyKey(headers);
        // an empty body starts the current version with the defaults
        JobRunRequest request = body == null || body.length == 0 ? new JobRunRequest(null, null) : RequestBodyReader.readWithoutNulls(body, JobRunRequest.class);
        RunService.Submitted submitted = jobRuns.start(caller, jobId, request, key);
        audit.note(submitted.run().workspace(), submitted.run().id().toString());
        return Response.status(submitted.created() ? Response.Status.CREATED : Response.Status.OK)
                .location(URI.create("/api/v1/runs/" + submitted.run().id()))
                .entity(submitted.run())
                .build();
    }

    @GET
    @Path("/{jobId}/runs")
    public RunPage runs(@PathParam("jobId") String jobId, @QueryParam("state") List<String> states, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        Caller caller = callers.current();
        JobEntity job = Transactions.inNewTransaction(() -> jobs.find(jobId, caller));
        int pageSize = QueryParameters.intValue("limit", limit, 50, 1, 200);
        return runs.list(Optional.empty(), Optional.of(job.id), caller.visibleWorkspaces(), RunResource.states(states), java.util.Map.of(), pageSize,
                RunResource.cursor(cursor));
    }
}
