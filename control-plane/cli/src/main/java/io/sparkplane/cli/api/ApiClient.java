package io.sparkplane.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.sparkplane.cli.config.Connection;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The control plane's {@code /api/v1} over the JDK's HTTP client: a bearer token on every call,
 * JSON in and out, problems turned into {@link ApiException}s. A call that cannot do its thing twice
 * (a read, a delete, a submit with an Idempotency-Key) is tried again when the control plane cannot
 * be reached or answers 502, 503 or 504, so a restart of the control plane does not fail a pipeline.
 */
public final class ApiClient {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Set<Integer> TRANSIENT = Set.of(502, 503, 504);
    private static final int TRIES = 4;

    private final Connection connection;
    private final HttpClient http;
    private final ObjectMapper mapper;
    private final String userAgent;
    private final Consumer<String> notices;

    /**
     * @param version what the User-Agent says of the CLI
     * @param notices hears what a person should know while a call waits (a retry, a full queue)
     */
    public ApiClient(Connection connection, ObjectMapper mapper, String version, Consumer<String> notices) {
        this.connection = connection;
        this.mapper = mapper;
        this.userAgent = "sparkplane-cli/" + version;
        this.notices = notices;
        // HTTP/1.1: the JDK client's h2c upgrade does not mix with streamed uploads and follows
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    public Connection connection() {
        return connection;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public ApiRequest request(Operation operation) {
        return new ApiRequest(this, operation);
    }

    ApiResponse send(ApiRequest request) {
        HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
        byte[] body = response.body();
        JsonNode json = body.length == 0 ? MissingNode.getInstance() : parse(request, body);
        return new ApiResponse(response.statusCode(), json, response.headers());
    }

    HttpResponse<InputStream> stream(ApiRequest request) {
        return exchange(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    private <T> HttpResponse<T> exchange(ApiRequest request, HttpResponse.BodyHandler<T> handler) {
        long busyUntil = System.nanoTime() + request.busyPatience().toNanos();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<T> response;
            try {
                response = http.send(build(request), handler);
            } catch (IOException e) {
                // nothing listening is said at once; a connection lost on the way, or no connection in time, is tried again
                boolean transientFailure = !(e instanceof ConnectException) && !(e instanceof HttpTimeoutException)
                        || e instanceof HttpConnectTimeoutException;
                if (request.retryable() && attempt < TRIES && transientFailure) {
                    pause(backoff(attempt));
                    continue;
                }
                throw unreachable(request, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(request.operation(), 0, Optional.empty(), "interrupted while calling " + connection.host(), e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response;
            }
            byte[] errorBody = errorBody(response);
            Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(ApiClient::seconds);
            if (request.retryable() && attempt < TRIES && TRANSIENT.contains(status)) {
                pause(retryAfter.filter(wait -> wait.compareTo(Duration.ofSeconds(10)) <= 0).orElse(backoff(attempt)));
                continue;
            }
            if (status == 429 && System.nanoTime() < busyUntil) {
                Duration wait = retryAfter.orElse(Duration.ofSeconds(5));
                Optional<Problem> problem = Problem.of(parseQuietly(errorBody));
                notices.accept(problem.map(Problem::detail).filter(detail -> !detail.isEmpty()).orElse("the control plane is busy")
                        + "; trying again in " + wait.toSeconds() + " s");
                pause(wait);
                attempt = 0;
                continue;
            }
            throw failed(request, status, errorBody);
        }
    }

    private HttpRequest build(ApiRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(connection.host() + request.pathAndQuery()))
                .header("User-Agent", userAgent)
                .header("Accept", "application/json, application/problem+json, text/plain, application/octet-stream");
        connection.token().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        request.headers().forEach(builder::header);
        request.timeout().ifPresent(builder::timeout);
        request.contentType().ifPresent(type -> builder.header("Content-Type", type));
        HttpRequest.BodyPublisher body;
        if (request.fileBody().isPresent()) {
            try {
                body = new CountingPublisher(HttpRequest.BodyPublishers.ofFile(request.fileBody().get()), request.progress());
            } catch (FileNotFoundException e) {
                throw new UncheckedIOException(e);
            }
        } else if (request.jsonBody().isPresent()) {
            try {
                body = HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(request.jsonBody().get()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            body = HttpRequest.BodyPublishers.noBody();
        }
        return builder.method(request.operation().method(), body).build();
    }

    private JsonNode parse(ApiRequest request, byte[] body) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            throw new ApiException(request.operation(), 0, Optional.empty(), connection.host() + " answered " + request.operation().operationId()
                    + " with something that is not JSON; is it a Sparkplane control plane?", e);
        }
    }

    private JsonNode parseQuietly(byte[] body) {
        try {
            return body.length == 0 ? MissingNode.getInstance() : mapper.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static byte[] errorBody(HttpResponse<?> response) {
        Object body = response.body();
        if (body instanceof byte[] bytes) {
            return bytes;
        }
        if (body instanceof InputStream stream) {
            try (InputStream in = stream) {
                return in.readNBytes(1 << 20);
            } catch (IOException e) {
                return new byte[0];
            }
        }
        return new byte[0];
    }

    private ApiException failed(ApiRequest request, int status, byte[] body) {
        Optional<Problem> problem = Problem.of(parseQuietly(body));
        String text = problem.map(p -> p.title() + (p.detail().isEmpty() ? "" : ": " + p.detail()))
                .orElse(new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip());
        return new ApiException(request.operation(), status, problem,
                request.operation().operationId() + " answered " + status + (text.isEmpty() ? "" : ": " + text), null);
    }

    private ApiException unreachable(ApiRequest request, IOException e) {
        String reason = e instanceof ConnectException ? "connection refused"
                : e instanceof HttpTimeoutException ? "no answer in time"
                : Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName());
        return new ApiException(request.operation(), 0, Optional.empty(), "cannot reach the control plane at " + connection.host() + ": " + reason, e);
    }

    private static Optional<Duration> seconds(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(1, Long.parseLong(value.strip()))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Duration backoff(int attempt) {
        return Duration.ofMillis(500L << (attempt - 1));
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The bytes a file body has sent so far, for an upload's progress. */
    private static final class CountingPublisher implements HttpRequest.BodyPublisher {

        private final HttpRequest.BodyPublisher delegate;
        private final LongConsumer progress;

        CountingPublisher(HttpRequest.BodyPublisher delegate, LongConsumer progress) {
            this.delegate = delegate;
            this.progress = progress;
        }

        @Override
        public long contentLength() {
            return delegate.contentLength();
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            delegate.subscribe(new Flow.Subscriber<>() {
                private long sent;

                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscriber.onSubscribe(subscription);
                }

                @Override
                public void onNext(ByteBuffer item) {
                    sent += item.remaining();
                    progress.accept(sent);
                    subscriber.onNext(item);
                }

                @Override
                public void onError(Throwable throwable) {
                    subscriber.onError(throwable);
                }

                @Override
                public void onComplete() {
                    subscriber.onComplete();
                }
            });
        }
    }
}
