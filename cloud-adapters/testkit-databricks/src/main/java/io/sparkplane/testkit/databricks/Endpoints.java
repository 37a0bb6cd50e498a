package io.sparkplane.testkit.databricks;

import static io.sparkplane.testkit.databricks.RunJson.JSON;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.sparkplane.testkit.localspark.FakeLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The fake's HTTP front: routes each request to the workspace state and answers in Databricks' JSON
 * shapes. Every call is counted and may meet a scripted fault first ({@link CallsAndFaults}); every
 * API call must carry a bearer token the workspace takes ({@link Credentials}), else it is answered
 * 401 with Databricks' error body. The discovery documents and the OAuth token endpoint take no
 * bearer token, as on Databricks.
 */
final class Endpoints implements HttpHandler {

    static final String HOST_METADATA = "/.well-known/databricks-config";
    static final String OIDC_DISCOVERY = "/oidc/.well-known/oauth-authorization-server";
    static final String TOKEN = "/oidc/v1/token";
    static final String ME = "/api/2.0/preview/scim/v2/Me";
    static final String SPARK_VERSIONS = "/api/2.1/clusters/spark-versions";
    static final String CLUSTERS_GET = "/api/2.1/clusters/get";
    static final String CLUSTERS_RESIZE = "/api/2.1/clusters/resize";
    static final String RUNS_SUBMIT = "/api/2.2/jobs/runs/submit";
    static final String RUNS_GET = "/api/2.2/jobs/runs/get";
    static final String RUNS_GET_OUTPUT = "/api/2.2/jobs/runs/get-output";
    static final String RUNS_CANCEL = "/api/2.2/jobs/runs/cancel";
    static final String RUNS_LIST = "/api/2.2/jobs/runs/list";
    /** Databricks serves the Jobs API in 2.1 too, with the same shapes for what the fake does; answered as 2.2. */
    private static final Pattern JOBS_2_1 = Pattern.compile("^/api/2\\.1/jobs/");
    /** runs/list takes at most 25 runs a page (Jobs API 2.2), 20 when it is not told. */
    static final int MOST_RUNS_PER_PAGE = 25;
    private static final int DEFAULT_RUNS_PER_PAGE = 20;

    private final WorkspaceState state;
    private final Credentials credentials;
    private final CallsAndFaults callsAndFaults;
    private final FakeLog log;
    private final Supplier<String> host;
    private final String workspaceId;
    private final String userName;

    Endpoints(WorkspaceState state, Credentials credentials, CallsAndFaults callsAndFaults, FakeLog log, Supplier<String> host, String workspaceId,
            String userName) {
        this.state = requireNonNull(state, "state is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.callsAndFaults = requireNonNull(callsAndFaults, "callsAndFaults is null");
        this.log = requireNonNull(log, "log is null");
        this.host = requireNonNull(host, "host is null");
        this.workspaceId = requireNonNull(workspaceId, "workspaceId is null");
        this.userName = requireNonNull(userName, "userName is null");
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = JOBS_2_1.matcher(exchange.getRequestURI().getPath()).replaceFirst("/api/2.2/jobs/");
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Optional<CallsAndFaults.Fault> fault = callsAndFaults.arrive(method, path);
            try {
                if (fault.isPresent() && !fault.get().afterDoing()) {
                    throw fault.get().error();
                }
                JsonNode answer = route(exchange, method, path, query(exchange.getRequestURI().getRawQuery()), body);
                if (fault.isPresent()) {
                    throw fault.get().error();
                }
                send(exchange, 200, answer);
            } catch (ApiError e) {
                ObjectNode error = JSON.createObjectNode();
                error.put("error_code", e.errorCode);
                error.put("message", e.getMessage());
                e.retryAfter.ifPresent(wait -> exchange.getResponseHeaders().set("Retry-After", Long.toString(wait.toSeconds())));
                send(exchange, e.status, error);
            } catch (OAuthError e) {
                ObjectNode error = JSON.createObjectNode();
                error.put("error", e.error);
                error.put("error_description", e.getMessage());
                send(exchange, 401, error);
            } catch (RuntimeException e) {
                log.log(method + " " + path + ": the fake failed: " + e);
                ObjectNode error = JSON.createObjectNode();
                error.put("error_code", "INTERNAL_ERROR");
                error.put("message", "FakeDatabricksServer failed: " + e);
                send(exchange, 500, error);
            }
        }
    }

    private JsonNode route(HttpExchange exchange, String method, String path, Map<String, String> query, byte[] body) {
        String call = method + " " + path;
        // the discovery documents and the token endpoint are read before a client has a token
        switch (call) {
            case "GET " + HOST_METADATA:
                return hostMetadata();
            case "GET " + OIDC_DISCOVERY:
                return oidcDiscovery();
            case "POST " + TOKEN:
                return token(exchange, body);
            default:
                break;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (!credentials.authorized(authorization)) {
            throw new ApiError(401, "UNAUTHENTICATED", authorization == null
                    ? "Credential was not sent or was of an unsupported type for this API."
                    : "Invalid access token.");
        }
        return switch (call) {
            case "GET " + ME -> me();
            case "GET " + SPARK_VERSIONS -> sparkVersions();
            case "GET " + CLUSTERS_GET -> locked(() -> RunJson.cluster(state.cluster(required(query, "cluster_id"))));
            case "POST " + CLUSTERS_RESIZE -> resize(json(body));
            case "POST " + RUNS_SUBMIT -> submit(json(body));
            case "GET " + RUNS_GET -> locked(() -> RunJson.run(state.run(id(query, "run_id")), host.get(), workspaceId, true));
            case "GET " + RUNS_GET_OUTPUT -> locked(() -> RunJson.output(state.outputOf(id(query, "run_id")), host.get(), workspaceId));
            case "POST " + RUNS_CANCEL -> cancel(json(body));
            case "GET " + RUNS_LIST -> list(query);
            default -> throw new ApiError(404, "ENDPOINT_NOT_FOUND", "No API found for '" + call + "'");
        };
    }

    /** Rendered under the state's lock: a local run's end may move the run meanwhile. */
    private JsonNode locked(Supplier<JsonNode> answer) {
        synchronized (state) {
            return answer.get();
        }
    }

    private JsonNode hostMetadata() {
        ObjectNode json = JSON.createObjectNode();
        json.put("oidc_endpoint", host.get() + "/oidc");
        json.put("workspace_id", workspaceId);
        return json;
    }

    private JsonNode oidcDiscovery() {
        ObjectNode json = JSON.createObjectNode();
        json.put("issuer", host.get() + "/oidc");
        json.put("authorization_endpoint", host.get() + "/oidc/v1/authorize");
        json.put("token_endpoint", host.get() + TOKEN);
        json.putArray("grant_types_supported").add("client_credentials").add("authorization_code").add("refresh_token");
        return json;
    }

    /** The client credentials grant: an access token for a service principal's client id and secret. */
    private JsonNode token(HttpExchange exchange, byte[] body) {
        Map<String, String> form = query(new String(body, StandardCharsets.UTF_8));
        if (!"client_credentials".equals(form.get("grant_type"))) {
            throw new OAuthError("unsupported_grant_type", "FakeDatabricksServer grants client_credentials only");
        }
        String token = credentials.issue(exchange.getRequestHeaders().getFirst("Authorization"), form)
                .orElseThrow(() -> new OAuthError("invalid_client", "Client authentication failed"));
        ObjectNode json = JSON.createObjectNode();
        json.put("access_token", token);
        json.put("token_type", "Bearer");
        json.put("expires_in", Credentials.ACCESS_TOKEN_LIFETIME.toSeconds());
        json.put("scope", form.getOrDefault("scope", "all-apis"));
        log.log("token: issued an access token");
        return json;
    }

    private JsonNode me() {
        ObjectNode json = JSON.createObjectNode();
        json.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        json.put("id", "4242424242424242");
        json.put("userName", userName);
        json.put("displayName", userName);
        json.put("active", true);
        return json;
    }

    private JsonNode sparkVersions() {
        ObjectNode json = JSON.createObjectNode();
        ArrayNode versions = json.putArray("versions");
        synchronized (state) {
            state.sparkVersions.forEach((key, name) -> versions.addObject().put("key", key).put("name", name));
        }
        return json;
    }

    private JsonNode submit(JsonNode request) {
        JsonNode tasks = request.path("tasks");
        if (tasks.isArray() && !tasks.isEmpty()) {
            String version = tasks.get(0).path("new_cluster").path("spark_version").asText("");
            if (!version.isBlank() && !state.knowsSparkVersion(version)) {
                throw ApiError.invalidParameter("Invalid spark version " + version + ".");
            }
        }
        long runId = state.submit(request, userName);
        ObjectNode json = JSON.createObjectNode();
        json.put("run_id", runId);
        return json;
    }

    private JsonNode cancel(JsonNode request) {
        if (!request.path("run_id").canConvertToLong()) {
            throw ApiError.invalidParameter("run_id is required");
        }
        state.cancel(request.get("run_id").asLong());
        return JSON.createObjectNode();
    }

    private JsonNode resize(JsonNode request) {
        String clusterId = request.path("cluster_id").asText("");
        if (clusterId.isBlank()) {
            throw ApiError.invalidParameter("cluster_id is required");
        }
        JsonNode autoscale = request.get("autoscale");
        if (request.has("num_workers") == (autoscale != null)) {
            throw ApiError.invalidParameter("clusters/resize takes num_workers or autoscale");
        }
        if (request.has("num_workers")) {
            state.resize(clusterId, request.get("num_workers").asInt(-1), null, null);
        } else {
            state.resize(clusterId, null, autoscale.path("min_workers").asInt(-1), autoscale.path("max_workers").asInt(-1));
        }
        return JSON.createObjectNode();
    }

    /** A page of runs: {@code page_token} is where the page starts, opaque to the client, as Databricks' tokens are. */
    private JsonNode list(Map<String, String> query) {
        int limit = DEFAULT_RUNS_PER_PAGE;
        if (query.containsKey("limit")) {
            try {
                limit = Integer.parseInt(query.get("limit"));
            } catch (NumberFormatException e) {
                throw ApiError.invalidParameter("limit must be a number");
            }
            if (limit < 1 || limit > MOST_RUNS_PER_PAGE) {
                throw ApiError.invalidParameter("limit must be between 1 and " + MOST_RUNS_PER_PAGE);
            }
        }
        int offset = query.containsKey("page_token") ? pageOffset(query.get("page_token")) : 0;
        boolean expand = "true".equals(query.get("expand_tasks"));
        ObjectNode json = JSON.createObjectNode();
        synchronized (state) {
            List<FakeRun> runs = state.list("true".equals(query.get("active_only")), "true".equals(query.get("completed_only")),
                    query.get("run_type"));
            ArrayNode page = json.putArray("runs");
            for (FakeRun run : runs.subList(Math.min(offset, runs.size()), Math.min(offset + limit, runs.size()))) {
                page.add(RunJson.run(run, host.get(), workspaceId, expand));
            }
            boolean more = offset + limit < runs.size();
            json.put("has_more", more);
            if (more) {
                json.put("next_page_token", pageToken(offset + limit));
            }
            if (offset > 0) {
                json.put("prev_page_token", pageToken(Math.max(0, offset - limit)));
            }
        }
        return json;
    }

    private static String pageToken(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("runs:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int pageOffset(String token) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith("runs:")) {
                return Integer.parseInt(decoded.substring("runs:".length()));
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ApiError.invalidParameter("page_token is not a token this API gave");
    }

    private static JsonNode json(byte[] body) {
        if (body.length == 0) {
            throw new ApiError(400, "MALFORMED_REQUEST", "the request has no JSON body");
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new ApiError(400, "MALFORMED_REQUEST", "the request body is not JSON: " + e.getMessage());
        }
    }

    private static String required(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null || value.isBlank()) {
            throw ApiError.invalidParameter(name + " is required");
        }
        return value;
    }

    private static long id(Map<String, String> query, String name) {
        String value = required(query, name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiError.invalidParameter("Invalid " + name + ": '" + value + "' is not a number");
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            values.put(key, value);
        }
        return values;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IOException(e);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The OAuth token endpoint's own error shape ({@code error}, {@code error_description}; RFC 6749). */
    private static final class OAuthError extends RuntimeException {
        final String error;

        OAuthError(String error, String description) {
            super(description);
            this.error = error;
        }
    }
}
