package io.sparkplane.controlplane.identity;

import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.auth.Callers;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /api/v1/identity}: who the bearer token stands for and what it may do where, so that a
 * client (the console) checks a token at sign-in and shows only the actions the caller has. The server
 * still checks every action itself.
 */
@Path("/api/v1/identity")
public class IdentityResource {

    /** One workspace a non-admin caller acts in, with its role there. */
    public record WorkspaceRole(String workspace, String role) {}

    /** @param workspaces empty for an admin, who acts in every workspace */
    public record IdentityView(String subject, String tokenId, boolean admin, List<WorkspaceRole> workspaces) {

        static IdentityView of(Caller caller) {
            List<WorkspaceRole> roles = caller.isAdmin() ? List.of() : caller.roles().entrySet().stream()
                    .sorted(java.util.Map.Entry.comparingByKey())
                    .map(entry -> new WorkspaceRole(entry.getKey(), entry.getValue().wireName()))
                    .toList();
            return new IdentityView(caller.subject(), caller.tokenId().map(Object::toString).orElse(null), caller.isAdmin(), roles);
        }
    }

    private final Callers callers;

    IdentityResource(Callers callers) {
        this.callers = callers;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public IdentityView get() {
        return IdentityView.of(callers.current());
    }
}
