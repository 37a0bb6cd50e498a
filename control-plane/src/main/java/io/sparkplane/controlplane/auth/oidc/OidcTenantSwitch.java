package io.sparkplane.controlplane.auth.oidc;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

/**
 * Turns quarkus-oidc's default tenant on only when {@code sparkplane.auth.oidc.enabled} is true and
 * an issuer is set. On without an issuer, quarkus-oidc would stop the start naming its own key
 * ({@code quarkus.oidc.auth-server-url}); left off, {@link ExternalIdentities} stops it naming ours.
 */
@Priority(Priorities.APPLICATION)
public class OidcTenantSwitch implements ConfigSourceInterceptor {

    static final String TENANT_ENABLED = "quarkus.oidc.tenant-enabled";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (!TENANT_ENABLED.equals(name)) {
            return context.proceed(name);
        }
        ConfigValue enabled = context.proceed("sparkplane.auth.oidc.enabled");
        ConfigValue issuer = context.proceed("sparkplane.auth.oidc.issuer");
        boolean on = enabled != null && Boolean.parseBoolean(enabled.getValue()) && issuer != null && issuer.getValue() != null
                && !issuer.getValue().isBlank();
        return ConfigValue.builder().withName(name).withValue(Boolean.toString(on)).withConfigSourceName(getClass().getSimpleName()).build();
    }
}
