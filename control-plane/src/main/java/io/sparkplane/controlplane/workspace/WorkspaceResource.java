package io.sparkplane.controlplane.workspace;

import io.sparkplane.controlplane.audit.AuditTrail;
import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.auth.Callers;
import io.sparkplane.controlplane.http.RequestBodyReader;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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
        return Response.created(URI.create("/api/v1/workspaces/" + created.id())).entity(view(created)).build();
    }

    @GET
    public WorkspaceView.Page list() {
        return new WorkspaceView.Page(workspaces.list(callers.current()).stream().map(this::view).toList());
    }

    @GET
    @Path("/{workspaceId}")
    public WorkspaceView get(@PathParam("workspaceId") String workspaceId) {
        return view(workspaces.get(workspaceId, callers.current()));
    }

    @PATCH
    @Path("/{workspaceId}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    public WorkspaceView update(@PathParam("workspaceId") String workspaceId, byte[] body) {
        Caller caller = callers.current();
        // a workspace the caller cannot see is a 404 before its role is a 403
        workspaces.get(workspaceId, caller);
        caller.requireAdmin("changing a workspace");
        audit.note(workspaceId, workspaceId);
        return view(workspaces.update(workspaceId, RequestBodyReader.readTree(body), caller));
    }

    @DELETE
    @Path("/{workspaceId}")
    public Response delete(@PathParam("workspaceId") String workspaceId) {
        Caller caller = callers.current();
        workspaces.get(workspaceId, caller);
        caller.requireAdmin("deleting a workspace");
        audit.note(workspaceId, workspaceId);
        workspaces.delete(workspaceId, caller);
        return Response.noContent().build();
    }

    private WorkspaceView view(Workspace workspace) {
        return WorkspaceView.of(workspace, workspaces.usage(workspace.id()));
    }
}
