package io.sparkplane.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.cli.runs.RunRequest;
import java.util.Optional;

/**
 * A job's request body as the API takes it ({@code POST /api/v1/jobs}, {@code PUT /api/v1/jobs/{id}}),
 * with the local files its template names still to be uploaded.
 *
 * @param body     the whole body; its {@code template} is {@code template.body()}, the same object
 * @param template the run template, whose {@link RunRequest#use} puts an uploaded file's ref in its place
 */
public record JobRequest(ObjectNode body, RunRequest template) {

    /** The workspace the body names, if it names one. */
    public Optional<String> workspace() {
        return Optional.ofNullable(body.get("workspace")).filter(JsonNode::isTextual).map(JsonNode::asText);
    }
}
