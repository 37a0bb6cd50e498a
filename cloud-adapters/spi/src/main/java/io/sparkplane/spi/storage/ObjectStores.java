package io.sparkplane.spi.storage;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The store that serves any location by handing it to the store of its scheme. */
public final class ObjectStores implements ObjectStore {

    private final Map<String, ObjectStore> byScheme;

    public ObjectStores(List<ObjectStore> stores) {
        Map<String, ObjectStore> schemes = new HashMap<>();
        for (ObjectStore store : stores) {
            for (String scheme : store.schemes()) {
                if (schemes.putIfAbsent(scheme, store) != null) {
                    throw new IllegalArgumentException("two stores serve the scheme " + scheme);
                }
            }
        }
        this.byScheme = Map.copyOf(schemes);
    }

    @Override
    public Set<String> schemes() {
        return byScheme.keySet();
    }

    /** @throws ObjectStoreException when no configured store serves the location's scheme */
    public ObjectStore storeFor(Location location) {
        ObjectStore store = byScheme.get(location.scheme());
        if (store == null) {
            throw new ObjectStoreException(ObjectStoreException.Kind.FAILED, location, "no object store is configured for "
                    + location.scheme() + ":// locations; configured: " + String.join(", ", new TreeSet<>(byScheme.keySet())));
        }
        return store;
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
