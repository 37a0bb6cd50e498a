package io.sparkplane.store.s3;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/** Records every HTTP request a client sends (retries included): method, path, query and headers. */
final class RequestLog implements ExecutionInterceptor {

    /** One request as sent; {@link #line()} is {@code METHOD /path?sorted=query[ Range: ...]}. */
    record Sent(String line, Map<String, List<String>> headers) {

        boolean hasHeader(String name) {
            return headers.keySet().stream().anyMatch(header -> header.equalsIgnoreCase(name));
        }
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
        SdkHttpRequest request = context.httpRequest();
        String line = request.method() + " " + request.encodedPath() + request.rawQueryParameters().keySet().stream()
                .sorted().map(name -> name + "=" + String.join(",", request.rawQueryParameters().get(name)))
                .reduce((a, b) -> a + "&" + b).map(query -> "?" + query).orElse("")
                + request.firstMatchingHeader("Range").map(range -> " Range: " + range).orElse("");
        sent.add(new Sent(line, Map.copyOf(request.headers())));
    }

    List<String> requests() {
        return sent.stream().map(Sent::line).toList();
    }

    List<Sent> sent() {
        return List.copyOf(sent);
    }
}
