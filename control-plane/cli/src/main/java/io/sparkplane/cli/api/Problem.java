package io.sparkplane.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An RFC 9457 problem the control plane answered with: what a person needs of it. */
public record Problem(String title, int status, String detail, List<FieldError> errors) {

    /** One invalid input: a JSON path into the body, or {@code query:<name>} / {@code header:<name>}. */
    public record FieldError(String field, String message) {}

    /** The problem in a JSON body, if it is one. */
    static Optional<Problem> of(JsonNode body) {
        if (body == null || !body.isObject() || !body.has("title")) {
            return Optional.empty();
        }
        List<FieldError> errors = new ArrayList<>();
        body.path("errors").forEach(error -> errors.add(new FieldError(error.path("field").asText(), error.path("message").asText())));
        return Optional.of(new Problem(body.path("title").asText(), body.path("status").asInt(), body.path("detail").asText(""), List.copyOf(errors)));
    }
}
