package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two control-plane replicas on one external PostgreSQL, both dispatching: every run starts exactly
 * once, and the local backend's concurrency limit (2) holds across the replicas.
 */
class TwoReplicasIT {

    private static final Path JOBS = Path.of("src/test/resources/jobs").toAbsolutePath();
    private static final int RUNS = 4;

    @TempDir
    Path home;

    @Test
    void twoReplicasNeverStartARunTwiceAndShareTheLimit() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(home.resolve("postgres")).start()) {
            String server = "jdbc:postgresql://127.0.0.1:" + postgres.getPort();
            try (Connection connection = DriverManager.getConnection(server + "/postgres", "postgres", "")) {
                connection.createStatement().execute("create database sparkplane");
            }
            String url = server + "/sparkplane";
            Files.createDirectories(home.resolve("a"));
            Files.createDirectories(home.resolve("b"));
            try (ControlPlaneProcess a = new ControlPlaneProcess(home.resolve("a")).withEnvironment("SPARKPLANE_DB_URL", url).start();
                    ControlPlaneProcess b = new ControlPlaneProcess(home.resolve("b")).withEnvironment("SPARKPLANE_DB_URL", url).start()) {
                // the first replica to start made the bootstrap token; the second found it in the shared database
                List<SparkplaneClient> clients = List.of(a.client(), new SparkplaneClient(b.baseUri(), a.adminToken()));
                assertThat(b.home().resolve("admin-token")).doesNotExist();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < RUNS; i++) {
                    ids.add(clients.get(i % 2).submit("""
                            {"name": "replica %d", "entrypoint": {"pythonFile": "%s"}, "args": ["1"]}
                            """.formatted(i, JOBS.resolve("sleeps.py"))).get("id").asText());
                }

                List<Instant[]> intervals = new ArrayList<>();
                for (String id : ids) {
                    JsonNode run = clients.get(0).awaitEnd(id, Duration.ofMinutes(4));
                    assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
                    assertThat(run.get("attempts")).as("attempts of " + id).hasSize(1);
                    List<String> started = new ArrayList<>();
                    clients.get(1).events(id).forEach(event -> {
                        if (event.get("type").asText().equals("INFO") && event.get("message").asText().startsWith("engine cluster")) {
                            started.add(event.get("message").asText());
                        }
                    });
                    assertThat(started).as("engine clusters started for " + id).hasSize(1);
                    JsonNode attempt = run.get("attempts").get(0);
                    intervals.add(new Instant[] {Instant.parse(attempt.get("provisioningAt").asText()), Instant.parse(attempt.get("endedAt").asText())});
                }
                assertThat(maxOverlap(intervals)).as("runs active at once across both replicas").isLessThanOrEqualTo(2);
                for (String id : ids) {
                    assertThat(EngineProcesses.awaitNone(id, Duration.ofSeconds(20))).isEmpty();
                }
            }
        }
    }

    private static int maxOverlap(List<Instant[]> intervals) {
        int max = 0;
        for (Instant[] interval : intervals) {
            Instant moment = interval[0];
            int active = 0;
            for (Instant[] other : intervals) {
                if (!other[0].isAfter(moment) && other[1].isAfter(moment)) {
                    active++;
                }
            }
            max = Math.max(max, active);
        }
        return max;
    }
}
