package io.sparkplane.controlplane.schedule;

import io.sparkplane.controlplane.audit.AuditTrail;
import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.auth.Callers;
import io.sparkplane.controlplane.http.QueryParameters;
import io.sparkplane.controlplane.http.RequestBodyReader;
import io.sparkplane.controlplane.problem.ProblemException;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;

/** The public schedules API (see api-spec/openapi.yaml). Thin: parse, call {@link Schedules}, answer. */
@Path("/api/v1/schedules")
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {

    private final Schedules schedules;
    private final Workspaces workspaces;
    private final Callers callers;
    private final AuditTrail audit;

    ScheduleResource(Schedules schedules, Workspaces workspaces, Callers callers, AuditTrail audit) {
        this.schedules = schedules;
        this.workspaces = workspaces;
        this.callers = callers;
        this.audit = audit;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(byte[] body) {
        ScheduleView created = schedules.create(callers.current(), RequestBodyReader.readWithoutNulls(body, ScheduleSpec.class));
        audit.note(created.workspace(), created.id().toString());
        return Response.created(URI.create("/api/v1/schedules/" + created.id())).entity(created).build();
    }

    @GET
    public ScheduleView.Page list(@QueryParam("workspace") String workspace, @QueryParam("job") String job, @QueryParam("limit") String limit,
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
        int pageSize = QueryParameters.intValue("limit", limit, 50, 1, 200);
        return schedules.list(caller, inWorkspace, ofJob, pageSize, Optional.ofNullable(cursor));
    }

    @GET
    @Path("/{scheduleId}")
    public ScheduleView get(@PathParam("scheduleId") String scheduleId) {
        return schedules.get(callers.current(), scheduleId);
    }

    @PUT
    @Path("/{scheduleId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ScheduleView update(@PathParam("scheduleId") String scheduleId, byte[] body) {
        Caller caller = callers.current();
        ScheduleView before = schedules.get(caller, scheduleId);
        audit.note(before.workspace(), before.id().toString());
        return schedules.update(caller, scheduleId, RequestBodyReader.readWithoutNulls(body, ScheduleSpec.class));
    }

    @DELETE
    @Path("/{scheduleId}")
    public Response delete(@PathParam("scheduleId") String scheduleId) {
        Caller caller = callers.current();
        ScheduleView before = schedules.get(caller, scheduleId);
        audit.note(before.workspace(), before.id().toString());
        schedules.delete(caller, scheduleId);
        return Response.noContent().build();
    }

    @POST
    @Path("/{scheduleId}/pause")
    public ScheduleView pause(@PathParam("scheduleId") String scheduleId) {
        return pauseOrResume(scheduleId, true);
    }

    @POST
    @Path("/{scheduleId}/resume")
    public ScheduleView resume(@PathParam("scheduleId") String scheduleId) {
        return pauseOrResume(scheduleId, false);
    }

    @GET
    @Path("/{scheduleId}/events")
    public ScheduleView.Event.Page events(@PathParam("scheduleId") String scheduleId, @QueryParam("after") String after,
            @QueryParam("limit") String limit) {
        long afterId = QueryParameters.longValue("after", after, 0, 0, Long.MAX_VALUE);
        int pageSize = QueryParameters.intValue("limit", limit, 500, 1, 1000);
        return schedules.events(callers.current(), scheduleId, afterId, pageSize);
    }

    private ScheduleView pauseOrResume(String scheduleId, boolean pause) {
        Caller caller = callers.current();
        ScheduleView changed = schedules.pause(caller, scheduleId, pause);
        audit.note(changed.workspace(), changed.id().toString());
        return changed;
    }
}
