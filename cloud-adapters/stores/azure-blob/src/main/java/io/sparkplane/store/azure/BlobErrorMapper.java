package io.sparkplane.store.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpResponse;
import com.azure.storage.blob.models.BlobStorageException;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStoreException.Kind;
import io.sparkplane.spi.storage.ObjectStoreException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.FileSystemException;
import java.util.concurrent.TimeoutException;

/**
 * Turns what the Azure SDK throws into an {@link ObjectStoreException} whose message names the
 * location and the service's error code, and never a credential.
 *
 * <p>A service error ({@link HttpResponseException}) is not kept as the cause: its message
 * quotes the response body, where the service may echo request details; the message keeps the
 * status, the error code and the request id that Azure support asks for. A connection failure is
 * kept as the cause: it names only a host and port.
 */
public final class BlobErrorMapper {

    private BlobErrorMapper() {}

    /**
     * @param operation what was being done, a verb ({@code "read"}, {@code "list"})
     * @param endpoint the service endpoint the request went to, named when it could not be reached
     */
    public static ObjectStoreException toObjectStoreException(String operation, Location location, String endpoint, Throwable failure) {
        if (failure instanceof ObjectStoreException already) {
            return already;
        }
        HttpResponseException response = find(failure, HttpResponseException.class);
        if (response != null && response.getResponse() != null) {
            HttpResponse http = response.getResponse();
            int status = http.getStatusCode();
            String errorCode = errorCode(response);
            String requestId = http.getHeaderValue("x-ms-request-id");
            return new ObjectStoreException(kindOf(status), location, "cannot " + operation + " " + location.uri() + ": "
                    + (errorCode == null ? "" : errorCode + " ") + "(HTTP " + status
                    + (requestId == null ? "" : ", request id " + requestId) + ")");
        }
        ClientAuthenticationException authentication = find(failure, ClientAuthenticationException.class);
        if (authentication != null) {
            return new ObjectStoreException(Kind.ACCESS_DENIED, location, "cannot " + operation + " " + location.uri()
                    + ": no Azure credential could be obtained: " + firstLine(authentication.getMessage()), authentication);
        }
        Throwable network = networkFailure(failure);
        if (network != null) {
            return new ObjectStoreException(Kind.UNAVAILABLE, location, "cannot " + operation + " " + location.uri()
                    + ": the Blob service at " + endpoint + " could not be reached: "
                    + network.getClass().getSimpleName() + (network.getMessage() == null ? "" : " " + firstLine(network.getMessage())),
                    failure);
        }
        Throwable root = unwrapped(failure);
        return new ObjectStoreException(Kind.FAILED, location, "cannot " + operation + " " + location.uri() + ": "
                + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + firstLine(root.getMessage())), failure);
    }

    /** The kind of a Blob service error by its HTTP status, after the SDK's retries. */
    public static Kind kindOf(int status) {
        if (status == 404) {
            return Kind.NOT_FOUND; // BlobNotFound, ContainerNotFound, ResourceNotFound
        }
        if (status == 401 || status == 403) {
            return Kind.ACCESS_DENIED; // AuthenticationFailed, AuthorizationPermissionMismatch, ...
        }
        if (status == 408 || status == 429 || status >= 500) {
            return Kind.UNAVAILABLE; // timeouts, throttling and server errors the SDK already retried
        }
        return Kind.FAILED;
    }

    /** Whether {@code failure} says the resource is missing: a HEAD's 404 carries no error body. */
    public static boolean isNotFound(Throwable failure) {
        HttpResponseException response = find(failure, HttpResponseException.class);
        return response != null && response.getResponse() != null && response.getResponse().getStatusCode() == 404;
    }

    private static String errorCode(HttpResponseException response) {
        if (response instanceof BlobStorageException blob && blob.getErrorCode() != null) {
            return blob.getErrorCode().toString();
        }
        // HEAD responses have no body; the service repeats the code in this header
        return response.getResponse().getHeaderValue("x-ms-error-code");
    }

    /**
     * The cause that says the network failed: refused, reset or unresolvable, timed out, or a
     * failure inside the Netty HTTP client. A local file system error is not one.
     */
    private static Throwable networkFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof FileSystemException) {
                return null;
            }
            if (cause instanceof SocketException || cause instanceof UnknownHostException || cause instanceof SocketTimeoutException
                    || cause instanceof ClosedChannelException || cause instanceof TimeoutException
                    || cause.getClass().getName().startsWith("io.netty.")
                    || cause.getClass().getName().startsWith("reactor.netty.")) {
                return cause;
            }
        }
        return null;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /** Past the wrappers that only carry a checked exception through a lambda or a Reactor chain. */
    private static Throwable unwrapped(Throwable failure) {
        Throwable root = failure;
        while ((root instanceof UncheckedIOException || root.getClass().getName().startsWith("reactor.core.Exceptions"))
                && root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
