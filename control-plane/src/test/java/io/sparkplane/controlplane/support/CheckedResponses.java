package io.sparkplane.controlplane.support;

import io.restassured.response.Response;
import io.sparkplane.api.contract.OpenApiContract;
import java.util.HashMap;
import java.util.Map;

/** REST Assured answers checked against the OpenAPI document before a test looks at them. */
public final class CheckedResponses {

    private static final OpenApiContract CONTRACT = OpenApiContract.load();

    private CheckedResponses() {}

    /** The response, once its status, content type, headers and body fit the operation of {@code method} and {@code path}. */
    public static Response checked(String method, String path, Response response) {
        Map<String, String> headers = new HashMap<>();
        response.getHeaders().forEach(header -> headers.put(header.getName(), header.getValue()));
        CONTRACT.assertResponse(method, path, response.statusCode(), response.contentType(), headers, response.asString());
        return response;
    }
}
