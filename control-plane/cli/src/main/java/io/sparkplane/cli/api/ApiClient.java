package io.sparkplane.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.sparkplane.cli.config.Connection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The control plane's {@code /api/v1}: a bearer token on every call, JSON in and out, problems turned
 * into {@link ApiException}s. A call that cannot do its thing twice (a read, a delete, a submit with
 * an Idempotency-Key) is tried again when its connection is lost on the way or the control plane
 * answers 502, 503 or 504; nothing listening at all is said at once.
 *
 * <p>It speaks through {@link HttpURLConnection}, whose start costs a fraction of the JDK's newer
 * {@link HttpClient} (which sets up TLS even for {@code http://}): a CLI's cold start is mostly such
 * costs. The newer client is used only for PATCH, which the older one does not know.
 */
public final class ApiClient {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<Integer> TRANSIENT = Set.of(502, 503, 504);
    private static final int TRIES = 4;

    static {
        // HttpURLConnection sends a POST again by itself when a kept-alive connection turns out closed; a submit
        // without an Idempotency-Key must never be sent twice, so retries are this class's own decision
        System.setProperty("sun.net.http.retryPost", "false");
    }

    private final Connection connection;
    private final ObjectMapper mapper;
    private final String userAgent;
    private final Consumer<String> notices;
    private HttpClient patchClient;

    /**
     * @param version what the User-Agent says of the CLI
     * @param notices hears what a person should know while a call waits (a full queue)
     */
    public ApiClient(Connection connection, ObjectMapper mapper, String version, Consumer<String> notices) {
        this.connection = connection;
        this.mapper = mapper;
        this.userAgent = "sparkplane-cli/" + version;
        this.notices = notices;
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
        try (StreamedResponse response = exchange(request)) {
            byte[] body = response.body().readAllBytes();
            JsonNode json = body.length == 0 ? MissingNode.getInstance() : parse(request, body);
            return new ApiResponse(response.status(), json, response.headers());
        } catch (IOException e) {
            throw unreachable(request, e);
        }
    }

    StreamedResponse stream(ApiRequest request) {
        return exchange(request);
    }

    private StreamedResponse exchange(ApiRequest request) {
        long busyUntil = System.nanoTime() + request.busyPatience().toNanos();
        for (int attempt = 1; ; attempt++) {
            Answer answer;
            try {
                answer = request.operation().method().equals("PATCH") ? patch(request) : call(request);
            } catch (IOException e) {
                // nothing listening is said at once; a connection lost on the way, or none made in time, is tried again
                boolean lostOnTheWay = !(e instanceof ConnectException) && !(e instanceof SocketTimeoutException && !isConnectTimeout(e));
                if (request.retryable() && attempt < TRIES && lostOnTheWay) {
                    pause(backoff(attempt));
                    continue;
                }
                throw unreachable(request, e);
            }
            if (answer.status() >= 200 && answer.status() < 300) {
                return new StreamedResponse(answer.status(), answer.body(), answer.headers());
            }
            if (attempt > 1 && answer.status() == 404 && request.operation().method().equals("DELETE")) {
                // the first try did delete it; only its answer was lost
                readQuietly(answer.body());
                return new StreamedResponse(204, InputStream.nullInputStream(), Map.of());
            }
            byte[] errorBody = readQuietly(answer.body());
            Optional<Duration> retryAfter = first(answer.headers(), "retry-after").flatMap(ApiClient::seconds);
            if (request.retryable() && attempt < TRIES && TRANSIENT.contains(answer.status())) {
                pause(retryAfter.filter(wait -> wait.compareTo(Duration.ofSeconds(10)) <= 0).orElse(backoff(attempt)));
                continue;
            }
            if (answer.status() == 429 && System.nanoTime() < busyUntil) {
                Duration wait = retryAfter.orElse(Duration.ofSeconds(5));
                Optional<Problem> problem = Problem.of(parseQuietly(errorBody));
                notices.accept(problem.map(Problem::detail).filter(detail -> !detail.isEmpty()).orElse("the control plane is busy")
                        + "; trying again in " + wait.toSeconds() + " s");
                pause(wait);
                attempt = 0;
                continue;
            }
            throw failed(request, answer.status(), errorBody);
        }
    }

    /** An answer of any status; for one of 400 or more, its body is the problem. */
    private record Answer(int status, InputStream body, Map<String, List<String>> headers) {}

    private Answer call(ApiRequest request) throws IOException {
        HttpURLConnection http = (HttpURLConnection) URI.create(connection.host() + request.pathAndQuery()).toURL().openConnection();
        http.setRequestMethod(request.operation().method());
        http.setInstanceFollowRedirects(false);
        http.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        http.setReadTimeout(request.timeout().map(timeout -> (int) timeout.toMillis()).orElse(0));
        http.setRequestProperty("User-Agent", userAgent);
        http.setRequestProperty("Accept", "application/json, application/problem+json, text/plain, application/octet-stream");
        connection.token().ifPresent(token -> http.setRequestProperty("Authorization", "Bearer " + token));
        request.headers().forEach(http::setRequestProperty);
        request.contentType().ifPresent(type -> http.setRequestProperty("Content-Type", type));
        if (request.fileBody().isPresent()) {
            // streamed, so a large file never sits in memory; the server may answer before it has all of it (413)
            http.setDoOutput(true);
            http.setFixedLengthStreamingMode(Files.size(request.fileBody().get()));
            try (InputStream in = Files.newInputStream(request.fileBody().get()); OutputStream out = http.getOutputStream()) {
                byte[] buffer = new byte[1 << 16];
                long sent = 0;
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    sent += read;
                    request.progress().accept(sent);
                }
            } catch (IOException e) {
                Optional<Answer> early = earlyAnswer(http);
                if (early.isPresent()) {
                    return early.get();
                }
                throw e;
            }
        } else if (!request.operation().method().equals("GET") && !request.operation().method().equals("DELETE")) {
            // a JSON body (or none) is small: sent whole, not streamed, so that an answer of 401 keeps its problem body
            // (in streaming mode HttpURLConnection drops it); a POST is never sent again by the JDK (retryPost=false)
            byte[] body = request.jsonBody().isPresent() ? mapper.writeValueAsBytes(request.jsonBody().get()) : new byte[0];
            http.setDoOutput(true);
            try (OutputStream out = http.getOutputStream()) {
                out.write(body);
            }
        }
        int status;
        try {
            status = http.getResponseCode();
        } catch (java.net.HttpRetryException e) {
            // a streamed upload answered 401 (or a redirect): the status is known, its body is gone
            return new Answer(e.responseCode(), InputStream.nullInputStream(), Map.of());
        }
        InputStream body = status >= 400 ? http.getErrorStream() : http.getInputStream();
        return new Answer(status, body == null ? InputStream.nullInputStream() : body, headers(http.getHeaderFields()));
    }

    /** The server's answer to a body it stopped reading (a 413 past the size limit), if it sent one. */
    private static Optional<Answer> earlyAnswer(HttpURLConnection http) {
        try {
            int status = http.getResponseCode();
            if (status >= 400) {
                InputStream body = http.getErrorStream();
                return Optional.of(new Answer(status, body == null ? InputStream.nullInputStream() : body, headers(http.getHeaderFields())));
            }
        } catch (IOException | RuntimeException e) {
            // no answer to read: the connection is simply lost
        }
        return Optional.empty();
    }

    /** PATCH, which {@link HttpURLConnection} refuses, through the JDK's newer client. */
    private Answer patch(ApiRequest request) throws IOException {
        if (patchClient == null) {
            patchClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(connection.host() + request.pathAndQuery()))
                .header("User-Agent", userAgent).header("Accept", "application/json, application/problem+json");
        connection.token().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        request.headers().forEach(builder::header);
        request.contentType().ifPresent(type -> builder.header("Content-Type", type));
        request.timeout().ifPresent(builder::timeout);
        byte[] body = request.jsonBody().isPresent() ? mapper.writeValueAsBytes(request.jsonBody().get()) : new byte[0];
        try {
            HttpResponse<byte[]> response = patchClient.send(builder.method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), new ByteArrayInputStream(response.body()), headers(response.headers().map()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static Map<String, List<String>> headers(Map<String, List<String>> raw) {
        Map<String, List<String>> headers = new TreeMap<>();
        raw.forEach((name, values) -> {
            if (name != null) {
                headers.put(name.toLowerCase(Locale.ROOT), values);
            }
        });
        return headers;
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        return Optional.ofNullable(headers.get(name)).filter(values -> !values.isEmpty()).map(values -> values.get(0));
    }

    private static boolean isConnectTimeout(IOException e) {
        return e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("connect timed out");
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

    private static byte[] readQuietly(InputStream body) {
        try (InputStream in = body) {
            return in.readNBytes(1 << 20);
        } catch (IOException e) {
            return new byte[0];
        }
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
                : e instanceof SocketTimeoutException ? "no answer in time"
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
}
