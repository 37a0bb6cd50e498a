package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane killed with SIGKILL while jobs run, then started again on the same embedded
 * database: a job that kept running is adopted and reaches its real end, a job whose engine died
 * meanwhile ends ENGINE_LOST, and all earlier history is still there, with the bootstrap admin token
 * of the first start.
 */
class ControlPlaneRestartIT {

    private static final Path JOBS = Path.of("src/test/resources/jobs").toAbsolutePath();
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path home;

    @Test
    void sigkilledControlPlaneRecoversEveryRunAndKeepsHistory() throws Exception {
        // the local profile as it ships, spark-home unset: one end-to-end class runs the pyspark package's own Spark home
        ControlPlaneProcess controlPlane = new ControlPlaneProcess(home).withThePythonsSparkHome().start();
        try {
            SparkplaneClient client = controlPlane.client();
            String token = controlPlane.adminToken();
            assertThat(token).startsWith("spk_");
            assertThat(Files.getPosixFilePermissions(home.resolve("admin-token"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(home)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(Files.readString(controlPlane.log())).doesNotContain(token).contains(home.resolve("admin-token").toString());
            String earlier = client.submit("""
                    {"entrypoint": {"pythonFile": "%s"}, "args": ["0"]}
                    """.formatted(JOBS.resolve("sleeps.py"))).get("id").asText();
            client.awaitState(earlier, Set.of("SUCCEEDED"), RUN_TIMEOUT);
            JsonNode earlierEvents = client.events(earlier);

            String survivor = client.submit("""
                    {"name": "survives", "entrypoint": {"pythonFile": "%s"}, "args": ["30"]}
                    """.formatted(JOBS.resolve("sleeps.py"))).get("id").asText();
            String lost = client.submit("""
                    {"name": "loses its engine", "entrypoint": {"pythonFile": "%s"}, "args": ["600"]}
                    """.formatted(JOBS.resolve("sleeps.py"))).get("id").asText();
            client.awaitState(survivor, Set.of("RUNNING"), RUN_TIMEOUT);
            client.awaitState(lost, Set.of("RUNNING"), RUN_TIMEOUT);

            controlPlane.kill9();
            // While the control plane is down, one engine dies too.
            for (long pid : EngineProcesses.of(lost)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            Thread.sleep(2000);
            controlPlane.start();
            // the database has its token: a restart makes no new one, and the old secret still opens the API
            assertThat(controlPlane.adminToken()).isEqualTo(token);

            JsonNode survived = client.awaitEnd(survivor, RUN_TIMEOUT);
            assertThat(survived.get("state").asText()).as(survived.toString()).isEqualTo("SUCCEEDED");
            assertThat(client.logs(survivor)).contains("woke up");

            JsonNode lostRun = client.awaitEnd(lost, RUN_TIMEOUT);
            assertThat(lostRun.get("state").asText()).as(lostRun.toString()).isEqualTo("FAILED");
            assertThat(lostRun.get("reason").asText()).isEqualTo("ENGINE_LOST");
            assertThat(EngineProcesses.awaitNone(lost, Duration.ofSeconds(20))).isEmpty();

            assertThat(client.run(earlier).get("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(client.events(earlier)).isEqualTo(earlierEvents);
        } finally {
            controlPlane.close();
        }
    }
}
