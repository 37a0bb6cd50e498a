package io.sparkplane.store.gcs;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.storage.Location;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An object's bytes as read through the SDK's {@code ReadChannel}; a failure mid-read (after the
 * SDK's own retries and resumption) surfaces as an {@link io.sparkplane.spi.storage.ObjectStoreException}
 * naming the location, like every other failure of the store.
 */
final class GcsObjectInputStream extends FilterInputStream {

    private final Location location;

    GcsObjectInputStream(InputStream channelStream, Location location) {
        super(requireNonNull(channelStream, "channelStream is null"));
        this.location = requireNonNull(location, "location is null");
    }

    @Override
    public int read() throws IOException {
        try {
            return in.read();
        } catch (IOException | RuntimeException e) {
            throw GcsErrorMapping.toObjectStoreException("read", location, e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        try {
            return in.read(buffer, offset, count);
        } catch (IOException | RuntimeException e) {
            throw GcsErrorMapping.toObjectStoreException("read", location, e);
        }
    }
}
