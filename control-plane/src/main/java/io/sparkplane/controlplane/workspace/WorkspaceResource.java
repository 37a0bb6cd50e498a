package io.sparkplane.controlplane.workspace;

import io.sparkplane.controlplane.audit.AuditTrail;
import io.sparkplane.controlplane.auth.Callers;
import io.sparkplane.controlplane.http.RequestBodyReader;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The public workspaces API (see api-spec/openapi.yaml). Thin: parse, call {@link Workspaces}, answer. */
@Path("/api/v1/workspaces")
@Produces(MediaType.APPLICATION_JSON)
public class WorkspaceResource {

    private final Workspaces workspaces;
    private final Callers callers;
    private final AuditTrail audit;

    WorkspaceResource(Workspaces workspaces, Callers callers, AuditTrail audit) {
        this.workspaces = workspaces;
        this.callers = callers;
        this.audit = audit;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(byte[] body) {
        callers.current().requireAdmin("creating a workspace");
        Workspace created = workspaces.create(RequestBodyReader.read(body, CreateWorkspaceRequest.class));
        audit.note(created.id(), created.id());
        return Response.created(URI.create("/api/v1/workspaces/" + created.id())).entity(WorkspaceView.of(created)).build();
    }

    @GET
    public WorkspaceView.Page list() {
        return new WorkspaceView.Page(workspaces.list(callers.current()).stream().map(WorkspaceView::of).toList());
    }

    @GET
    @Path("/{workspaceId}")
    public WorkspaceView get(@PathParam("workspaceId") String workspaceId) {
        return WorkspaceView.of(workspaces.get(workspaceId, callers.current()));
    }
}
