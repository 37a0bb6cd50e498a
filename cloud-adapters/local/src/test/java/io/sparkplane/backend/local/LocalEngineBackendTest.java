package io.sparkplane.backend.local;

import static io.sparkplane.backend.local.LocalEngineBackendIT.processesOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.launcher.WorkDirectory;
import io.sparkplane.launcher.testing.RecordingEngineApi;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local backend's process handling with the real launcher but a fake {@code spark-submit}
 * shell script (fast, no Spark), reporting to {@link RecordingEngineApi}.
 */
class LocalEngineBackendTest {

    @TempDir
    Path directory;

    private RecordingEngineApi api;
    private Path sparkHome;
    private LocalEngineBackend backend;
    private final List<ClusterRef> provisioned = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        api = RecordingEngineApi.start();
        sparkHome = Files.createDirectories(directory.resolve("spark/bin")).getParent();
        backend = new LocalEngineBackend(configuration());
    }

    @AfterEach
    void tearDown() {
        provisioned.forEach(backend::terminate);
        api.close();
    }

    @Test
    void terminateAlsoKillsOrphansThatLeftTheProcessGroup() throws Exception {
        fakeSparkSubmit("""
                (setsid sleep 600 &)
                echo READY
                sleep 600
                """);
        LaunchSpec launch = launch();
        ClusterRef cluster = provision(launch);
        assertThat(api.awaitLogContaining(launch.runId(), 1, "READY", Duration.ofSeconds(30))).isTrue();
        assertThat(processesOf(launch.runId())).hasSizeGreaterThanOrEqualTo(4); // launcher, sh, sleep, orphaned sleep

        backend.terminate(cluster);

        assertThat(processesOf(launch.runId())).isEmpty();
        assertThat(backend.describe(cluster)).isInstanceOf(ClusterStatus.Gone.class);
        assertThat(new WorkDirectory(Path.of(cluster.attribute("workDir"))).outcome()).doesNotExist();
    }

    @Test
    void aLauncherKilledWithoutOutcomeIsGoneAndProvisionStartsAnother() throws Exception {
        fakeSparkSubmit("echo READY; sleep 600\n");
        LaunchSpec launch = launch();
        ClusterRef first = provision(launch);
        assertThat(api.awaitLogContaining(launch.runId(), 1, "READY", Duration.ofSeconds(30))).isTrue();

        ProcessHandle launcher = ProcessHandle.of(Long.parseLong(first.attribute("pid"))).orElseThrow();
        launcher.destroyForcibly();
        launcher.onExit().get();

        assertThat(backend.describe(first)).isInstanceOfSatisfying(ClusterStatus.Gone.class, gone -> assertThat(gone.detail())
                .startsWith("launcher process " + launcher.pid() + " exited without reporting an outcome; last lines of ")
                .contains("spark-submit started"));

        ClusterRef second = provision(launch);
        assertThat(second.attribute("pid")).isNotEqualTo(first.attribute("pid"));
        assertThat(backend.describe(second)).isInstanceOf(ClusterStatus.Active.class);

        backend.terminate(first); // the orphaned spark-submit of the first launcher carries the run's environment too
        assertThat(processesOf(launch.runId())).isEmpty();
    }

    @Test
    void terminatingAClusterThatIsGoneIsFine() {
        ClusterRef gone = new ClusterRef("local", "sp-x-1", Map.of("pid", "999999", "startedAt", "2020-01-01T00:00:00Z",
                "workDir", directory.resolve("nowhere").toString(), "processGroup", "999999", "runId", "x", "attempt", "1"));

        backend.terminate(gone);

        assertThat(backend.describe(gone)).isInstanceOf(ClusterStatus.Gone.class);
    }

    @Test
    void rejectsRunIdsThatAreNotDirectoryNames() {
        assertThatThrownBy(() -> backend.workDirectory("../etc", 1)).isInstanceOf(EngineBackendException.class);
        assertThatThrownBy(() -> backend.workDirectory("a/b", 1)).isInstanceOf(EngineBackendException.class);
        assertThat(backend.workDirectory("run-1", 2).root()).isEqualTo(directory.resolve("work/run-1/2").toAbsolutePath());
    }

    @Test
    void launcherGetsAMinimalEnvironmentAndItsOwnProcessGroup() {
        LaunchSpec launch = launch();
        Map<String, String> environment = backend.launcherEnvironment(launch,
                Map.of("PATH", "/bin", "HOME", "/root", "QUARKUS_DATASOURCE_PASSWORD", "secret", "AWS_SECRET_ACCESS_KEY", "x"));
        assertThat(environment).containsEntry("PATH", "/bin").containsEntry("HOME", "/root")
                .containsEntry("SPARKPLANE_RUN_ID", launch.runId()).containsEntry("SPARKPLANE_ATTEMPT", "1")
                .containsEntry("SPARK_HOME", sparkHome.toString()).containsEntry("SPARKPLANE_HEARTBEAT_MILLIS", "200")
                .doesNotContainKeys("QUARKUS_DATASOURCE_PASSWORD", "AWS_SECRET_ACCESS_KEY");
        assertThat(environment.values()).doesNotContain(launch.token());

        List<String> command = backend.launcherCommand(new WorkDirectory(Path.of("/w")));
        assertThat(command.get(0)).endsWith("/setsid");
        assertThat(command).endsWith("io.sparkplane.launcher.Launcher", "/w");
    }

    @Test
    void launcherClasspathComesFromCodeSources() {
        List<Path> classpath = LauncherClasspath.fromCodeSources();

        assertThat(classpath).hasSize(5).allSatisfy(entry -> assertThat(entry).exists().isAbsolute());
        assertThat(classpath).anySatisfy(entry -> assertThat(entry.toString()).contains("jackson-databind"));
        assertThat(classpath).anySatisfy(entry -> assertThat(entry.toString()).contains("jackson-annotations"));
        assertThat(classpath).anySatisfy(entry -> assertThat(entry.toString()).contains("launcher"));
    }

    private ClusterRef provision(LaunchSpec launch) {
        ClusterRef cluster = backend.provision(new ClusterSpec(ClusterSpec.nameFor(launch.runId(), 1), launch.resources(), launch));
        provisioned.add(cluster);
        return cluster;
    }

    private LocalBackendConfiguration configuration() {
        return new LocalBackendConfiguration(sparkHome, Path.of("/usr/bin/python3"), Path.of(System.getProperty("java.home")),
                directory.resolve("work"), LauncherClasspath.fromCodeSources())
                .withHeartbeatInterval(Duration.ofMillis(200))
                .withReportDeadline(Duration.ofSeconds(10));
    }

    private LaunchSpec launch() {
        String runId = "test-" + UUID.randomUUID().toString().substring(0, 8);
        String token = "token-" + UUID.randomUUID();
        api.expect(runId, 1, token);
        Path entrypoint = directory.resolve("main.py");
        try {
            Files.writeString(entrypoint, "print(1)\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new LaunchSpec(runId, 1, "fake", api.url(), token, new Entrypoint.PythonFile(entrypoint.toString()),
                List.of(), List.of(), List.of(), List.of(), Map.of(), new EngineResources(1, 512, 1, 512, 1, 1));
    }

    private void fakeSparkSubmit(String body) throws Exception {
        Path script = sparkHome.resolve("bin/spark-submit");
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    }
}
