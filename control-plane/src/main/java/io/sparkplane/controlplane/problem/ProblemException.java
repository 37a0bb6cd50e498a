package io.sparkplane.controlplane.problem;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** Ends a request with a problem details answer; thrown by resources and services, mapped at the edge. */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final List<FieldError> errors;
    private final Optional<Long> retryAfterSeconds;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ProblemException(ProblemType type, String detail, List<FieldError> errors) {
        super(detail);
        this.type = requireNonNull(type, "type is null");
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = Optional.empty();
    }

    private ProblemException(ProblemType type, String detail, long retryAfterSeconds) {
        super(detail);
        this.type = requireNonNull(type, "type is null");
        this.errors = List.of();
        this.retryAfterSeconds = Optional.of(retryAfterSeconds);
    }

    /** A 429: the caller may try again after so many seconds ({@code Retry-After}). */
    public static ProblemException tooMany(String detail, long retryAfterSeconds) {
        return new ProblemException(ProblemType.TOO_MANY_REQUESTS, detail, Math.max(1, retryAfterSeconds));
    }

    public static ProblemException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid: " + errors.get(0).field() + ": " + errors.get(0).message() + ", ...";
        return new ProblemException(ProblemType.INVALID_REQUEST, detail, errors);
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public ProblemType type() {
        return type;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Optional<Long> retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
