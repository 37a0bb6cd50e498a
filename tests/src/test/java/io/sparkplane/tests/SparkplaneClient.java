package io.sparkplane.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.api.contract.OpenApiContract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/** A small client of the public API that checks every answer against the OpenAPI contract. */
final class SparkplaneClient {

    static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT");
    static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiContract CONTRACT = OpenApiContract.load();

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param token the API token's secret every request carries */
    SparkplaneClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    JsonNode submit(String json) throws IOException, InterruptedException {
        HttpResponse<String> response = send("POST", "/api/v1/runs", json);
        if (response.statusCode() != 201) {
            throw new AssertionError("submit answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Uploads a file as an artifact; the answer (201 stored, 200 there already) is checked against the contract. */
    HttpResponse<String> uploadArtifact(java.nio.file.Path file, String name) throws IOException, InterruptedException {
        return uploadArtifact(file, name, "default");
    }

    /** Uploads a file as an artifact to a workspace's staging. */
    HttpResponse<String> uploadArtifact(java.nio.file.Path file, String name, String workspace) throws IOException, InterruptedException {
        String path = "/api/v1/artifacts?name=" + name + "&workspace=" + workspace;
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(file))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        CONTRACT.assertResponse("POST", path, response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                response.body());
        return response;
    }

    /** Creates a workspace; the answer is checked against the contract and must be 201. */
    JsonNode createWorkspace(String json) throws IOException, InterruptedException {
        HttpResponse<String> response = send("POST", "/api/v1/workspaces", json);
        if (response.statusCode() != 201) {
            throw new AssertionError("creating a workspace answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    JsonNode workspace(String id) throws IOException, InterruptedException {
        return JSON.readTree(send("GET", "/api/v1/workspaces/" + id, null).body());
    }

    /** The artifact of this hash: 200 with it, or 404. */
    HttpResponse<String> artifact(String sha256) throws IOException, InterruptedException {
        return send("GET", "/api/v1/artifacts/sha256/" + sha256, null);
    }

    static JsonNode json(String body) throws IOException {
        return JSON.readTree(body);
    }

    JsonNode run(String id) throws IOException, InterruptedException {
        return JSON.readTree(send("GET", "/api/v1/runs/" + id, null).body());
    }

    /** A page of runs, with the query string given ({@code ?limit=200}). */
    JsonNode listRuns(String query) throws IOException, InterruptedException {
        return JSON.readTree(send("GET", "/api/v1/runs" + query, null).body());
    }

    /** The control plane's version, as {@code GET /api/v1/version} says it. */
    String version() throws IOException, InterruptedException {
        return JSON.readTree(send("GET", "/api/v1/version", null).body()).get("version").asText();
    }

    JsonNode cluster(String id) throws IOException, InterruptedException {
        return JSON.readTree(send("GET", "/api/v1/runs/" + id + "/cluster", null).body());
    }

    JsonNode metrics(String id) throws IOException, InterruptedException {
        return JSON.readTree(send("GET", "/api/v1/runs/" + id + "/metrics", null).body()).get("items");
    }

    JsonNode events(String id) throws IOException, InterruptedException {
        return JSON.readTree(send("GET", "/api/v1/runs/" + id + "/events", null).body()).get("items");
    }

    HttpResponse<String> cancel(String id) throws IOException, InterruptedException {
        return send("POST", "/api/v1/runs/" + id + "/cancel", null);
    }

    String logs(String id) throws IOException, InterruptedException {
        return send("GET", "/api/v1/runs/" + id + "/logs", null).body();
    }

    /**
     * Waits until the run's log holds {@code text}, and returns the log; fails at the timeout, or at
     * once when the run has ended without it.
     */
    String awaitLog(String id, String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String state = run(id).get("state").asText();
            String log = logs(id);
            if (log.contains(text)) {
                return log;
            }
            if (TERMINAL.contains(state) || System.nanoTime() > deadline) {
                throw new AssertionError("the log of run " + id + " (" + state + ") never showed '" + text + "': " + log);
            }
            Thread.sleep(500);
        }
    }

    /** The Sparkplane-Log-Complete header of a plain log read. */
    boolean logComplete(String id) throws IOException, InterruptedException {
        return Boolean.parseBoolean(send("GET", "/api/v1/runs/" + id + "/logs", null).headers().firstValue("Sparkplane-Log-Complete").orElse("false"));
    }

    /** Follows the live log until the attempt ends: returns everything streamed. */
    String followLogs(String id) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/runs/" + id + "/logs?follow=true"))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMinutes(5)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    JsonNode awaitState(String id, Set<String> states, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode run = run(id);
        while (!states.contains(run.get("state").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            run = run(id);
        }
        if (!states.contains(run.get("state").asText())) {
            throw new AssertionError("run " + id + " is " + run.get("state") + " after " + timeout + ", expected one of " + states + ": " + run);
        }
        return run;
    }

    JsonNode awaitEnd(String id, Duration timeout) throws IOException, InterruptedException {
        return awaitState(id, TERMINAL, timeout);
    }

    /** Any call, its answer checked against the contract whatever its status. */
    HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        return send(method, path, body);
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        CONTRACT.assertResponse(method, path, response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                response.body());
        return response;
    }
}
