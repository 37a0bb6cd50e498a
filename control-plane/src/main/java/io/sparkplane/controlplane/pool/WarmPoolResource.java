package io.sparkplane.controlplane.pool;

import io.sparkplane.controlplane.audit.AuditTrail;
import io.sparkplane.controlplane.auth.Callers;
import io.sparkplane.controlplane.http.RequestBodyReader;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The public warm pools API (see api-spec/openapi.yaml). Thin: parse, call {@link WarmPoolCatalog}, answer. */
@Path("/api/v1/warm-pools")
@Produces(MediaType.APPLICATION_JSON)
public class WarmPoolResource {

    private final WarmPoolCatalog catalog;
    private final Callers callers;
    private final AuditTrail audit;

    WarmPoolResource(WarmPoolCatalog catalog, Callers callers, AuditTrail audit) {
        this.catalog = catalog;
        this.callers = callers;
        this.audit = audit;
    }

    @GET
    public WarmPoolView.Page list() {
        return catalog.list(callers.current());
    }

    @GET
    @Path("/{name}")
    public WarmPoolView get(@PathParam("name") String name) {
        return catalog.get(callers.current(), name);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(byte[] body) {
        var caller = callers.current();
        caller.requireAdmin("making a warm pool");
        WarmPoolView created = catalog.create(caller, RequestBodyReader.readWithoutNulls(body, WarmPoolRequest.class));
        audit.note(created.workspace(), created.name());
        return Response.created(URI.create("/api/v1/warm-pools/" + created.name())).entity(created).build();
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public WarmPoolView update(@PathParam("name") String name, byte[] body) {
        var caller = callers.current();
        // an unknown pool is a 404 before anything about the body
        WarmPoolView current = catalog.get(caller, name);
        caller.requireAdmin("changing a warm pool");
        audit.note(current.workspace(), name);
        return catalog.update(caller, name, RequestBodyReader.readWithoutNulls(body, WarmPoolRequest.class));
    }

    @DELETE
    @Path("/{name}")
    public Response delete(@PathParam("name") String name) {
        var caller = callers.current();
        WarmPoolView current = catalog.get(caller, name);
        caller.requireAdmin("deleting a warm pool");
        audit.note(current.workspace(), name);
        catalog.delete(caller, name);
        return Response.noContent().build();
    }
}
