package io.sparkplane.controlplane.token;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.controlplane.audit.AuditTrail;
import io.sparkplane.controlplane.auth.BasicCredentials;
import io.sparkplane.controlplane.auth.BearerCredentials;
import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.auth.Callers;
import io.sparkplane.controlplane.auth.OpenPaths;
import io.sparkplane.controlplane.auth.oidc.ExternalIdentities;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.problem.RouteResponses;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Authenticates every request outside {@link OpenPaths} by its bearer token (an API token, or a JWT
 * of the OIDC issuer when one is configured: {@link ExternalIdentities}) before any handler
 * sees it (the REST resources and the streamed uploads alike), and leaves the {@link Caller} in the
 * request's context for {@link Callers}. Missing, unknown, expired or revoked: 401 with
 * {@code WWW-Authenticate: Bearer}. The token is looked up off the event loop, with the request's
 * body held back meanwhile.
 */
@ApplicationScoped
public class ApiAuthentication {

    /** Before the streamed uploads (-3) and Quarkus's body limit (-2), so nothing is read for a caller without a token. */
    static final int ROUTE_ORDER = -10;
    static final String REALM = "sparkplane";
    /** quarkus-oidc tries the issuer again on the next JWT; a few seconds is what a restarting issuer takes. */
    static final long ISSUER_RETRY_SECONDS = 5;
    private static final Logger LOG = Logger.getLogger(ApiAuthentication.class);

    private final ApiTokens tokens;
    private final AuditTrail audit;
    private final ObjectMapper json;
    private final ExternalIdentities identities;

    ApiAuthentication(ApiTokens tokens, AuditTrail audit, ObjectMapper json, ExternalIdentities identities) {
        this.tokens = tokens;
        this.identities = identities;
        this.audit = audit;
        this.json = json;
    }

    void register(@Observes Router router) {
        router.route().order(ROUTE_ORDER).handler(this::authenticate);
    }

    private void authenticate(RoutingContext context) {
        if (OpenPaths.isOpen(context.normalizedPath())) {
            context.next();
            return;
        }
        String authorization = context.request().getHeader("Authorization");
        boolean livy = isLivy(context.normalizedPath());
        Optional<String> secret = BearerCredentials.of(authorization)
                .or(() -> livy ? BasicCredentials.password(authorization) : Optional.empty());
        if (secret.isEmpty()) {
            refuse(context, "Bearer realm=\"" + REALM + "\"" + (livy ? ", Basic realm=\"" + REALM + "\"" : ""),
                    "this API needs a token: send Authorization: Bearer <secret>" + (livy ? " (or Basic, the token as the password)" : "")
                            + " (the bootstrap admin token is in the control plane's home, admin-token)");
            return;
        }
        boolean apiToken = secret.get().startsWith(TokenSecrets.PREFIX) || !identities.enabled();
        Optional<Caller> recent = apiToken ? tokens.recentlyAuthenticated(secret.get()) : Optional.empty();
        if (recent.isPresent() && recent.get().actsAnywhere()) {
            // authenticated a moment ago: no lookup, so no worker thread and no round trip to PostgreSQL
            admit(context, recent.get(), false);
            return;
        }
        context.request().pause();
        Future<Optional<Caller>> lookup = apiToken
                ? context.vertx().executeBlocking(() -> tokens.authenticate(secret.get()), false)
                // completes on this request's context, as the token lookup does
                : Future.fromCompletionStage(identities.authenticate(secret.get()).subscribeAsCompletionStage(),
                        context.vertx().getOrCreateContext());
        lookup.onComplete(found -> {
            if (found.failed() && issuerUnavailable(found.cause()) instanceof ExternalIdentities.IssuerUnavailableException unavailable) {
                audit.watch(context, Optional.empty());
                context.response().putHeader("Retry-After", Long.toString(ISSUER_RETRY_SECONDS));
                RouteResponses.problem(context, json, 503, ProblemType.SERVICE_UNAVAILABLE, unavailable.getMessage(), List.of(),
                        RouteResponses.requestHasBody(context));
            } else if (found.failed()) {
                audit.watch(context, Optional.empty());
                String incident = UUID.randomUUID().toString();
                LOG.errorf(found.cause(), "internal error %s authenticating a request to %s", incident, context.normalizedPath());
                RouteResponses.problem(context, json, 500, ProblemType.INTERNAL_ERROR, "internal error; incident " + incident, List.of(), true);
            } else if (found.result().isEmpty()) {
                refuse(context, "Bearer realm=\"" + REALM + "\", error=\"invalid_token\"" + (livy ? ", Basic realm=\"" + REALM + "\"" : ""),
                        identities.enabled()
                                ? "the token is unknown, expired or revoked, or a JWT the OIDC issuer's keys and claims do not verify"
                                : "the token is unknown, expired or revoked");
            } else if (!found.result().get().actsAnywhere()) {
                audit.watch(context, found.result());
                RouteResponses.problem(context, json, 403, ProblemType.FORBIDDEN, found.result().get().subject()
                        + " has no role in any workspace: none of its groups is in sparkplane.auth.oidc.group-roles", List.of(),
                        RouteResponses.requestHasBody(context));
            } else {
                admit(context, found.result().get(), true);
            }
        });
    }

    /** @param paused whether the request's body was held back for a lookup */
    private void admit(RoutingContext context, Caller caller, boolean paused) {
        context.put(Callers.CONTEXT_KEY, caller);
        audit.watch(context, Optional.of(caller));
        if (paused) {
            // the next handlers set their body handlers in this same turn; the held-back body reaches them after it
            context.request().resume();
        }
        context.next();
    }

    /** The Livy batch API, whose clients may send the token as a Basic password ({@link BasicCredentials}). */
    static boolean isLivy(String normalizedPath) {
        return normalizedPath != null && (normalizedPath.equals("/livy") || normalizedPath.startsWith("/livy/"));
    }

    /** The failure itself or, from a completion stage, its cause. */
    private static Throwable issuerUnavailable(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private void refuse(RoutingContext context, String challenge, String detail) {
        audit.watch(context, Optional.empty());
        context.response().putHeader("WWW-Authenticate", challenge);
        RouteResponses.problem(context, json, 401, ProblemType.UNAUTHORIZED, detail, List.of(), RouteResponses.requestHasBody(context));
    }
}
