package io.sparkplane.api.contract;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One operation of the contract, found for a concrete request.
 *
 * @param method the HTTP method, upper case ({@code GET}, {@code POST}, ...)
 * @param pathTemplate the path as written in the contract, for example {@code /api/v1/runs/{runId}}
 * @param operationId the operation's {@code operationId}
 * @param pathParameters the values the concrete path gave the template's parameters, by name, in path order
 */
public record ApiOperation(String method, String pathTemplate, String operationId, Map<String, String> pathParameters) {

    public ApiOperation {
        requireNonNull(method, "method is null");
        requireNonNull(pathTemplate, "pathTemplate is null");
        requireNonNull(operationId, "operationId is null");
        pathParameters = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(pathParameters, "pathParameters is null")));
    }

    @Override
    public String toString() {
        return method + " " + pathTemplate + " (" + operationId + ")";
    }
}
