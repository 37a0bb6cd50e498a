package io.sparkplane.controlplane.auth.oidc;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.OIDCException;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.config.SparkplaneConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The callers that JWTs of the configured OpenID Connect issuer stand for: quarkus-oidc verifies a
 * JWT (signature by the issuer's published keys, {@code iss}, {@code exp}, the audience if set) and
 * reads its groups claim; {@link GroupRoles} turns the groups into roles. Off by default.
 */
@ApplicationScoped
public class ExternalIdentities {

    private static final Logger LOG = Logger.getLogger(ExternalIdentities.class);

    private final SparkplaneConfig.Oidc config;
    private final GroupRoles groupRoles;
    private final Instance<TenantIdentityProvider> verifier;

    ExternalIdentities(SparkplaneConfig config, Instance<TenantIdentityProvider> verifier) {
        this.config = config.auth().oidc();
        this.verifier = verifier;
        GroupRoles parsed;
        try {
            parsed = GroupRoles.parse("sparkplane.auth.oidc.group-roles", this.config.groupRoles().orElse(List.of()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        this.groupRoles = parsed;
    }

    /** Stops the start on a setting that cannot be honoured, and says once what is accepted. */
    void check(@Observes StartupEvent start) {
        if (!config.enabled()) {
            return;
        }
        if (config.issuer().isEmpty()) {
            throw new IllegalStateException("sparkplane.auth.oidc.issuer is required with sparkplane.auth.oidc.enabled=true: "
                    + "the issuer's URL, whose keys are found at <issuer>/.well-known/openid-configuration");
        }
        if (groupRoles.admins().isEmpty() && groupRoles.workspaces().isEmpty()) {
            LOG.warnf("OIDC: no group maps to a role (sparkplane.auth.oidc.group-roles): every identity of %s is refused with 403",
                    config.issuer().get());
        }
        LOG.infof("OIDC: JWTs of %s are accepted beside API tokens; audience %s; groups from claim %s; group roles: %s",
                config.issuer().get(), config.audience().map(Object::toString).orElse("not checked"), config.groupsClaim(), groupRoles.describe());
    }

    public boolean enabled() {
        return config.enabled();
    }

    /**
     * The caller a JWT stands for, or empty when it does not verify (bad signature, another issuer or
     * audience, expired); fails with {@link IssuerUnavailableException} while the issuer cannot be reached.
     */
    public Uni<Optional<Caller>> authenticate(String jwt) {
        return verifier.get().authenticate(new AccessTokenCredential(jwt))
                .map(identity -> Optional.of(groupRoles.callerFor(identity.getPrincipal().getName(), identity.getRoles())))
                .onFailure(AuthenticationFailedException.class).recoverWithItem(refused -> {
                    // the reason, never the token: expired, signature, issuer
                    LOG.debugf("OIDC: a JWT was refused: %s", refused.getMessage());
                    return Optional.empty();
                })
                // quarkus-oidc's word for an issuer it has not reached yet (its discovery document or keys)
                .onFailure(OIDCException.class).transform(unreachable -> {
                    LOG.warnf("OIDC: the issuer %s cannot be reached to verify a JWT: %s", config.issuer().orElse("?"), unreachable.getMessage());
                    return new IssuerUnavailableException(config.issuer().orElse("?"));
                });
    }

    /** The issuer cannot be reached, so a JWT can be neither accepted nor refused: the caller may try again. */
    public static final class IssuerUnavailableException extends RuntimeException {
        IssuerUnavailableException(String issuer) {
            super("the OIDC issuer " + issuer + " cannot be reached to verify the JWT; API tokens still work; try again shortly");
        }
    }
}
