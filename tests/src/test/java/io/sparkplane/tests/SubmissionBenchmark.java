package io.sparkplane.tests;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Submission throughput and latency of the control plane (dispatching paused, so only the API and
 * PostgreSQL are measured) beside the raw PostgreSQL ceiling: a single-row insert and commit per
 * transaction, at the same concurrency, on the same PostgreSQL server, in the same run.
 *
 * <p>Not part of the test suite (no *Test/*IT name); run with {@code ./sparkplane bench}. It prints
 * figures and asserts nothing about time.
 */
class SubmissionBenchmark {

    private static final int[] CONCURRENCY = {1, 8, 32};
    private static final Duration PHASE = Duration.ofSeconds(Long.getLong("bench.seconds", 10));
    private static final Duration WARM_UP = Duration.ofSeconds(3);

    record Result(String what, int clients, int operations, double perSecond, double p50, double p99) {}

    @Test
    void measure() throws Exception {
        Path home = Files.createTempDirectory("sparkplane-bench-");
        List<Result> results = new ArrayList<>();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(home.resolve("postgres")).start()) {
            String jdbc = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
            try (Connection connection = DriverManager.getConnection(jdbc, "postgres", "")) {
                connection.createStatement().execute("create database sparkplane");
                connection.createStatement().execute("create table raw_insert (id uuid primary key, body jsonb not null, created_at timestamptz not null default now())");
            }
            // a job file under the repository, which the control plane's development input roots allow (it never runs)
            String job = ControlPlaneProcess.ROOT.resolve("examples/jobs/sales_by_region.py").toString();
            String body = "{\"entrypoint\": {\"pythonFile\": \"" + job + "\"}, \"args\": [\"--day\", \"2026-11-25\"], \"labels\": {\"bench\": \"submit\"}}";
            for (int clients : CONCURRENCY) {
                results.add(raw(jdbc, clients, body));
            }
            Files.createDirectories(home.resolve("control-plane"));
            try (ControlPlaneProcess controlPlane = new ControlPlaneProcess(home.resolve("control-plane"))
                    .withEnvironment("SPARKPLANE_DB_URL", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/sparkplane")
                    .withEnvironment("SPARKPLANE_DISPATCHER_ENABLED", "false")
                    // one token submits for every client: what is measured is the submit path, not its rate limit
                    .withEnvironment("SPARKPLANE_AUTH_SUBMISSIONS_PER_SECOND", "0")
                    .start()) {
                for (int clients : CONCURRENCY) {
                    results.add(api(controlPlane.baseUri(), controlPlane.adminToken(), clients, body));
                }
            }
        }
        print(results);
    }

    private static Result raw(String jdbc, int clients, String body) throws Exception {
        return measure("raw PostgreSQL insert+commit", clients, () -> {
            Connection connection = DriverManager.getConnection(jdbc, "postgres", "");
            connection.setAutoCommit(false);
            PreparedStatement insert = connection.prepareStatement("insert into raw_insert (id, body) values (?, cast(? as jsonb))");
            return () -> {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, body);
                insert.executeUpdate();
                connection.commit();
            };
        });
    }

    /**
     * Each client its own HTTP/1.1 connection, kept alive, as each raw client has its own database
     * connection. The JDK's client would otherwise speak h2c to {@code http://} and put every
     * client's requests on one shared connection, whose lock the clients then wait on.
     */
    private static Result api(URI base, String token, int clients, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/runs"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return measure("Sparkplane POST /api/v1/runs", clients, () -> {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            return () -> {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() != 201) {
                    throw new IllegalStateException("submit answered " + response.statusCode());
                }
            };
        });
    }

    interface Operation {
        void run() throws Exception;
    }

    interface OperationFactory {
        Operation create() throws Exception;
    }

    /** {@code clients} threads repeat the operation for a warm-up, then for the measured phase. */
    private static Result measure(String what, int clients, OperationFactory factory) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        Latencies latencies = new Latencies();
        long start = System.nanoTime();
        long measureFrom = start + WARM_UP.toNanos();
        long end = measureFrom + PHASE.toNanos();
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            workers.add(pool.submit(() -> {
                Operation operation = factory.create();
                while (true) {
                    long before = System.nanoTime();
                    if (before >= end) {
                        return null;
                    }
                    operation.run();
                    if (before >= measureFrom) {
                        latencies.add(System.nanoTime() - before);
                    }
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        double seconds = PHASE.toNanos() / 1e9;
        return new Result(what, clients, latencies.count(), latencies.count() / seconds,
                latencies.percentileMillis(50), latencies.percentileMillis(99));
    }

    private static void print(List<Result> results) {
        StringBuilder table = new StringBuilder("\n| what | clients | ops/s | p50 ms | p99 ms | ratio to raw ops/s |\n|---|---|---|---|---|---|\n");
        for (Result result : results) {
            double raw = results.stream()
                    .filter(other -> other.what().startsWith("raw") && other.clients() == result.clients())
                    .findFirst().map(Result::perSecond).orElse(Double.NaN);
            table.append(String.format("| %s | %d | %.0f | %.2f | %.2f | %.2f |%n", result.what(), result.clients(), result.perSecond(),
                    result.p50(), result.p99(), result.perSecond() / raw));
        }
        System.out.println("SUBMISSION BENCHMARK (" + PHASE.toSeconds() + " s per phase after " + WARM_UP.toSeconds() + " s warm-up)" + table);
    }
}
