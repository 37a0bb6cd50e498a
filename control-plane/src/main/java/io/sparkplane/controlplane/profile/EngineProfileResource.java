package io.sparkplane.controlplane.profile;

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

/** The public engine profiles API (see api-spec/openapi.yaml). Thin: parse, call {@link EngineProfileCatalog}, answer. */
@Path("/api/v1/engine-profiles")
@Produces(MediaType.APPLICATION_JSON)
public class EngineProfileResource {

    private final EngineProfileCatalog catalog;
    private final Callers callers;
    private final AuditTrail audit;

    EngineProfileResource(EngineProfileCatalog catalog, Callers callers, AuditTrail audit) {
        this.catalog = catalog;
        this.callers = callers;
        this.audit = audit;
    }

    @GET
    public EngineProfileView.Page list() {
        callers.current();
        return catalog.list();
    }

    @GET
    @Path("/{name}")
    public EngineProfileView get(@PathParam("name") String name) {
        callers.current();
        return catalog.get(name);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(byte[] body) {
        var caller = callers.current();
        caller.requireAdmin("making an engine profile");
        EngineProfileView created = catalog.create(caller, RequestBodyReader.readWithoutNulls(body, EngineProfileRequest.class));
        audit.note(null, created.name());
        return Response.created(URI.create("/api/v1/engine-profiles/" + created.name())).entity(created).build();
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public EngineProfileView update(@PathParam("name") String name, byte[] body) {
        var caller = callers.current();
        // an unknown profile is a 404 before anything about the body
        catalog.get(name);
        caller.requireAdmin("changing an engine profile");
        audit.note(null, name);
        return catalog.update(caller, name, RequestBodyReader.readWithoutNulls(body, EngineProfileRequest.class));
    }

    @DELETE
    @Path("/{name}")
    public Response delete(@PathParam("name") String name) {
        var caller = callers.current();
        catalog.get(name);
        caller.requireAdmin("deleting an engine profile");
        audit.note(null, name);
        catalog.delete(caller, name);
        return Response.noContent().build();
    }
}
