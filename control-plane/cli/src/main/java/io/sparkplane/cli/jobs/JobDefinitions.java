package io.sparkplane.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A saved job as the body that would save it again: what {@code jobs update} changes when it is given
 * options but no file, since the API replaces a job's definition whole ({@code PUT}) and has no patch.
 * Pure.
 */
final class JobDefinitions {

    /** The fields of a {@code Job} (and a {@code JobVersion}) the control plane sets, which no request takes. */
    static final List<String> SHOWN_ONLY = List.of("id", "version", "createdAt", "updatedAt", "createdBy");

    /** The fields of {@code JobRequest}; the job's workspace is left out, which keeps it. */
    private static final List<String> DEFINITION = List.of("name", "description", "template", "parameters", "maxConcurrentRuns",
            "concurrencyPolicy", "labels");

    private JobDefinitions() {}

    /** @param job a job as {@code GET /api/v1/jobs/{id}} answers */
    static ObjectNode of(JsonNode job) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        for (String field : DEFINITION) {
            JsonNode value = job.get(field);
            if (value != null && !value.isNull()) {
                body.set(field, value.deepCopy());
            }
        }
        return body;
    }
}
