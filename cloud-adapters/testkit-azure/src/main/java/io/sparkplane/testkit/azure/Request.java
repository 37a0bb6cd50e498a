package io.sparkplane.testkit.azure;

import static java.util.Objects.requireNonNull;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request as the fakes' routers see it: no HttpExchange, so a router is a function from
 * this to an {@link HttpAnswer}.
 *
 * @param path the decoded path, without the query
 * @param headers by name, case-insensitive (HTTP's rule)
 */
record Request(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {

    Request {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        rawQuery = rawQuery == null ? "" : rawQuery;
        TreeMap<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> caseInsensitive.put(name, List.copyOf(values)));
        headers = caseInsensitive;
        body = body == null ? new byte[0] : body;
    }

    Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The query's parameters, decoded; the first of a repeated one. */
    Map<String, String> query() {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    /** The scheme of its Authorization header ("Basic", "Bearer"), never the credential; empty without one. */
    String authorizationScheme() {
        return header("Authorization").map(value -> {
            int space = value.indexOf(' ');
            return space < 0 ? value : value.substring(0, space);
        }).orElse("");
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
