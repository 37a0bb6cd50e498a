package io.sparkplane.controlplane.backend;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.engine.BackendContext;
import io.sparkplane.spi.engine.BackendLimits;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendFactory;
import io.sparkplane.spi.engine.JobHosting;
import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.spi.settings.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One engine profile, configured: what the control plane knows of it without starting anything
 * (its limits, the Spark conf its runs get, where its engines reach the control plane), and its
 * backend, created on first use. A backend that cannot be created fails that use, and is tried
 * again on the next, so a profile that cannot start fails its own runs only.
 */
final class EngineProfile implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EngineProfile.class);

    private final String name;
    private final String type;
    private final BackendLimits limits;
    private final Map<String, String> sparkConf;
    private final Optional<String> engineApiUrl;
    private final JobHosting hosting;
    private final Set<String> stagingSchemes;
    private final Optional<Duration> provisioningTimeout;
    private final Function<BackendContext, EngineBackend> creator;
    private EngineBackend backend;
    private boolean closed;
    /** What the backend's service said is wrong with the profile when it last tried to start; null when nothing. */
    private volatile String refusal;

    private EngineProfile(String name, String type, BackendLimits limits, Map<String, String> sparkConf, Optional<String> engineApiUrl,
            JobHosting hosting, Set<String> stagingSchemes, Optional<Duration> provisioningTimeout,
            Function<BackendContext, EngineBackend> creator) {
        this.name = requireNonNull(name, "name is null");
        this.type = requireNonNull(type, "type is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.sparkConf = Map.copyOf(sparkConf);
        this.engineApiUrl = requireNonNull(engineApiUrl, "engineApiUrl is null");
        this.hosting = requireNonNull(hosting, "hosting is null");
        this.stagingSchemes = Set.copyOf(stagingSchemes);
        this.provisioningTimeout = requireNonNull(provisioningTimeout, "provisioningTimeout is null");
        this.creator = requireNonNull(creator, "creator is null");
    }

    /** @throws io.sparkplane.spi.settings.SettingException from the factory, naming the key that is wrong */
    static <C> EngineProfile configure(String name, EngineBackendFactory<C> factory, Settings settings, Optional<String> engineApiUrl) {
        C configuration = factory.configure(settings);
        // the settings as given, secret values hidden by their declaration; never the configuration's own printing
        LOG.infof("engine profile %s (%s): %s", name, factory.type(), settings);
        return new EngineProfile(name, factory.type(), factory.limits(configuration), factory.sparkConf(configuration), engineApiUrl,
                factory.hosting(), factory.stagingSchemes(), factory.provisioningTimeout(configuration),
                context -> factory.create(configuration, context));
    }

    String name() {
        return name;
    }

    String type() {
        return type;
    }

    BackendLimits limits() {
        return limits;
    }

    Map<String, String> sparkConf() {
        return sparkConf;
    }

    Optional<String> engineApiUrl() {
        return engineApiUrl;
    }

    JobHosting hosting() {
        return hosting;
    }

    /** Why the backend's service refused the profile when it last tried to start; empty when it did not. */
    Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** The type's own provisioning deadline; empty: the control plane's. */
    Optional<Duration> provisioningTimeout() {
        return provisioningTimeout;
    }

    /** The staging schemes a service-hosted type's service reads; empty: any. */
    Set<String> stagingSchemes() {
        return stagingSchemes;
    }

    /** @throws ProfileClosedException once the profile is closed: a backend built then would never be closed */
    synchronized EngineBackend backend(BackendContext context) {
        if (closed) {
            throw new ProfileClosedException(name);
        }
        if (backend == null) {
            try {
                backend = creator.apply(context);
            } catch (SettingException e) {
                if (!e.getMessage().equals(refusal)) {
                    LOG.warnf("engine profile %s (%s) cannot run jobs, its runs are refused: %s", name, type, e.getMessage());
                }
                refusal = e.getMessage();
                throw e;
            }
            refusal = null;
            LOG.infof("engine profile %s (%s) started", name, type);
        }
        return backend;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (backend != null) {
            try {
                backend.close();
            } catch (RuntimeException e) {
                LOG.warnf("closing the backend of engine profile %s failed: %s", name, e.getMessage());
            }
            backend = null;
        }
    }
}
