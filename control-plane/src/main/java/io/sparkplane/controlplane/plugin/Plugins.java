package io.sparkplane.controlplane.plugin;

import io.sparkplane.spi.engine.EngineBackendFactory;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStoreFactory;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The engine backend and object store factories this control plane has: every one a {@link
 * ServiceLoader} finds. The control plane names no backend or store class; it loops over these.
 */
@Singleton
public class Plugins {

    private static final Logger LOG = Logger.getLogger(Plugins.class);

    private final Map<String, EngineBackendFactory<?>> backends;
    private final List<ObjectStoreFactory<?>> stores;

    Plugins() {
        this(Plugins.class.getClassLoader());
    }

    /** The factories {@code loader} finds; two of one backend type, store name or URI scheme are an error. */
    public Plugins(ClassLoader loader) {
        Map<String, EngineBackendFactory<?>> backendsByType = new TreeMap<>();
        for (EngineBackendFactory<?> factory : ServiceLoader.load(EngineBackendFactory.class, loader)) {
            EngineBackendFactory<?> earlier = backendsByType.putIfAbsent(factory.type(), factory);
            if (earlier != null) {
                throw new IllegalStateException("two engine backend factories have the type " + factory.type() + ": "
                        + earlier.getClass().getName() + " and " + factory.getClass().getName());
            }
        }
        List<ObjectStoreFactory<?>> storeFactories = new ArrayList<>();
        Map<String, String> schemes = new TreeMap<>();
        for (ObjectStoreFactory<?> factory : ServiceLoader.load(ObjectStoreFactory.class, loader)) {
            if (storeFactories.stream().anyMatch(other -> other.name().equals(factory.name()))) {
                throw new IllegalStateException("two object store factories have the name " + factory.name());
            }
            for (String scheme : factory.schemes()) {
                String earlier = schemes.putIfAbsent(scheme, factory.name());
                if (earlier != null) {
                    throw new IllegalStateException("the stores " + earlier + " and " + factory.name() + " both serve " + scheme + "://");
                }
            }
            storeFactories.add(factory);
        }
        storeFactories.sort(Comparator.comparing(ObjectStoreFactory::name));
        this.backends = Map.copyOf(backendsByType);
        this.stores = List.copyOf(storeFactories);
        LOG.infof("engine backend types: %s; object stores: %s (URI schemes %s)", backendsByType.keySet(),
                storeFactories.stream().map(ObjectStoreFactory::name).toList(), schemes.keySet());
    }

    /** The factory of a backend type. */
    public Optional<EngineBackendFactory<?>> backend(String type) {
        return Optional.ofNullable(backends.get(type));
    }

    /** Every backend type, sorted. */
    public List<String> backendTypes() {
        return backends.keySet().stream().sorted().toList();
    }

    /** What the store of the location's scheme finds wrong with it, if any (no store for the scheme: nothing). */
    public Optional<String> checkLocation(Location location) {
        return stores.stream().filter(factory -> factory.schemes().contains(location.scheme())).findFirst()
                .flatMap(factory -> factory.checkLocation(location));
    }

    /** Every store factory, by name. */
    public List<ObjectStoreFactory<?>> stores() {
        return stores;
    }
}
