package io.sparkplane.launcher;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.listener.BacklogJson;
import io.sparkplane.listener.BacklogReport;
import io.sparkplane.spi.engine.AttemptOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The control plane's internal engine API as the launcher calls it:
 * {@code <controlPlaneUrl>/internal/v1/runs/{runId}/attempts/{attempt}/{state|heartbeat|log}} with the
 * attempt's bearer token. Never throws for HTTP or connection trouble: it answers what to do next.
 */
public final class EngineApiClient {

    /** What the control plane said, as far as the caller's next step goes. */
    public enum Answer {
        /** 2xx: done. */
        ACCEPTED,
        /** 409: the attempt is no longer current (for the log: resend from {@link LogAnswer#nextOffset}). */
        CONFLICT,
        /** 401 or 403: the token is not accepted; stop. */
        UNAUTHORIZED,
        /** Connection error, timeout, 5xx or another answer: try again later. */
        RETRY,
    }

    /** The answer to a log upload. {@code nextOffset} is -1 when the server did not say. */
    public record LogAnswer(Answer answer, long nextOffset, String detail) {}

    /** The answer to a state report or heartbeat, with a detail for the log. */
    public record StateAnswer(Answer answer, String detail) {}

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    /** How long the control plane may take to answer a transfer (its headers; the body of a large one is not bounded by it). */
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(30);

    private final HttpClient httpClient;
    private final String attemptUrl;
    private final String token;
    /** The dispatch span's W3C traceparent, sent with state reports only (heartbeats and log bytes would flood the trace); empty: none. */
    private final String traceParent;

    public EngineApiClient(HttpClient httpClient, String controlPlaneUrl, String runId, int attempt, String token) {
        this(httpClient, controlPlaneUrl, runId, attempt, token, "");
    }

    public EngineApiClient(HttpClient httpClient, String controlPlaneUrl, String runId, int attempt, String token, String traceParent) {
        this.httpClient = requireNonNull(httpClient, "httpClient is null");
        String base = requireNonNull(controlPlaneUrl, "controlPlaneUrl is null").replaceAll("/+$", "");
        this.attemptUrl = base + "/internal/v1/runs/" + URLEncoder.encode(runId, StandardCharsets.UTF_8).replace("+", "%20")
                + "/attempts/" + attempt;
        this.token = requireNonNull(token, "token is null");
        this.traceParent = requireNonNull(traceParent, "traceParent is null");
    }

    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public StateAnswer reportRunning() {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("state", "RUNNING");
        return postState(body);
    }

    /** {@code SUCCEEDED} or {@code FAILED} with failure, message and exit code (absent when spark-submit never ran). */
    public StateAnswer reportFinal(AttemptOutcome outcome) {
        return postState(finalStateBody(outcome));
    }

    static ObjectNode finalStateBody(AttemptOutcome outcome) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("state", outcome.succeeded() ? "SUCCEEDED" : "FAILED");
        if (!outcome.succeeded()) {
            body.put("failure", outcome.failure().name());
        }
        body.put("message", outcome.message());
        if (outcome.exitCode() != null) {
            body.put("exitCode", outcome.exitCode());
        }
        return body;
    }

    /** A heartbeat: {@code {}}, or {@code {"backlog": {...}}} with the driver's scheduler state. */
    public StateAnswer heartbeat(Optional<BacklogReport> backlog) {
        return post("/heartbeat", heartbeatBody(backlog));
    }

    static ObjectNode heartbeatBody(Optional<BacklogReport> backlog) {
        ObjectNode body = MAPPER.createObjectNode();
        if (backlog.isPresent()) {
            try {
                body.set("backlog", MAPPER.readTree(BacklogJson.encode(backlog.get())));
            } catch (IOException e) {
                throw new IllegalStateException("cannot encode a backlog report", e);
            }
        }
        return body;
    }

    /** Sends {@code length} bytes of the driver log that start at byte {@code offset}. */
    public LogAnswer putLog(long offset, byte[] bytes, int length) {
        HttpRequest request = authorized("/log?offset=" + offset)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes, 0, length))
                .build();
        try {
            HttpResponse<String> response = httpClient.send(request, HttpResponse.BodyHandlers.ofString());
            Answer answer = answer(response.statusCode());
            long nextOffset = -1;
            if (answer == Answer.ACCEPTED || answer == Answer.CONFLICT) {
                nextOffset = nextOffset(response.body());
                if (nextOffset < 0) {
                    return new LogAnswer(Answer.RETRY, -1, "HTTP " + response.statusCode() + " without nextOffset");
                }
            }
            return new LogAnswer(answer, nextOffset, "HTTP " + response.statusCode());
        } catch (IOException e) {
            return new LogAnswer(Answer.RETRY, -1, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new LogAnswer(Answer.RETRY, -1, "interrupted");
        }
    }

    /** How a transfer ended: done, worth trying again (I/O errors, 5xx but 502), or refused for good. */
    public enum Transfer { DONE, RETRY, FAILED }

    /** @param detail the control plane's problem detail (naming the URI) or the I/O error */
    public record TransferAnswer(Transfer result, long bytes, String detail) {}

    /**
     * Downloads one of the run's inputs ({@code reference} as the run names it) into {@code target},
     * replaced. Transient failures (I/O, 5xx other than 502) answer RETRY; a refusal or a failure of the
     * store behind the control plane answers with the control plane's detail.
     */
    public TransferAnswer fetchInput(String reference, Path target) {
        HttpRequest request = authorized("/inputs?ref=" + URLEncoder.encode(reference, StandardCharsets.UTF_8))
                .timeout(TRANSFER_TIMEOUT)
                .GET()
                .build();
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try {
            HttpResponse<InputStream> response = httpClient.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    return refused(response.statusCode(), problemDetail(new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8)));
                }
                Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new TransferAnswer(Transfer.DONE, Files.size(target), "HTTP 200");
        } catch (IOException e) {
            return new TransferAnswer(Transfer.RETRY, 0, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TransferAnswer(Transfer.RETRY, 0, "interrupted");
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // left in the work directory, which goes with the cluster
            }
        }
    }

    /** Uploads {@code file} to the attempt's staging prefix as {@code stagedPath} (driver.log, eventlog/..., outputs/...). */
    public TransferAnswer upload(String stagedPath, Path file) {
        StringBuilder encoded = new StringBuilder();
        for (String segment : stagedPath.split("/", -1)) {
            encoded.append(encoded.length() == 0 ? "" : "/").append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        try {
            HttpRequest request = authorized("/staging/" + encoded)
                    .timeout(TRANSFER_TIMEOUT)
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(file))
                    .build();
            long size = Files.size(file);
            HttpResponse<String> response = httpClient.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return new TransferAnswer(Transfer.DONE, size, "HTTP 200");
            }
            return refused(response.statusCode(), problemDetail(response.body()));
        } catch (IOException e) {
            return new TransferAnswer(Transfer.RETRY, 0, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TransferAnswer(Transfer.RETRY, 0, "interrupted");
        }
    }

    private static TransferAnswer refused(int status, String detail) {
        Transfer result = status >= 500 && status != 502 ? Transfer.RETRY : Transfer.FAILED;
        return new TransferAnswer(result, 0, "HTTP " + status + (detail == null || detail.isBlank() ? "" : ": " + detail));
    }

    private static String problemDetail(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : MAPPER.readTree(body);
            JsonNode detail = node == null ? null : node.get("detail");
            return detail != null && detail.isTextual() ? detail.textValue() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private StateAnswer postState(ObjectNode body) {
        HttpRequest.Builder request = authorized("/state");
        if (!traceParent.isEmpty()) {
            request.header("traceparent", traceParent);
        }
        return post(request, body);
    }

    private StateAnswer post(String path, ObjectNode body) {
        return post(authorized(path), body);
    }

    private StateAnswer post(HttpRequest.Builder builder, ObjectNode body) {
        HttpRequest request;
        try {
            request = builder
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body)))
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a request body", e);
        }
        try {
            HttpResponse<Void> response = httpClient.send(request, HttpResponse.BodyHandlers.discarding());
            return new StateAnswer(answer(response.statusCode()), "HTTP " + response.statusCode());
        } catch (IOException e) {
            return new StateAnswer(Answer.RETRY, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StateAnswer(Answer.RETRY, "interrupted");
        }
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(URI.create(attemptUrl + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token);
    }

    private static Answer answer(int status) {
        if (status >= 200 && status < 300) {
            return Answer.ACCEPTED;
        }
        if (status == 409) {
            return Answer.CONFLICT;
        }
        if (status == 401 || status == 403) {
            return Answer.UNAUTHORIZED;
        }
        return Answer.RETRY;
    }

    private static long nextOffset(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            JsonNode nextOffset = node == null ? null : node.get("nextOffset");
            return nextOffset != null && nextOffset.canConvertToLong() && nextOffset.longValue() >= 0 ? nextOffset.longValue() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
