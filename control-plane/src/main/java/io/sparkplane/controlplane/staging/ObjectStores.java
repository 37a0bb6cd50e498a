package io.sparkplane.controlplane.staging;

import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectInfo;
import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.spi.storage.ObjectStoreException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The store that serves any location by handing it to the store of its scheme, built on first use. */
public final class ObjectStores implements ObjectStore {

    private final Map<String, ConfiguredStore<?>> byScheme;

    ObjectStores(Collection<ConfiguredStore<?>> stores) {
        Map<String, ConfiguredStore<?>> schemes = new TreeMap<>();
        for (ConfiguredStore<?> store : stores) {
            for (String scheme : store.schemes()) {
                if (schemes.putIfAbsent(scheme, store) != null) {
                    throw new IllegalArgumentException("two stores serve the scheme " + scheme);
                }
            }
        }
        this.byScheme = Map.copyOf(schemes);
    }

    /** The URI schemes some store serves. */
    public Set<String> schemes() {
        return new TreeSet<>(byScheme.keySet());
    }

    /** @throws ObjectStoreException when no store serves the location's scheme, or its store cannot be built */
    public ObjectStore storeFor(Location location) {
        ConfiguredStore<?> store = byScheme.get(location.scheme());
        if (store == null) {
            throw new ObjectStoreException(ObjectStoreException.Kind.FAILED, location, "no object store is configured for "
                    + location.scheme() + ":// locations; configured: " + String.join(", ", schemes()));
        }
        return store.store(location);
    }

    @Override
    public Optional<ObjectInfo> stat(Location location) {
        return storeFor(location).stat(location);
    }

    @Override
    public InputStream open(Location location) {
        return storeFor(location).open(location);
    }

    @Override
    public void download(Location location, Path target) {
        storeFor(location).download(location, target);
    }

    @Override
    public ObjectInfo put(Location location, Path source) {
        return storeFor(location).put(location, source);
    }

    @Override
    public ObjectInfo put(Location location, InputStream content, long length) {
        return storeFor(location).put(location, content, length);
    }

    @Override
    public List<ObjectInfo> list(Location prefix) {
        return storeFor(prefix).list(prefix);
    }

    @Override
    public void delete(Location location) {
        storeFor(location).delete(location);
    }
}
