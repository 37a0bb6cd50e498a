package io.sparkplane.testkit.azure;

import static java.util.Objects.requireNonNull;

/**
 * One request a fake received, for a test's assertions: in order of arrival, before any fault or
 * check answered it.
 *
 * @param path the path as sent, without the query
 * @param query the raw query, empty without one
 * @param authorizationScheme the scheme of the Authorization header that came ("Bearer", "Basic"),
 *     empty without one; the credential itself is never kept
 */
public record RecordedCall(String method, String path, String query, String authorizationScheme) {

    public RecordedCall {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        requireNonNull(query, "query is null");
        requireNonNull(authorizationScheme, "authorizationScheme is null");
    }

    static RecordedCall of(Request request) {
        return new RecordedCall(request.method(), request.path(), request.rawQuery(), request.authorizationScheme());
    }

    @Override
    public String toString() {
        return method + " " + path + (query.isEmpty() ? "" : "?" + query);
    }
}
