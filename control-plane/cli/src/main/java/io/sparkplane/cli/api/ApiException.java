package io.sparkplane.cli.api;

import java.util.Optional;

/**
 * A call the control plane did not answer with success: an HTTP error with its problem, or no
 * answer at all ({@link #status()} 0).
 */
public final class ApiException extends RuntimeException {

    private final Operation operation;
    private final int status;
    private final Optional<Problem> problem;

    ApiException(Operation operation, int status, Optional<Problem> problem, String message, Throwable cause) {
        super(message, cause);
        this.operation = operation;
        this.status = status;
        this.problem = problem;
    }

    public Operation operation() {
        return operation;
    }

    /** The HTTP status, or 0 when the control plane could not be reached. */
    public int status() {
        return status;
    }

    public Optional<Problem> problem() {
        return problem;
    }
}
