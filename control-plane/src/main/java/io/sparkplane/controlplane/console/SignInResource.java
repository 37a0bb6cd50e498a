package io.sparkplane.controlplane.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/v1/sign-in}: how a person signs in to the console, read before anyone has: whether
 * the OpenID Connect issuer's login is offered, and the public facts its client needs. Open, like the
 * version: it names no secret (the console is a public client).
 */
@Path("/api/v1/sign-in")
public class SignInResource {

    public record OidcView(String issuer, String clientId, String scopes, String bearer) {}

    /** @param oidc null when the console takes API tokens only */
    public record SignInView(OidcView oidc) {}

    private final SignInView view;

    SignInResource(ConsoleSignIn signIn) {
        this.view = new SignInView(signIn.oidc()
                .map(o -> new OidcView(o.issuer(), o.clientId(), o.scopes(), o.bearer())).orElse(null));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public SignInView get() {
        return view;
    }
}
