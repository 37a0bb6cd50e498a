package io.sparkplane.controlplane.staging;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectInfo;
import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.spi.storage.ObjectStoreException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A store built on its first use. A control plane that never touches S3 must not fail to start
 * because no AWS region is set, and a store whose SDK client cannot be built fails each use with a
 * message naming the location instead.
 */
final class DeferredObjectStore implements ObjectStore, AutoCloseable {

    private final Set<String> schemes;
    private final String name;
    private final Supplier<ObjectStore> factory;
    private ObjectStore store;

    DeferredObjectStore(Set<String> schemes, String name, Supplier<ObjectStore> factory) {
        this.schemes = Set.copyOf(schemes);
        this.name = requireNonNull(name, "name is null");
        this.factory = requireNonNull(factory, "factory is null");
    }

    private synchronized ObjectStore store(Location location) {
        if (store == null) {
            try {
                store = factory.get();
            } catch (RuntimeException e) {
                throw new ObjectStoreException(ObjectStoreException.Kind.UNAVAILABLE, location,
                        "cannot reach " + location.uri() + ": the " + name + " store cannot be set up: " + e.getMessage(), e);
            }
        }
        return store;
    }

    @Override
    public Set<String> schemes() {
        return schemes;
    }

    @Override
    public Optional<ObjectInfo> stat(Location location) {
        return store(location).stat(location);
    }

    @Override
    public InputStream open(Location location) {
        return store(location).open(location);
    }

    @Override
    public void download(Location location, Path target) {
        store(location).download(location, target);
    }

    @Override
    public ObjectInfo put(Location location, Path source) {
        return store(location).put(location, source);
    }

    @Override
    public ObjectInfo put(Location location, InputStream content, long length) {
        return store(location).put(location, content, length);
    }

    @Override
    public List<ObjectInfo> list(Location prefix) {
        return store(prefix).list(prefix);
    }

    @Override
    public void delete(Location location) {
        store(location).delete(location);
    }

    @Override
    public synchronized void close() throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
        store = null;
    }

    @Override
    public String toString() {
        return name + " store";
    }
}
