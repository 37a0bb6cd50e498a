package io.sparkplane.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/** One call of an {@link Operation}, built up and sent through its {@link ApiClient}. */
public final class ApiRequest {

    private final ApiClient client;
    private final Operation operation;
    private final Map<String, String> pathParameters = new LinkedHashMap<>();
    private final List<String> query = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Optional<JsonNode> jsonBody = Optional.empty();
    private Optional<String> contentType = Optional.empty();
    private Optional<Path> fileBody = Optional.empty();
    private LongConsumer progress = sent -> {};
    private Optional<Duration> timeout = Optional.of(ApiClient.CALL_TIMEOUT);
    private Duration busyPatience = Duration.ZERO;
    private boolean once;

    ApiRequest(ApiClient client, Operation operation) {
        this.client = client;
        this.operation = operation;
    }

    public ApiRequest path(String name, String value) {
        pathParameters.put(name, value);
        return this;
    }

    /** Adds a query parameter the operation declares; a null value adds nothing. */
    public ApiRequest query(String name, Object value) {
        if (!operation.queryParameters().contains(name)) {
            throw new IllegalArgumentException(operation.operationId() + " has no query parameter " + name);
        }
        if (value != null) {
            query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
        }
        return this;
    }

    public ApiRequest header(String name, String value) {
        if (!operation.headers().contains(name)) {
            throw new IllegalArgumentException(operation.operationId() + " takes no header " + name);
        }
        if (value != null) {
            headers.put(name, value);
        }
        return this;
    }

    public ApiRequest json(JsonNode body) {
        return json(body, "application/json");
    }

    public ApiRequest json(JsonNode body, String mediaType) {
        this.jsonBody = Optional.of(body);
        this.contentType = Optional.of(mediaType);
        return this;
    }

    /** The file's bytes as the body; {@code progress} hears the bytes sent so far. */
    public ApiRequest file(Path file, LongConsumer progress) {
        this.fileBody = Optional.of(file);
        this.contentType = Optional.of("application/octet-stream");
        this.progress = progress;
        this.timeout = Optional.empty();
        return this;
    }

    /** No time limit: the answer streams for as long as it takes (a followed log, a download). */
    public ApiRequest untimed() {
        this.timeout = Optional.empty();
        return this;
    }

    /** On 429 (a full queue, a rate limit), wait as the answer's Retry-After says and try again, for at most this long. */
    public ApiRequest retryWhenBusy(Duration patience) {
        this.busyPatience = patience;
        return this;
    }

    /** Not tried again when the control plane cannot be reached: for questions that are no reason to wait. */
    public ApiRequest once() {
        this.once = true;
        this.timeout = Optional.of(Duration.ofSeconds(5));
        return this;
    }

    /** Sends it and reads the JSON answer. */
    public ApiResponse send() {
        return client.send(this);
    }

    /** Sends it and returns the answer's JSON body. */
    public JsonNode call() {
        return send().body();
    }

    /** Sends it and hands the answer's body over as a stream; the caller closes it. */
    public StreamedResponse stream() {
        return client.stream(this);
    }

    Operation operation() {
        return operation;
    }

    String pathAndQuery() {
        return operation.path(pathParameters) + (query.isEmpty() ? "" : "?" + String.join("&", query));
    }

    Map<String, String> headers() {
        return headers;
    }

    Optional<JsonNode> jsonBody() {
        return jsonBody;
    }

    Optional<String> contentType() {
        return contentType;
    }

    Optional<Path> fileBody() {
        return fileBody;
    }

    LongConsumer progress() {
        return progress;
    }

    Optional<Duration> timeout() {
        return timeout;
    }

    Duration busyPatience() {
        return busyPatience;
    }

    /** Whether sending it twice cannot do the thing twice. */
    boolean retryable() {
        return !once && (operation.idempotent() || headers.containsKey("Idempotency-Key"));
    }
}
