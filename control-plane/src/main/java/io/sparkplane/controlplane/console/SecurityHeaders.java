package io.sparkplane.controlplane.console;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Puts the console's Content-Security-Policy ({@link ConsoleSignIn#contentSecurityPolicy()}), and
 * {@code nosniff} and {@code no-referrer}, on every answer, before any other route handles it. A
 * route rather than static configuration, because the policy names the OIDC issuer when the console
 * signs in through it; checked at start, so a bad console setting stops the start naming it.
 */
@ApplicationScoped
public class SecurityHeaders {

    private final String policy;

    SecurityHeaders(ConsoleSignIn signIn) {
        this.policy = signIn.contentSecurityPolicy();
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            context.response()
                    .putHeader("Content-Security-Policy", policy)
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "no-referrer");
            context.next();
        });
    }
}
