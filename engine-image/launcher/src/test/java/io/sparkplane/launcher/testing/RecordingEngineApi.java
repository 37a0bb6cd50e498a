package io.sparkplane.launcher.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recording fake of the control plane's internal engine API
 * ({@code /internal/v1/runs/{runId}/attempts/{attempt}/state|heartbeat|log}) on a JDK
 * {@link HttpServer} at 127.0.0.1 and a free port. It is not the control plane: it checks the bearer
 * token, records state reports, heartbeats (and their bodies) and driver-log bytes (with the real offset semantics:
 * 409 with {@code nextOffset} when a chunk starts beyond what it has, overlap ignored), and can
 * be told to fail requests (503) or to say an attempt is no longer current (409).
 */
public final class RecordingEngineApi implements AutoCloseable {

    /** One state report as received. */
    public record StateReport(String state, String failure, String message, Integer exitCode, String json) {}

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile("^/internal/v1/runs/([^/]+)/attempts/(\\d+)/(state|heartbeat|log)$");
    private static final int MAX_LOG_CHUNK = 256 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, List<StateReport>> states = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> heartbeats = new ConcurrentHashMap<>();
    private final Map<String, List<String>> heartbeatBodies = new ConcurrentHashMap<>();
    private final Map<String, ByteArrayOutputStream> logs = new ConcurrentHashMap<>();
    private final Set<String> notCurrent = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failuresToServe = new AtomicInteger();
    private final AtomicInteger failedRequests = new AtomicInteger();
    private final AtomicInteger logRequests = new AtomicInteger();
    private final AtomicInteger unauthorizedRequests = new AtomicInteger();

    private RecordingEngineApi(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static RecordingEngineApi start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "recording-engine-api");
            thread.setDaemon(true);
            return thread;
        });
        RecordingEngineApi api = new RecordingEngineApi(server, executor);
        server.createContext("/", api::handle);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    /** The control plane URL to put in a launch spec. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Accepts requests for this attempt with this token (others get 401). */
    public void expect(String runId, int attempt, String token) {
        tokens.put(key(runId, attempt), token);
    }

    /** The next {@code count} requests, of any kind, are answered 503. */
    public void failNextRequests(int count) {
        failuresToServe.set(count);
    }

    /** From now on, state reports and heartbeats of the attempt are answered 409. */
    public void markNotCurrent(String runId, int attempt) {
        notCurrent.add(key(runId, attempt));
    }

    public List<StateReport> states(String runId, int attempt) {
        synchronized (states) {
            return List.copyOf(states.getOrDefault(key(runId, attempt), List.of()));
        }
    }

    public int heartbeats(String runId, int attempt) {
        return heartbeats.getOrDefault(key(runId, attempt), new AtomicInteger()).get();
    }

    /** The JSON bodies of the attempt's accepted heartbeats, oldest first. */
    public List<String> heartbeatBodies(String runId, int attempt) {
        synchronized (heartbeatBodies) {
            return List.copyOf(heartbeatBodies.getOrDefault(key(runId, attempt), List.of()));
        }
    }

    public byte[] log(String runId, int attempt) {
        ByteArrayOutputStream log = logs.get(key(runId, attempt));
        if (log == null) {
            return new byte[0];
        }
        synchronized (log) {
            return log.toByteArray();
        }
    }

    public String logText(String runId, int attempt) {
        return new String(log(runId, attempt), StandardCharsets.UTF_8);
    }

    public int failedRequests() {
        return failedRequests.get();
    }

    public int logRequests() {
        return logRequests.get();
    }

    public int unauthorizedRequests() {
        return unauthorizedRequests.get();
    }

    /** Waits for a SUCCEEDED or FAILED report of the attempt. */
    public Optional<StateReport> awaitFinalState(String runId, int attempt, Duration timeout) throws InterruptedException {
        return awaitState(runId, attempt, report -> !report.state().equals("RUNNING"), timeout);
    }

    public Optional<StateReport> awaitState(String runId, int attempt, Predicate<StateReport> matching, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<StateReport> found = states(runId, attempt).stream().filter(matching).findFirst();
            if (found.isPresent() || System.nanoTime() > deadline) {
                return found;
            }
            Thread.sleep(100);
        }
    }

    public boolean awaitLogContaining(String runId, int attempt, String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (logText(runId, attempt).contains(text)) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readAll(exchange.getRequestBody());
            Matcher matcher = PATH.matcher(exchange.getRequestURI().getRawPath());
            if (!matcher.matches()) {
                respond(exchange, 404, null);
                return;
            }
            String key = key(matcher.group(1), Integer.parseInt(matcher.group(2)));
            String expectedToken = tokens.get(key);
            if (expectedToken == null || !("Bearer " + expectedToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                unauthorizedRequests.incrementAndGet();
                respond(exchange, 401, null);
                return;
            }
            if (failuresToServe.getAndUpdate(remaining -> Math.max(0, remaining - 1)) > 0) {
                failedRequests.incrementAndGet();
                respond(exchange, 503, null);
                return;
            }
            switch (matcher.group(3)) {
                case "state" -> state(exchange, key, body);
                case "heartbeat" -> heartbeat(exchange, key, body);
                case "log" -> log(exchange, key, body);
                default -> respond(exchange, 404, null);
            }
        }
    }

    private void state(HttpExchange exchange, String key, byte[] body) throws IOException {
        if (!exchange.getRequestMethod().equals("POST") || !isJson(exchange)) {
            respond(exchange, 400, null);
            return;
        }
        if (notCurrent.contains(key)) {
            respond(exchange, 409, null);
            return;
        }
        JsonNode json = MAPPER.readTree(body);
        StateReport report = new StateReport(
                json.path("state").asText(null),
                json.path("failure").isTextual() ? json.get("failure").asText() : null,
                json.path("message").isTextual() ? json.get("message").asText() : null,
                json.path("exitCode").isInt() ? json.get("exitCode").intValue() : null,
                new String(body, StandardCharsets.UTF_8));
        synchronized (states) {
            states.computeIfAbsent(key, ignored -> new ArrayList<>()).add(report);
        }
        respond(exchange, 204, null);
    }

    private void heartbeat(HttpExchange exchange, String key, byte[] body) throws IOException {
        if (!exchange.getRequestMethod().equals("POST") || !isJson(exchange)) {
            respond(exchange, 400, null);
            return;
        }
        if (notCurrent.contains(key)) {
            respond(exchange, 409, null);
            return;
        }
        synchronized (heartbeatBodies) {
            heartbeatBodies.computeIfAbsent(key, ignored -> new ArrayList<>()).add(new String(body, StandardCharsets.UTF_8));
        }
        heartbeats.computeIfAbsent(key, ignored -> new AtomicInteger()).incrementAndGet();
        respond(exchange, 204, null);
    }

    private void log(HttpExchange exchange, String key, byte[] body) throws IOException {
        logRequests.incrementAndGet();
        String query = exchange.getRequestURI().getRawQuery();
        if (!exchange.getRequestMethod().equals("PUT") || query == null || !query.startsWith("offset=")
                || !"application/octet-stream".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
            respond(exchange, 400, null);
            return;
        }
        if (body.length > MAX_LOG_CHUNK) {
            respond(exchange, 413, null);
            return;
        }
        long offset = Long.parseLong(query.substring("offset=".length()));
        ByteArrayOutputStream log = logs.computeIfAbsent(key, ignored -> new ByteArrayOutputStream());
        synchronized (log) {
            long have = log.size();
            if (offset > have) {
                respond(exchange, 409, "{\"nextOffset\":" + have + "}");
                return;
            }
            int overlap = (int) (have - offset);
            if (overlap < body.length) {
                log.write(body, overlap, body.length - overlap);
            }
            respond(exchange, 200, "{\"nextOffset\":" + log.size() + "}");
        }
    }

    private static boolean isJson(HttpExchange exchange) {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        return contentType != null && contentType.startsWith("application/json");
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        if (json == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static String key(String runId, int attempt) {
        return runId + "/" + attempt;
    }
}
