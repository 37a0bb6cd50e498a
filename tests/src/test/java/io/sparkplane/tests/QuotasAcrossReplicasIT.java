package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two control-plane replicas on one PostgreSQL, both dispatching 505 runs to the instant test
 * backend (tests/instant-backend, loaded from a plug-ins directory of this test's own; its runs
 * report RUNNING and SUCCEEDED at once): every run is dispatched exactly once, the backend's limit
 * and workspace A's quota of active runs hold across the replicas, C's queue quota admits exactly
 * its size of 20 concurrent submits (the rest answer 429), and B's 5 runs, submitted after A's
 * 500, all start before A's backlog drains.
 */
class QuotasAcrossReplicasIT {

    private static final int RUNS_A = 500;
    private static final int RUNS_B = 5;
    private static final int BACKEND_LIMIT = 4;
    private static final int A_ACTIVE_QUOTA = 3;
    private static final int C_QUEUE_QUOTA = 5;
    private static final Path JOB = Path.of("src/test/resources/jobs/sleeps.py").toAbsolutePath();

    @TempDir
    Path home;

    @Test
    void twoReplicasDispatchEachRunOnceWithinQuotasAndShareBetweenWorkspaces() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(home.resolve("postgres")).start()) {
            String server = "jdbc:postgresql://127.0.0.1:" + postgres.getPort();
            try (Connection connection = DriverManager.getConnection(server + "/postgres", "postgres", "")) {
                connection.createStatement().execute("create database sparkplane");
            }
            Path plugins = pluginsWithTheInstantBackend(Files.createDirectories(home.resolve("plugins")));
            try (ControlPlaneProcess a = replica("a", server + "/sparkplane", plugins).start();
                    ControlPlaneProcess b = replica("b", server + "/sparkplane", plugins).start()) {
                SparkplaneClient admin = a.client();
                admin.createWorkspace("{\"id\": \"team-a\", \"quotas\": {\"maxActiveRuns\": " + A_ACTIVE_QUOTA + "}}");
                admin.createWorkspace("{\"id\": \"team-b\"}");
                // nothing of team-c ever starts, so its queue quota is all that decides
                admin.createWorkspace("{\"id\": \"team-c\", \"quotas\": {\"maxActiveRuns\": 0, \"maxQueuedRuns\": " + C_QUEUE_QUOTA + "}}");
                String tokenA = secret(admin, "editor", "team-a");
                String tokenB = secret(admin, "editor", "team-b");
                List<SparkplaneClient> clientsA = List.of(new SparkplaneClient(a.baseUri(), tokenA), new SparkplaneClient(b.baseUri(), tokenA));
                List<SparkplaneClient> clientsB = List.of(new SparkplaneClient(a.baseUri(), tokenB), new SparkplaneClient(b.baseUri(), tokenB));

                String tokenC = secret(admin, "editor", "team-c");
                List<SparkplaneClient> clientsC = List.of(new SparkplaneClient(a.baseUri(), tokenC), new SparkplaneClient(b.baseUri(), tokenC));
                List<Integer> statusesC = submitEach(clientsC, "team-c", 4 * C_QUEUE_QUOTA);
                assertThat(statusesC.stream().filter(status -> status == 201).count()).as("team-c runs admitted through both replicas")
                        .isEqualTo(C_QUEUE_QUOTA);
                assertThat(statusesC.stream().filter(status -> status == 429).count()).isEqualTo(3L * C_QUEUE_QUOTA);
                assertThat(admin.workspace("team-c").get("usage").get("queuedRuns").asInt()).isEqualTo(C_QUEUE_QUOTA);

                List<String> runsA = submitAll(clientsA, "team-a", RUNS_A);
                List<String> runsB = submitAll(clientsB, "team-b", RUNS_B);

                awaitDrained(admin, "team-a", Duration.ofMinutes(6));
                awaitDrained(admin, "team-b", Duration.ofMinutes(1));

                List<Instant[]> intervalsA = intervals(admin, runsA);
                List<Instant[]> intervalsB = intervals(admin, runsB);
                List<Instant[]> all = new ArrayList<>(intervalsA);
                all.addAll(intervalsB);
                assertThat(maxOverlap(intervalsA)).as("team-a's runs active at once across both replicas").isLessThanOrEqualTo(A_ACTIVE_QUOTA);
                assertThat(maxOverlap(all)).as("runs active at once on the instant backend").isLessThanOrEqualTo(BACKEND_LIMIT);

                List<Instant> startsA = new ArrayList<>(intervalsA.stream().map(interval -> interval[0]).toList());
                Collections.sort(startsA);
                Instant lastStartB = intervalsB.stream().map(interval -> interval[0]).max(Instant::compareTo).orElseThrow();
                long aStartedBefore = startsA.stream().filter(start -> start.isBefore(lastStartB)).count();
                System.out.printf("fair share: %d of team-a's %d runs started before team-b's last of %d%n", aStartedBefore, RUNS_A, RUNS_B);
                // fair share: B waited for turns, not for A's backlog
                assertThat(aStartedBefore).as("team-a runs started before team-b's last").isLessThan(RUNS_A / 4);

                aRunGoesOnWhenTheTokenThatSubmittedItIsRevoked(admin, a, b);
            }
        }
    }

    /** A run belongs to its workspace, not to its token: revoking the token ends the token's access, not the run. */
    /**
     * @param revoking the replica {@code admin} calls, which revokes the token
     * @param replica  the other, where the token submits
     */
    private static void aRunGoesOnWhenTheTokenThatSubmittedItIsRevoked(SparkplaneClient admin, ControlPlaneProcess revoking,
            ControlPlaneProcess replica) throws Exception {
        HttpResponse<String> created = admin.call("POST", "/api/v1/tokens", "{\"name\": \"revoked\", \"role\": \"editor\", \"workspaces\": [\"team-b\"]}");
        JsonNode token = SparkplaneClient.json(created.body());
        SparkplaneClient submitter = new SparkplaneClient(replica.baseUri(), token.get("secret").asText());
        String going = submitter.submit("{\"workspace\": \"team-b\", \"backend\": \"slow\", \"entrypoint\": {\"pythonFile\": \"" + JOB + "\"}}")
                .get("id").asText();
        submitter.awaitState(going, Set.of("RUNNING"), Duration.ofSeconds(30));

        assertThat(admin.call("DELETE", "/api/v1/tokens/" + token.get("id").asText(), null).statusCode()).isEqualTo(204);
        // the revoking replica refuses it at once; the other, which authenticated it a moment ago, within
        // 2 seconds (it keeps recently authenticated tokens that long: docs/security.md)
        assertThat(new SparkplaneClient(revoking.baseUri(), token.get("secret").asText()).call("GET", "/api/v1/runs/" + going, null)
                .statusCode()).isEqualTo(401);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int status = submitter.call("GET", "/api/v1/runs/" + going, null).statusCode();
        while (status != 401 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = submitter.call("GET", "/api/v1/runs/" + going, null).statusCode();
        }
        assertThat(status).as("the other replica, within 5 s of the revocation").isEqualTo(401);
        assertThat(submitter.cancel(going).statusCode()).isEqualTo(401);
        assertThat(admin.awaitEnd(going, Duration.ofSeconds(30)).get("state").asText()).isEqualTo("SUCCEEDED");
    }

    private ControlPlaneProcess replica(String name, String url, Path plugins) throws Exception {
        return new ControlPlaneProcess(Files.createDirectories(home.resolve(name)))
                .withEnvironment("SPARKPLANE_DB_URL", url)
                .withEnvironment("SPARKPLANE_PLUGIN_DIRECTORY", plugins.toString())
                // one token submits hundreds at once here; the rate limit has its own test
                .withEnvironment("SPARKPLANE_AUTH_SUBMISSIONS_PER_SECOND", "0")
                .withProperty("sparkplane.backends.instant.type", "instant-test")
                .withProperty("sparkplane.backends.instant.max-concurrent-runs", Integer.toString(BACKEND_LIMIT))
                .withProperty("sparkplane.backends.instant.run-time", "PT0.05S")
                .withProperty("sparkplane.backends.instant.cluster-directory", home.resolve("instant-clusters").toString())
                .withProperty("sparkplane.backends.slow.type", "instant-test")
                .withProperty("sparkplane.backends.slow.run-time", "PT5S")
                .withProperty("sparkplane.backends.slow.cluster-directory", home.resolve("slow-clusters").toString())
                .withProperty("sparkplane.default-backend", "instant")
                // polled five times as often as by default: a dispatch pass that finds the other replica
                // claiming gives way until the next wake-up or poll, and 505 runs wait on those polls
                .withProperty("sparkplane.dispatcher.interval", "200ms")
                .withProperty("sparkplane.loop-interval", "200ms");
    }

    /** The packaged plug-ins and the instant test backend, side by side, as symbolic links. */
    private static Path pluginsWithTheInstantBackend(Path directory) throws Exception {
        Path packaged = ControlPlaneProcess.ROOT.resolve("control-plane/target/quarkus-app/plugins");
        try (Stream<Path> modules = Files.list(packaged)) {
            for (Path module : modules.toList()) {
                Files.createSymbolicLink(directory.resolve(module.getFileName()), module);
            }
        }
        Files.createSymbolicLink(directory.resolve("instant-test"), ControlPlaneProcess.ROOT.resolve("tests/instant-backend/target/plugin"));
        return directory;
    }

    private static String secret(SparkplaneClient admin, String role, String workspace) throws Exception {
        HttpResponse<String> created = admin.call("POST", "/api/v1/tokens",
                "{\"name\": \"" + workspace + "\", \"role\": \"" + role + "\", \"workspaces\": [\"" + workspace + "\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return SparkplaneClient.json(created.body()).get("secret").asText();
    }

    private static String run(String workspace, String name) {
        // the instant backend runs nothing: the file need only be a path the control plane accepts
        return "{\"name\": \"" + name + "\", \"workspace\": \"" + workspace + "\", \"entrypoint\": {\"pythonFile\": \"" + JOB + "\"}}";
    }

    /** Submits the runs from 8 threads through both replicas. */
    private static List<String> submitAll(List<SparkplaneClient> clients, String workspace, int count) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> submitted = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                SparkplaneClient client = clients.get(i % clients.size());
                String body = run(workspace, workspace + " " + i);
                submitted.add(threads.submit(() -> client.submit(body).get("id").asText()));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> id : submitted) {
                ids.add(id.get());
            }
            return ids;
        } finally {
            threads.shutdownNow();
        }
    }

    /** Submits the runs from 8 threads through both replicas; the status of each answer (201 or 429). */
    private static List<Integer> submitEach(List<SparkplaneClient> clients, String workspace, int count) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                SparkplaneClient client = clients.get(i % clients.size());
                String body = run(workspace, workspace + " " + i);
                answers.add(threads.submit(() -> {
                    HttpResponse<String> answer = client.call("POST", "/api/v1/runs", body);
                    if (answer.statusCode() == 429) {
                        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
                    }
                    return answer.statusCode();
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : answers) {
                statuses.add(status.get());
            }
            return statuses;
        } finally {
            threads.shutdownNow();
        }
    }

    private static void awaitDrained(SparkplaneClient admin, String workspace, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode usage = admin.workspace(workspace).get("usage");
        while (usage.get("queuedRuns").asInt() + usage.get("activeRuns").asInt() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            usage = admin.workspace(workspace).get("usage");
        }
        assertThat(usage.get("queuedRuns").asInt() + usage.get("activeRuns").asInt()).as(workspace + " still has " + usage).isZero();
    }

    /** Each run's one attempt, from provisioning to its end; every run must have succeeded on its first and only attempt. */
    private static List<Instant[]> intervals(SparkplaneClient admin, List<String> ids) throws Exception {
        List<Instant[]> intervals = new ArrayList<>();
        for (String id : ids) {
            JsonNode run = admin.run(id);
            assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
            assertThat(run.get("attempts")).as("attempts of " + id).hasSize(1);
            long provisioned = 0;
            for (JsonNode event : admin.events(id)) {
                if ("PROVISIONING".equals(event.path("toState").asText())) {
                    provisioned++;
                }
            }
            assertThat(provisioned).as("times " + id + " was dispatched").isEqualTo(1);
            JsonNode attempt = run.get("attempts").get(0);
            intervals.add(new Instant[] {Instant.parse(attempt.get("provisioningAt").asText()), Instant.parse(attempt.get("endedAt").asText())});
        }
        return intervals;
    }

    private static int maxOverlap(List<Instant[]> intervals) {
        int max = 0;
        for (Instant[] interval : intervals) {
            int active = 0;
            for (Instant[] other : intervals) {
                if (!other[0].isAfter(interval[0]) && other[1].isAfter(interval[0])) {
                    active++;
                }
            }
            max = Math.max(max, active);
        }
        return max;
    }
}
