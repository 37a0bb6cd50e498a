package io.sparkplane.store.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A hand-made error response of the Blob service, as the SDK hands it to its exceptions. */
final class ServiceErrorResponse extends HttpResponse {

    private final int status;
    private final HttpHeaders headers = new HttpHeaders();
    private final String body;

    ServiceErrorResponse(int status, String errorCode, String body) {
        super(new HttpRequest(HttpMethod.GET, "https://prodlake01.blob.core.windows.net/logs/a?sig=SeCrEtSiGnAtUrE"));
        this.status = status;
        this.body = body;
        if (errorCode != null) {
            headers.set(HttpHeaderName.fromString("x-ms-error-code"), errorCode);
        }
        headers.set(HttpHeaderName.fromString("x-ms-request-id"), "c0ffee00-0000-0000-0000-000000000001");
    }

    @Override
    public int getStatusCode() {
        return status;
    }

    @Override
    @Deprecated
    public String getHeaderValue(String name) {
        return headers.getValue(HttpHeaderName.fromString(name));
    }

    @Override
    public HttpHeaders getHeaders() {
        return headers;
    }

    @Override
    public Flux<ByteBuffer> getBody() {
        return Flux.just(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public Mono<byte[]> getBodyAsByteArray() {
        return Mono.just(body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Mono<String> getBodyAsString() {
        return Mono.just(body);
    }

    @Override
    public Mono<String> getBodyAsString(Charset charset) {
        return Mono.just(body);
    }
}
