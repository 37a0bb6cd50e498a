package io.sparkplane.backend.databricks;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import io.sparkplane.spi.engine.EngineBackendException;
import java.util.Optional;

/**
 * What a failed SDK call says: the Databricks error in it (the SDK throws it, or wraps the last one
 * when its retries ran out), its HTTP status and error code, in words for the run's user. Pure.
 */
final class DatabricksErrors {

    /** The SDK's code for a call that got no answer (a refused connection, a timeout). */
    static final String IO_ERROR = "IO_ERROR";

    private DatabricksErrors() {}

    /** The Databricks error the exception is or wraps. */
    static Optional<DatabricksError> error(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DatabricksError error) {
                return Optional.of(error);
            }
        }
        return Optional.empty();
    }

    /** The HTTP status Databricks answered, or 0 when the call got no answer. */
    static int status(Throwable failure) {
        return error(failure).filter(error -> !IO_ERROR.equals(error.getErrorCode())).map(DatabricksError::getStatusCode).orElse(0);
    }

    static String errorCode(Throwable failure) {
        return error(failure).map(DatabricksError::getErrorCode).orElse("");
    }

    /**
     * Databricks does not know the run or cluster: 404, or the 400 INVALID_PARAMETER_VALUE "... does not
     * exist" the Jobs and Clusters APIs answer (which the SDK turns into ResourceDoesNotExist for some calls).
     */
    static boolean notFound(Throwable failure) {
        Optional<DatabricksError> error = error(failure);
        if (error.isEmpty()) {
            return false;
        }
        DatabricksError found = error.get();
        if (found instanceof ResourceDoesNotExist || found instanceof NotFound || found.getStatusCode() == 404) {
            return true;
        }
        String message = found.getMessage() == null ? "" : found.getMessage();
        return found.getStatusCode() == 400 && "INVALID_PARAMETER_VALUE".equals(found.getErrorCode())
                && (message.contains("does not exist") || message.contains("doesn't exist"));
    }

    /** The resource exists but cannot do that now (a cluster not running yet, or any more). */
    static boolean invalidState(Throwable failure) {
        return "INVALID_STATE".equals(errorCode(failure));
    }

    /**
     * Whether a failed call may have taken effect all the same: an answer lost on the way back (no
     * answer at all, a 5xx, or retries run out on 429/503, whose last attempt may have been done).
     * A 4xx other than 429 is a refusal: nothing was done.
     */
    static boolean mayHaveTakenEffect(Throwable failure) {
        int status = status(failure);
        return status == 0 || status == 429 || status >= 500;
    }

    /** The failure in words: Databricks' status, code and message, or that it could not be reached. */
    static String describe(Throwable failure) {
        Optional<DatabricksError> error = error(failure);
        String retries = failure instanceof DatabricksError ? "" : retriesOf(failure);
        if (error.isEmpty() || IO_ERROR.equals(error.get().getErrorCode())) {
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return "Databricks could not be reached (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")" + retries;
        }
        DatabricksError found = error.get();
        String code = found.getErrorCode() == null || found.getErrorCode().isBlank() ? "" : " " + found.getErrorCode();
        return "Databricks answered " + found.getStatusCode() + code + ": " + found.getMessage() + retries;
    }

    private static String retriesOf(Throwable failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        return message.contains("failed after") ? " (" + message.replaceFirst("^Request ", "") + ")" : "";
    }

    /** A failure of the backend for the run's user: what could not be done, and Databricks' words. */
    static EngineBackendException failure(String what, RuntimeException failure) {
        return new EngineBackendException(what + ": " + describe(failure), failure);
    }
}
