package io.sparkplane.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A successful answer: its status (201 created, 200 found), its JSON body (a missing node when
 * empty) and headers (names in lower case).
 */
public record ApiResponse(int status, JsonNode body, Map<String, List<String>> headers) {

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT))).filter(values -> !values.isEmpty()).map(values -> values.get(0));
    }
}
