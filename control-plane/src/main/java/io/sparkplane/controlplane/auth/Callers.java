package io.sparkplane.controlplane.auth;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/** The caller of the request being handled, as the authentication ({@code token.ApiAuthentication}) found it. */
@ApplicationScoped
public class Callers {

    /** Where the authentication leaves the caller in the request's context. */
    public static final String CONTEXT_KEY = "sparkplane.caller";

    private final CurrentVertxRequest request;

    Callers(CurrentVertxRequest request) {
        this.request = request;
    }

    public Caller current() {
        return of(request.getCurrent());
    }

    /** @throws IllegalStateException on a path that takes no token, where there is no caller */
    public static Caller of(RoutingContext context) {
        Caller caller = context == null ? null : context.get(CONTEXT_KEY);
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller on this request");
        }
        return caller;
    }
}
