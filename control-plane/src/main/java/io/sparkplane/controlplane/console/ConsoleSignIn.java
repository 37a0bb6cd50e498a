package io.sparkplane.controlplane.console;

import io.sparkplane.controlplane.config.SparkplaneConfig;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * How the web console may sign people in: always with an API token, and through the OpenID Connect
 * issuer's own login when OIDC is on and a console client is configured. Pure: built from the
 * configuration once.
 *
 * @param oidc empty unless the console signs in through the issuer
 */
public record ConsoleSignIn(Optional<Oidc> oidc) {

    /** What the console's OIDC client library needs: where the issuer is, who the console is, and which token it sends. */
    public record Oidc(String issuer, String clientId, String scopes, String bearer) {

        static final Set<String> BEARERS = Set.of("access-token", "id-token");

        /** The issuer's origin ({@code https://login.example.com}), which the console's page must be allowed to call. */
        public String origin() {
            URI uri = URI.create(issuer);
            return uri.getScheme() + "://" + uri.getRawAuthority();
        }
    }

    /** @throws IllegalStateException on a console client without OIDC, or a bearer that is neither token */
    public static ConsoleSignIn of(SparkplaneConfig.Oidc config) {
        if (config.consoleClientId().isEmpty()) {
            return new ConsoleSignIn(Optional.empty());
        }
        if (!config.enabled() || config.issuer().isEmpty()) {
            throw new IllegalStateException("sparkplane.auth.oidc.console-client-id is set but OIDC is off: set sparkplane.auth.oidc.enabled=true "
                    + "and sparkplane.auth.oidc.issuer, or unset the console client");
        }
        if (!Oidc.BEARERS.contains(config.consoleBearer())) {
            throw new IllegalStateException("sparkplane.auth.oidc.console-bearer must be access-token or id-token, not '" + config.consoleBearer() + "'");
        }
        String issuer = config.issuer().get();
        URI uri = URI.create(issuer);
        if (uri.getScheme() == null || uri.getRawAuthority() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
            throw new IllegalStateException("sparkplane.auth.oidc.issuer must be an http(s) URL for the console's sign-in: " + issuer);
        }
        return new ConsoleSignIn(Optional.of(new Oidc(issuer, config.consoleClientId().get(), config.consoleScopes(), config.consoleBearer())));
    }

    /**
     * The page's Content-Security-Policy: its own origin only, and the issuer's for the calls its
     * sign-in makes (discovery, the token endpoint). No inline script or style, no framing.
     */
    public String contentSecurityPolicy() {
        String connect = oidc.map(o -> "'self' " + o.origin()).orElse("'self'");
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src " + connect
                + "; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }
}
