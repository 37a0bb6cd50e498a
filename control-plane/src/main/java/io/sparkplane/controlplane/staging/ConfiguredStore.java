package io.sparkplane.controlplane.staging;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.settings.Settings;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.spi.storage.ObjectStoreException;
import io.sparkplane.spi.storage.ObjectStoreFactory;
import io.sparkplane.spi.storage.StoreContext;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One store of a store profile: its factory and configuration, checked at start, and the store,
 * built on its first use. A control plane that never touches S3 must not fail to start because no
 * AWS region is set, and a store whose SDK client cannot be built fails each use with a message
 * naming the location instead.
 */
final class ConfiguredStore<C> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConfiguredStore.class);

    private final ObjectStoreFactory<C> factory;
    private final Settings settings;
    private final C configuration;
    private final StoreContext context;
    private ObjectStore store;

    private ConfiguredStore(ObjectStoreFactory<C> factory, Settings settings, C configuration, StoreContext context) {
        this.factory = requireNonNull(factory, "factory is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.configuration = requireNonNull(configuration, "configuration is null");
        this.context = requireNonNull(context, "context is null");
    }

    /** @throws io.sparkplane.spi.settings.SettingException naming the key that is wrong */
    static <C> ConfiguredStore<C> configure(ObjectStoreFactory<C> factory, Settings settings, StoreContext context) {
        return new ConfiguredStore<>(factory, settings, factory.configure(settings), context);
    }

    Set<String> schemes() {
        return factory.schemes();
    }

    /** The store, built now if this is its first use; a store that cannot be built is UNAVAILABLE for {@code location}. */
    synchronized ObjectStore store(Location location) {
        if (store == null) {
            try {
                store = factory.create(configuration, context);
            } catch (RuntimeException e) {
                throw new ObjectStoreException(ObjectStoreException.Kind.UNAVAILABLE, location,
                        "cannot reach " + location.uri() + ": the " + factory.name() + " store cannot be set up: " + e.getMessage(), e);
            }
        }
        return store;
    }

    /** What jobs need to reach this store themselves, secrets included. */
    Map<String, String> engineConf(Location stagingRoot) {
        return factory.engineConf(configuration, stagingRoot);
    }

    @Override
    public synchronized void close() {
        if (store != null) {
            try {
                store.close();
            } catch (RuntimeException e) {
                LOG.warnf("closing the %s store failed: %s", factory.name(), e.getMessage());
            }
            store = null;
        }
    }

    /**
     * The store's name and the settings it was given, values of settings its factory declares
     * secret hidden: what is logged must not depend on how a plug-in prints its configuration.
     */
    @Override
    public String toString() {
        return factory.name() + " " + settings;
    }
}
