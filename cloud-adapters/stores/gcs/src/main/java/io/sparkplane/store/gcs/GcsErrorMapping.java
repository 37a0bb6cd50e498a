package io.sparkplane.store.gcs;

import com.google.cloud.storage.StorageException;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStoreException.Kind;
import io.sparkplane.spi.storage.ObjectStoreException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * Turns what the SDK throws into an {@link ObjectStoreException}: the kind, the location's URI, what
 * was being done, and the service's short error code ({@code 404 notFound}, {@code
 * ConnectException}), never a stack trace or the SDK's full message (which may quote request URLs).
 */
final class GcsErrorMapping {

    private GcsErrorMapping() {
    }

    /**
     * @param action what was being done, as a verb phrase ("read", "upload to", "list")
     * @param failure what the SDK threw (a {@link StorageException}, or an {@link IOException}
     *     wrapping one, or the content stream's own failure)
     */
    static ObjectStoreException toObjectStoreException(String action, Location location, Throwable failure) {
        StorageException storageFailure = find(failure, StorageException.class);
        if (storageFailure != null) {
            Kind kind = kindOf(storageFailure);
            return new ObjectStoreException(kind, location,
                    "cannot " + action + " " + location.uri() + ": " + describe(kind) + " (" + codeOf(storageFailure) + ")", failure);
        }
        IOException ioFailure = find(failure, IOException.class);
        if (ioFailure != null && isNetworkFailure(ioFailure)) {
            return new ObjectStoreException(Kind.UNAVAILABLE, location,
                    "cannot " + action + " " + location.uri() + ": " + describe(Kind.UNAVAILABLE) + " (" + ioFailure.getClass().getSimpleName() + ")",
                    failure);
        }
        return new ObjectStoreException(Kind.FAILED, location,
                "cannot " + action + " " + location.uri() + ": " + failure.getClass().getSimpleName()
                        + (failure.getMessage() == null ? "" : ": " + firstLine(failure.getMessage())),
                failure);
    }

    /** The kind of a failure the service (or the SDK, after its retries) reported. */
    static Kind kindOf(StorageException failure) {
        int code = failure.getCode();
        if (code == 404) {
            return Kind.NOT_FOUND;
        }
        if (code == 401 || code == 403) {
            return Kind.ACCESS_DENIED;
        }
        // 408 request timeout and 429 rate limiting are transient; the SDK already retried them
        if (code == 408 || code == 429 || code >= 500) {
            return Kind.UNAVAILABLE;
        }
        // code 0: the request never got an HTTP answer
        if (code == 0) {
            IOException cause = find(failure, IOException.class);
            return cause != null && isNetworkFailure(cause) ? Kind.UNAVAILABLE : Kind.FAILED;
        }
        return Kind.FAILED;
    }

    /** {@code 404 notFound}; {@code ConnectException} when there was no HTTP answer. */
    static String codeOf(StorageException failure) {
        if (failure.getCode() > 0) {
            String reason = failure.getReason();
            return reason == null || reason.isBlank() ? "HTTP " + failure.getCode() : failure.getCode() + " " + reason;
        }
        Throwable cause = failure.getCause();
        return cause == null ? "no response" : cause.getClass().getSimpleName();
    }

    private static String describe(Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> "no such object or bucket";
            case ACCESS_DENIED -> "the credentials do not allow it";
            case UNAVAILABLE -> "Cloud Storage could not be reached or kept failing after retries";
            case FAILED -> "the request failed";
        };
    }

    private static boolean isNetworkFailure(IOException failure) {
        return failure instanceof ConnectException
                || failure instanceof UnknownHostException
                || failure instanceof NoRouteToHostException
                || failure instanceof SocketException
                || failure instanceof SocketTimeoutException
                || failure.getClass().getName().startsWith("javax.net.ssl.");
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable current = failure; current != null; current = current.getCause() == current ? null : current.getCause()) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
