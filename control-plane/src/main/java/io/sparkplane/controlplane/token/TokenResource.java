package io.sparkplane.controlplane.token;

import io.sparkplane.controlplane.audit.AuditTrail;
import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.auth.Callers;
import io.sparkplane.controlplane.http.RequestBodyReader;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The public tokens API (see api-spec/openapi.yaml). Thin: parse, call {@link ApiTokens}, answer. */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

    private final ApiTokens tokens;
    private final Callers callers;
    private final AuditTrail audit;

    TokenResource(ApiTokens tokens, Callers callers, AuditTrail audit) {
        this.tokens = tokens;
        this.callers = callers;
        this.audit = audit;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(byte[] body) {
        Caller caller = callers.current();
        caller.requireAdmin("creating a token");
        TokenView created = tokens.create(caller, RequestBodyReader.read(body, CreateTokenRequest.class));
        audit.note(null, created.id().toString());
        return Response.created(URI.create("/api/v1/tokens/" + created.id())).entity(created).build();
    }

    @GET
    public TokenView.Page list() {
        return new TokenView.Page(tokens.list(callers.current()));
    }

    @GET
    @Path("/{tokenId}")
    public TokenView get(@PathParam("tokenId") String tokenId) {
        return tokens.get(callers.current(), tokenId);
    }

    @DELETE
    @Path("/{tokenId}")
    public Response revoke(@PathParam("tokenId") String tokenId) {
        tokens.revoke(callers.current(), tokenId);
        return Response.noContent().build();
    }
}
