package io.sparkplane.spi.storage;

import static java.util.Objects.requireNonNull;

/**
 * A store operation failed; the message names the location and says what went wrong in words a
 * user can act on, never a credential.
 */
public class ObjectStoreException extends RuntimeException {

    public enum Kind {
        /** No such object (or bucket, or container). */
        NOT_FOUND,
        /** The credentials do not allow it. */
        ACCESS_DENIED,
        /** The store could not be reached or kept failing after the SDK's retries. */
        UNAVAILABLE,
        /** Anything else. */
        FAILED
    }

    private final Kind kind;
    private final Location location;

    public ObjectStoreException(Kind kind, Location location, String message, Throwable cause) {
        super(message, cause);
        this.kind = requireNonNull(kind, "kind is null");
        this.location = requireNonNull(location, "location is null");
    }

    public ObjectStoreException(Kind kind, Location location, String message) {
        this(kind, location, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public Location location() {
        return location;
    }
}
