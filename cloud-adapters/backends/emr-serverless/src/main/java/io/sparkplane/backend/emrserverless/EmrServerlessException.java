package io.sparkplane.backend.emrserverless;

import java.util.Set;

/**
 * A call to EMR Serverless's API that failed: its answer's HTTP status, AWS error code and message,
 * or no answer at all (status 0: the connection failed or timed out). The message never holds a
 * credential: requests are signed, and neither the signature nor a key is part of it.
 */
public final class EmrServerlessException extends RuntimeException {

    /** No answer came: a connection refused, reset or timed out, or no request could be made. */
    public static final int NO_RESPONSE = 0;
    /** The code of a call that could not be signed: the credentials chain or the role to assume gave none. */
    public static final String NO_CREDENTIALS = "NoCredentials";

    /** The codes AWS answers a caller that goes too fast with, whatever the HTTP status. */
    private static final Set<String> THROTTLING = Set.of("ThrottlingException", "Throttling", "ThrottledException", "TooManyRequestsException",
            "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException", "SlowDown", "PriorRequestNotComplete");
    /** Codes that say the service failed, not the request, whatever the HTTP status. */
    private static final Set<String> TRANSIENT = Set.of("InternalServerException", "InternalFailure", "ServiceUnavailable",
            "ServiceUnavailableException", "RequestTimeout", "RequestTimeoutException");

    private final String operation;
    private final int status;
    private final String errorCode;
    private final String detail;

    EmrServerlessException(String operation, int status, String errorCode, String detail, Throwable cause) {
        super(message(operation, status, errorCode, detail), cause);
        this.operation = operation;
        this.status = status;
        this.errorCode = errorCode;
        this.detail = detail;
    }

    /** {@code StartJobRun: HTTP 400 ValidationException: what the service said}, each part only when there is one. */
    private static String message(String operation, int status, String errorCode, String detail) {
        StringBuilder message = new StringBuilder(operation).append(':');
        if (status != NO_RESPONSE) {
            message.append(" HTTP ").append(status);
        }
        if (!errorCode.isEmpty()) {
            message.append(' ').append(errorCode);
        }
        if (!detail.isEmpty()) {
            message.append(status == NO_RESPONSE && errorCode.isEmpty() ? " " : ": ").append(detail);
        }
        return message.toString();
    }

    /** The API operation ({@code StartJobRun}). */
    public String operation() {
        return operation;
    }

    /** The HTTP status, or {@link #NO_RESPONSE}. */
    public int status() {
        return status;
    }

    /** The AWS error code ({@code ValidationException}), empty when the answer named none. */
    public String errorCode() {
        return errorCode;
    }

    /** What the service said, empty when it said nothing. */
    public String detail() {
        return detail;
    }

    public boolean throttling() {
        return status == 429 || THROTTLING.contains(errorCode);
    }

    /**
     * Worth repeating: the service was too busy or failed itself, or no answer came. A request it
     * refused (validation, a missing resource, access) would be refused again.
     */
    public boolean retryable() {
        return throttling() || TRANSIENT.contains(errorCode) || (status == NO_RESPONSE && !errorCode.equals(NO_CREDENTIALS))
                || (status >= 500 && status != 501);
    }

    /** The application or job run does not exist (EMR Serverless answers 404, moto 400: the code tells). */
    public boolean notFound() {
        return errorCode.equals("ResourceNotFoundException") || (status == 404 && errorCode.isEmpty());
    }
}
