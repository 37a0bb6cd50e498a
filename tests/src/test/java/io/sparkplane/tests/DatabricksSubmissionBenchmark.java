package io.sparkplane.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.store.azure.AzuritePeer;
import io.sparkplane.testkit.databricks.FakeDatabricksServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * 100 runs on a {@code databricks} profile submitted at once, against the testkit's {@link
 * FakeDatabricksServer} in its state-only mode: a run is {@code PENDING} while its job cluster starts
 * (300 ms), then {@code RUNNING} until it is cancelled; nothing runs, so what is measured is the
 * control plane's own path: API, dispatch, staging on Azurite ({@code abfss://}, as for Azure
 * Databricks), the backend's {@code jobs/runs/submit} through the Databricks SDK, and the
 * reconciler's {@code runs/get} until it sees the run's task run. Beside it, in the same run against
 * the same fake: the raw calls alone, the same {@code runs/submit} body the control plane sent for a
 * warm-up run (a new run name and idempotency token each), from as many threads as the control plane
 * provisions with and from 32.
 *
 * <p>The raw side is the JDK's HTTP client, not the Databricks SDK: the SDK is on the backend's
 * plug-in class path, not on this module's. On the wire it is the same call (a PAT profile's SDK
 * makes no other per submit); what it leaves out is the SDK's own work around the call.
 *
 * <p>The fake's sockets send without Nagle's delay ({@code sun.net.httpserver.nodelay}, which the fakes set): with the
 * JDK server's default every call to the fake took about 45 ms, which set the figures. Each table
 * is printed with what one call to the fake costs, one after another.
 *
 * <p>Not part of the test suite (no *Test/*IT name): it prints figures and asserts nothing about
 * time; it fails when a run does not come, rather than print partial figures.
 */
class DatabricksSubmissionBenchmark {

    private static final Path JOBS = Path.of("src/test/resources/jobs").toAbsolutePath();
    private static final int RUNS = Integer.getInteger("bench.databricks.runs", 100);
    /** The control plane's {@code sparkplane.dispatcher.provision-concurrency} default. */
    private static final int PROVISIONERS = 4;
    private static final int WARM_UP_RUNS = 5;
    private static final Duration CLUSTER_START = Duration.ofMillis(300);
    private static final String CONTAINER = "staging";
    private static final String STAGING = "abfss://" + CONTAINER + "@" + AzuritePeer.ACCOUNT + ".dfs.core.windows.net/sparkplane/";
    private static final String TOKEN = "dapi-" + UUID.randomUUID();
    /** What the backend gives one call (DatabricksClients' timeout). */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final int ROUND_TRIPS = 20;


    @Test
    void hundredRunsAtOnceOnDatabricksBesideTheRawSubmits() throws Exception {
        Path home = Files.createTempDirectory("sparkplane-databricks-bench-");
        try (AzuritePeer azurite = AzuritePeer.start(); FakeDatabricksServer databricks = FakeDatabricksServer.start()) {
            azurite.createContainer(CONTAINER);
            databricks.acceptToken(TOKEN);
            databricks.clusterStartDelay(CLUSTER_START);
            ControlPlaneProcess controlPlane = new ControlPlaneProcess(Files.createDirectories(home.resolve("control-plane")))
                    .withProperty("sparkplane.staging.location", STAGING)
                    // one token submits all at once: the per-token rate limit is not what is measured
                    .withProperty("sparkplane.auth.submissions-per-second", "0")
                    .withProperty("sparkplane.store.azure.endpoint", azurite.endpoint())
                    .withProperty("sparkplane.store.azure.account-key", AzuritePeer.ACCOUNT_KEY)
                    .withEnvironment("DATABRICKS_PAT", TOKEN);
            Map.of("type", "databricks", "host", databricks.host(), "token", "env:DATABRICKS_PAT", "spark-version", "15.4.x-scala2.12",
                    "node-type", "Standard_DS3_v2", "status-poll-interval", "PT2S", "max-concurrent-runs", Integer.toString(RUNS + WARM_UP_RUNS))
                    .forEach((name, value) -> controlPlane.withProperty("sparkplane.backends.databricks." + name, value));
            try (controlPlane) {
                controlPlane.start();
                SparkplaneClient client = controlPlane.client();
                String job = SparkplaneClient.json(client.uploadArtifact(JOBS.resolve("greetings.py"), "greetings.py").body()).get("ref").asText();
                String body = """
                        {"backend": "databricks", "entrypoint": {"pythonFile": "%s"}, "autoscaling": {"policy": "static", "minExecutors": 2, "maxExecutors": 2}}
                        """.formatted(job);

                // warm-up: the JIT, the backend's first client, the listener's first staging
                RunBurst warmUp = RunBurst.submit(client, body, WARM_UP_RUNS);
                warmUp.cancel(client);
                // the body the control plane sent for a run, which the raw side sends again under new names
                JsonNode sent = databricks.runs().get(0).submitted();
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
                // what one call to the fake costs (and the raw side's client warmed up), not counted below
                double roundTrip = roundTripMillis(http, databricks);
                databricks.resetCalls();

                RunBurst measured = RunBurst.submit(client, body, RUNS);
                Map<String, Integer> calls = databricks.calls();
                measured.cancel(client);

                Duration rawFew = raw(http, databricks, sent, PROVISIONERS);
                Duration raw32 = raw(http, databricks, sent, RunBurst.CLIENTS);

                int perRun = calls.values().stream().mapToInt(Integer::intValue).sum();
                System.out.printf(Locale.ROOT, "%n%d runs on databricks against the fake Databricks server (job clusters starting for %d ms)%n",
                        RUNS, CLUSTER_START.toMillis());
                System.out.printf(Locale.ROOT, "| path | threads | time | runs/min | Databricks calls per run |%n|---|---|---|---|---|%n");
                System.out.printf(Locale.ROOT, "| Sparkplane: POST to run RUNNING | %d clients, %d provisioners | %.1f s | %.0f | %.1f |%n", RunBurst.CLIENTS,
                        PROVISIONERS, RunBurst.seconds(measured.elapsed()), RunBurst.perMinute(RUNS, measured.elapsed()), perRun / (double) RUNS);
                System.out.printf(Locale.ROOT, "| raw HTTP: POST runs/submit | %d | %.1f s | %.0f | 1.0 |%n", PROVISIONERS,
                        RunBurst.seconds(rawFew), RunBurst.perMinute(RUNS, rawFew));
                System.out.printf(Locale.ROOT, "| raw HTTP: POST runs/submit | %d | %.1f s | %.0f | 1.0 |%n", RunBurst.CLIENTS,
                        RunBurst.seconds(raw32), RunBurst.perMinute(RUNS, raw32));
                System.out.printf(Locale.ROOT, "Sparkplane against the raw calls from as many threads: %.2f; from %d threads: %.2f%n",
                        RunBurst.seconds(rawFew) / RunBurst.seconds(measured.elapsed()), RunBurst.CLIENTS,
                        RunBurst.seconds(raw32) / RunBurst.seconds(measured.elapsed()));
                System.out.printf(Locale.ROOT, "Databricks calls per run by endpoint: %s%n", RunBurst.perRun(calls, RUNS));
                System.out.printf(Locale.ROOT, "One call to the fake (GET clusters/spark-versions), one after another: %.1f ms (mean of %d)%n",
                        roundTrip, ROUND_TRIPS);
            }
        } finally {
            TemporaryDirectories.delete(home);
        }
    }

    /**
     * {@link #RUNS} runs submitted with bare HTTP calls, each the body the control plane sent with a
     * new run name and idempotency token, from {@code threads}; then cancelled (not timed), as the
     * control plane's cancels left its own.
     */
    private static Duration raw(HttpClient http, FakeDatabricksServer databricks, JsonNode sent, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Long> made = new ArrayList<>();
        long start = System.nanoTime();
        try {
            List<Future<Long>> calls = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                ObjectNode submit = ((ObjectNode) sent.deepCopy()).put("run_name", "raw-" + threads + "-" + i)
                        .put("idempotency_token", "raw-" + threads + "-" + i);
                String json = SparkplaneClient.JSON.writeValueAsString(submit);
                calls.add(pool.submit(() -> call(http, databricks, FakeDatabricksServer.RUNS_SUBMIT, json).get("run_id").asLong()));
            }
            for (Future<Long> call : calls) {
                made.add(call.get());
            }
        } finally {
            pool.shutdown();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        for (long runId : made) {
            call(http, databricks, FakeDatabricksServer.RUNS_CANCEL, "{\"run_id\": " + runId + "}");
        }
        return elapsed;
    }

    /** The mean time of {@link #ROUND_TRIPS} GETs of the runtimes one after another, in ms, after one unmeasured. */
    private static double roundTripMillis(HttpClient http, FakeDatabricksServer databricks) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(databricks.host() + FakeDatabricksServer.SPARK_VERSIONS)).timeout(CALL_TIMEOUT)
                .header("Authorization", "Bearer " + TOKEN).GET().build();
        http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        long start = System.nanoTime();
        for (int i = 0; i < ROUND_TRIPS; i++) {
            http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        return (System.nanoTime() - start) / 1e6 / ROUND_TRIPS;
    }

    /** One POST with the workspace's bearer token; its JSON answer, or a failure naming the status and body. */
    private static JsonNode call(HttpClient http, FakeDatabricksServer databricks, String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(databricks.host() + path)).timeout(CALL_TIMEOUT)
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return SparkplaneClient.JSON.readTree(response.body());
    }
}
