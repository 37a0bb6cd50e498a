package io.sparkplane.spi.storage;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One kind of object storage (S3, GCS, Azure Blob, the local file system), addressed by
 * {@link Location}; its {@link ObjectStoreFactory} names the URI schemes it serves.
 * Implementations take credentials from their SDK's default chain or from their settings, never
 * log them, and leave retries of transient errors (throttling, 5xx, dropped connections) to the
 * SDK's configured retry policy.
 *
 * <p>Every failure is an {@link ObjectStoreException} naming the location.
 */
public interface ObjectStore extends AutoCloseable {

    /** The object's size and version, or empty when there is no such object. */
    Optional<ObjectInfo> stat(Location location);

    /** The object's bytes; the caller closes the stream. */
    InputStream open(Location location);

    /** Copies the object into {@code target} (replaced), in parallel ranges where the store can. */
    void download(Location location, Path target);

    /** Stores {@code source} as the object, replacing any; large files go in parallel parts. */
    ObjectInfo put(Location location, Path source);

    /** Stores exactly {@code length} bytes of {@code content} as the object, replacing any. */
    ObjectInfo put(Location location, InputStream content, long length);

    /** Every object whose key starts with {@code prefix}'s key, in key order. */
    List<ObjectInfo> list(Location prefix);

    /** Removes the object; removing one that does not exist is not an error. */
    void delete(Location location);

    /** Releases the store's clients; the control plane calls it once, at shutdown. */
    @Override
    default void close() {}
}
