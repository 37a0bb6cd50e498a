package io.sparkplane.backend.hdinsight;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.spi.settings.SecretReference;
import io.sparkplane.spi.settings.SettingException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A client of Apache Livy's batch REST API (Livy 0.7 and 0.8, as HDInsight serves it at {@code
 * https://<cluster>.azurehdinsight.net/livy}): list, read, submit and delete batches, read a batch's
 * log. No Java client of Livy's REST API exists, so it is the JDK's {@link HttpClient} and Jackson.
 *
 * <p>Every call carries the cluster's HTTP login (Basic auth; the password read from its reference
 * for each call, so a rotated one is picked up) and {@code X-Requested-By}, without which a Livy
 * with CSRF protection (HDInsight's) refuses a POST or DELETE. Reads are tried up to {@value
 * #TRIES} times when Livy or its gateway does not answer or answers 5xx; a submit or a delete is
 * tried once: a submit repeated blindly would make a second batch (Livy has no idempotency key), so
 * the caller looks for the batch by name instead.
 *
 * <p>Public beside the backend for the end-to-end test that runs it against Sparkplane's own Livy
 * batch API, a second server of the protocol.
 */
public final class LivyClient {

    static final String REQUESTED_BY = "X-Requested-By";
    /** Livy's default page of sessions, which the list walks. */
    static final int PAGE = 100;
    /** A log's lines read per call. */
    static final int LOG_PAGE = 1000;
    /** The most lines of one log read: Livy keeps only its last {@code livy.cache-log.size} lines (200 by default) anyway. */
    static final int MOST_LOG_LINES = 100_000;
    static final int TRIES = 3;
    private static final Set<Integer> RETRIED = Set.of(500, 502, 503, 504);
    private static final Duration[] BACKOFF = {Duration.ofMillis(250), Duration.ofSeconds(1)};
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final HttpClient http;
    private final URI base;
    private final String username;
    private final SecretReference password;
    private final Duration timeout;
    private final int pageSize;

    /**
     * @param base Livy's endpoint ({@code https://<cluster>.azurehdinsight.net/livy}), without a trailing slash
     * @param timeout how long one call may take
     */
    public LivyClient(HttpClient http, URI base, String username, SecretReference password, Duration timeout) {
        this(http, base, username, password, timeout, PAGE);
    }

    /** A client listing {@code pageSize} batches a call (the tests' way to see paging with a few). */
    LivyClient(HttpClient http, URI base, String username, SecretReference password, Duration timeout, int pageSize) {
        this.http = requireNonNull(http, "http is null");
        this.base = requireNonNull(base, "base is null");
        this.username = requireNonNull(username, "username is null");
        this.password = requireNonNull(password, "password is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        if (pageSize < 1) {
            throw new IllegalArgumentException("a page holds at least one batch");
        }
        this.pageSize = pageSize;
    }

    URI base() {
        return base;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Page(Integer from, Integer total, List<LivyBatch> sessions) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Log(Integer from, Integer total, List<String> log) {}

    /** Every batch Livy holds ({@code GET /batches}, page by page). */
    public List<LivyBatch> batches() {
        List<LivyBatch> all = new ArrayList<>();
        int from = 0;
        while (true) {
            Page page = read(get("/batches?from=" + from + "&size=" + pageSize), Page.class, "cannot list the batches");
            List<LivyBatch> sessions = page.sessions() == null ? List.of() : page.sessions();
            all.addAll(sessions);
            from += sessions.size();
            int total = page.total() == null ? 0 : page.total();
            if (sessions.isEmpty() || from >= total) {
                return all;
            }
        }
    }

    /** One page of one batch: whether Livy answers this login at all. */
    void probe() {
        read(get("/batches?from=0&size=1"), Page.class, "cannot list the batches");
    }

    /** {@code GET /batches/{id}}; empty when Livy does not know it (deleted, or forgotten after its retention). */
    public Optional<LivyBatch> batch(int id) {
        try {
            return Optional.of(read(get("/batches/" + id), LivyBatch.class, "cannot read batch " + id));
        } catch (LivyException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** {@code POST /batches}, once. */
    public LivyBatch submit(LivyBatchRequest request) {
        HttpRequest post = request("/batches").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toJson(), StandardCharsets.UTF_8)).build();
        String what = "Livy at " + base + " did not take batch " + request.name();
        HttpResponse<String> response = send(post, what);
        if (response.statusCode() / 100 != 2) {
            throw failure(what, response);
        }
        return parse(response.body(), LivyBatch.class, what);
    }

    /** {@code DELETE /batches/{id}}, once: kills the batch and forgets it and its log; false when Livy did not know it. */
    public boolean delete(int id) {
        String what = "Livy at " + base + " did not delete batch " + id;
        HttpResponse<String> response = send(request("/batches/" + id).DELETE().build(), what);
        if (response.statusCode() == 404) {
            return false;
        }
        if (response.statusCode() / 100 != 2) {
            throw failure(what, response);
        }
        return true;
    }

    /**
     * The batch's log as Livy keeps it ({@code GET /batches/{id}/log}, page by page from the first
     * line): {@code stdout: }, the driver's output, then {@code \nstderr: } and its error output,
     * as Livy labels them. Empty when Livy does not know the batch.
     */
    public Optional<List<String>> log(int id) {
        List<String> lines = new ArrayList<>();
        int from = 0;
        while (lines.size() < MOST_LOG_LINES) {
            Log page;
            try {
                page = read(get("/batches/" + id + "/log?from=" + from + "&size=" + LOG_PAGE), Log.class, "cannot read the log of batch " + id);
            } catch (LivyException e) {
                if (e.status() == 404) {
                    return lines.isEmpty() ? Optional.empty() : Optional.of(lines);
                }
                throw e;
            }
            List<String> got = page.log() == null ? List.of() : page.log();
            lines.addAll(got);
            from += got.size();
            int total = page.total() == null ? 0 : page.total();
            if (got.isEmpty() || from >= total) {
                break;
            }
        }
        return Optional.of(lines.size() > MOST_LOG_LINES ? lines.subList(0, MOST_LOG_LINES) : lines);
    }

    private HttpRequest get(String path) {
        return request(path).header("Accept", "application/json").GET().build();
    }

    private HttpRequest.Builder request(String path) {
        String secret;
        try {
            secret = password.resolve();
        } catch (SettingException e) {
            // its reference is named, never the password: asked again on the next call, when the file or variable may be back
            throw new LivyException("Livy at " + base + " was not called", 0, "the login password cannot be read: " + e.getMessage(), e);
        }
        String credentials = username + ":" + secret;
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header(REQUESTED_BY, "sparkplane");
    }

    /** A read, tried again on no answer or a 5xx; the answer parsed. */
    private <T> T read(HttpRequest request, Class<T> type, String what) {
        String said = "Livy at " + base + " " + what;
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= TRIES;
            HttpResponse<String> response;
            try {
                response = send(request, said);
            } catch (LivyException e) {
                if (last) {
                    throw e;
                }
                pause(attempt);
                continue;
            }
            if (response.statusCode() / 100 == 2) {
                return parse(response.body(), type, said);
            }
            if (last || !RETRIED.contains(response.statusCode())) {
                throw failure(said, response);
            }
            pause(attempt);
        }
    }

    private HttpResponse<String> send(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LivyException(what, 0, "no answer (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LivyException(what, 0, "interrupted", e);
        }
    }

    private static <T> T parse(String body, Class<T> type, String what) {
        try {
            return JSON.readValue(body, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new LivyException(what, 0, "an answer that is not Livy's JSON (" + shorten(body) + ")", e);
        }
    }

    private static LivyException failure(String what, HttpResponse<String> response) {
        return new LivyException(what, response.statusCode(), message(response.statusCode(), response.body()), null);
    }

    /** Livy's own words: its JSON's {@code msg}, else the body as text (a gateway's page), else the status's meaning. */
    static String message(int status, String body) {
        String text = body == null ? "" : body.strip();
        if (text.startsWith("{")) {
            try {
                JsonNode json = JSON.readTree(text);
                JsonNode msg = json.get("msg");
                if (msg != null && msg.isTextual() && !msg.asText().isBlank()) {
                    return shorten(msg.asText());
                }
            } catch (JsonProcessingException e) {
                // not JSON after all: shown as text
            }
        }
        if (!text.isEmpty()) {
            return shorten(text.replaceAll("<[^>]*>", " "));
        }
        return switch (status) {
            case 401 -> "the login is refused";
            case 403 -> "forbidden";
            case 404 -> "not found";
            default -> "no message";
        };
    }

    private static String shorten(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 500 ? flat : flat.substring(0, 500) + "...";
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(BACKOFF[Math.min(attempt - 1, BACKOFF.length - 1)].toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LivyException("interrupted", 0, "while waiting to ask Livy again", e);
        }
    }
}
