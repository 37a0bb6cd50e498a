package io.sparkplane.testkit.azure;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a fake answers one request: status, headers, a body (empty for none). */
record HttpAnswer(int status, Map<String, String> headers, byte[] body) {

    static final ObjectMapper JSON = new ObjectMapper();

    HttpAnswer {
        headers = Map.copyOf(headers);
        requireNonNull(body, "body is null");
    }

    static HttpAnswer json(int status, Object body) {
        try {
            return new HttpAnswer(status, Map.of("Content-Type", "application/json; charset=utf-8"), JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the fake cannot write its own answer as JSON", e);
        }
    }

    static HttpAnswer text(int status, String contentType, String body) {
        return new HttpAnswer(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
    }

    static HttpAnswer empty(int status) {
        return new HttpAnswer(status, Map.of(), new byte[0]);
    }

    HttpAnswer withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpAnswer(status, more, body);
    }
}
