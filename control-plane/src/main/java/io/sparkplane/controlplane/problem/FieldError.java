package io.sparkplane.controlplane.problem;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a request.
 *
 * @param field where: a JSON path into the body ({@code resources.executor.cores}), or
 *     {@code query:<name>}, {@code header:<name>}
 */
public record FieldError(String field, String message) {

    public FieldError {
        requireNonNull(field, "field is null");
        requireNonNull(message, "message is null");
    }
}
