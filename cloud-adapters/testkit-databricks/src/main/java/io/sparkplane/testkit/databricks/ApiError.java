package io.sparkplane.testkit.databricks;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * An error answer of the Databricks REST API: an HTTP status and Databricks' JSON body
 * {@code {"error_code": ..., "message": ...}}, which the SDKs parse into their exceptions.
 */
final class ApiError extends RuntimeException {

    final int status;
    final String errorCode;
    /** Set: the answer says when to try again ({@code Retry-After}), as Databricks' rate limits do. */
    final Optional<Duration> retryAfter;

    ApiError(int status, String errorCode, String message) {
        this(status, errorCode, message, Optional.empty());
    }

    ApiError(int status, String errorCode, String message, Optional<Duration> retryAfter) {
        super(requireNonNull(message, "message is null"));
        this.status = status;
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
        this.retryAfter = requireNonNull(retryAfter, "retryAfter is null");
    }

    /** 400 INVALID_PARAMETER_VALUE: what Databricks answers for a bad field, and for a run or cluster id it does not know. */
    static ApiError invalidParameter(String message) {
        return new ApiError(400, "INVALID_PARAMETER_VALUE", message);
    }

    /** 400 INVALID_STATE: the resource exists but cannot do that now (a cluster not running). */
    static ApiError invalidState(String message) {
        return new ApiError(400, "INVALID_STATE", message);
    }

    /** 400 for what Databricks takes but this fake does not (a notebook task, an existing cluster): named as the fake's limit. */
    static ApiError notInTheFake(String what) {
        return new ApiError(400, "INVALID_PARAMETER_VALUE", "FakeDatabricksServer does not support " + what);
    }
}
