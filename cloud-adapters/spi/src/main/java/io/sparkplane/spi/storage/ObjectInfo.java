package io.sparkplane.spi.storage;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What a store knows of one object.
 *
 * @param etag the store's version tag, or {@code null} where it has none
 */
public record ObjectInfo(Location location, long size, Instant lastModified, String etag) {

    public ObjectInfo {
        requireNonNull(location, "location is null");
        requireNonNull(lastModified, "lastModified is null");
        if (size < 0) {
            throw new IllegalArgumentException("size is negative");
        }
    }
}
