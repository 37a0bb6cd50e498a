package io.sparkplane.spi.storage;

import java.io.IOException;

/**
 * The content given to {@code put} failed, not the store: it ended before the length it was said to
 * have, or reading it threw. Kept apart from the SDK's own I/O errors so that it is reported as the
 * caller's problem rather than as an unreachable endpoint.
 */
public final class ContentException extends IOException {

    private ContentException(String message, Throwable cause) {
        super(message, cause);
    }

    public static ContentException tooShort(long read, long length) {
        return new ContentException("the content ended after " + read + " of " + length + " bytes", null);
    }

    public static ContentException unreadable(long read, IOException cause) {
        return new ContentException("reading the content failed after " + read + " bytes: " + cause.getMessage(), cause);
    }
}
