package io.sparkplane.backend.local;

import static io.sparkplane.backend.local.LocalEngineBackendIT.processesOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.launcher.Launcher;
import io.sparkplane.launcher.LauncherClasspath;
import io.sparkplane.launcher.testing.RecordingEngineApi;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.launch.WorkDirectory;
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
 * The local backend's process handling with the real launcher but fake Spark (fast): a
 * {@code spark-submit} shell script per test, and a {@code spark-class} whose master only listens
 * on its port and whose workers only sleep (recording a SIGPWR), reporting to {@link RecordingEngineApi}.
 */
class LocalEngineBackendTest {

    @TempDir
    Path directory;

    /** A master that accepts connections on its --port; a worker that records SIGPWR in pwr-<pid> and goes on. */
    private static final String FAKE_SPARK_CLASS = """
            #!/bin/sh
            class="$1"; shift
            case "$class" in
              *Master)
                port=""
                while [ $# -gt 0 ]; do [ "$1" = "--port" ] && port="$2"; shift; done
                exec python3 -c 'import socket, sys, time
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); time.sleep(600)' "$port" ;;
              *Worker)
                trap 'echo decommissioned > "pwr-$$"' PWR
                while true; do sleep 0.2; done ;;
            esac
            """;

    private RecordingEngineApi api;
    private Path sparkHome;
    private LocalEngineBackend backend;
    private final List<ClusterRef> provisioned = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        api = RecordingEngineApi.start();
        sparkHome = Files.createDirectories(directory.resolve("spark/bin")).getParent();
        Path sparkClass = sparkHome.resolve("bin/spark-class");
        Files.writeString(sparkClass, FAKE_SPARK_CLASS);
        Files.setPosixFilePermissions(sparkClass, PosixFilePermissions.fromString("rwx------"));
        backend = new LocalEngineBackend("local", configuration());
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
    void provisionStartsAMasterAndTheInitialWorkersAndResizeFollowsTheDesiredCount() throws Exception {
        fakeSparkSubmit("echo READY; sleep 600\n");
        LaunchSpec launch = launch(3);
        ClusterRef cluster = provision(launch);
        assertThat(api.awaitLogContaining(launch.runId(), 1, "READY", Duration.ofSeconds(30))).isTrue();
        ClusterDirectory files = ClusterDirectory.of(Path.of(cluster.attribute("workDir")));
        assertThat(MasterProcess.read(files.master())).hasValueSatisfying(master -> assertThat(master.process().alive()).isTrue());
        assertThat(active(cluster).topology()).satisfies(topology -> {
            assertThat(topology.aliveWorkers()).isEqualTo(1);
            assertThat(topology.endpoints()).containsKeys("master", "masterUi");
        });

        assertThat(backend.resize(cluster, 3).aliveWorkers()).isEqualTo(3);
        assertThat(backend.resize(cluster, 7).desiredWorkers()).as("bounded by maxWorkers").isEqualTo(3);

        ClusterTopology down = backend.resize(cluster, 1);
        assertThat(down.aliveWorkers()).isEqualTo(1);
        assertThat(down.decommissioningWorkers()).isEqualTo(2);
        List<WorkerProcess> leaving = workers(files).stream().filter(WorkerProcess::decommissioning).toList();
        assertThat(leaving).extracting(WorkerProcess::index).containsExactlyInAnyOrder(2, 3);
        for (WorkerProcess worker : leaving) {
            Path signalled = files.root().resolve("pwr-" + worker.process().pid());
            awaitTrue(() -> Files.exists(signalled), "worker " + worker.index() + " got SIGPWR");
        }

        ClusterTopology drained = backend.resize(cluster, 1); // the fake workers run no executor: drained at once
        assertThat(drained.decommissioningWorkers()).isZero();
        assertThat(leaving).allSatisfy(worker -> assertThat(worker.process().alive()).isFalse());
        assertThat(drained.aliveWorkers()).isEqualTo(1);
    }

    @Test
    void aKilledWorkerIsReplacedAndAKilledMasterLosesTheCluster() throws Exception {
        fakeSparkSubmit("echo READY; sleep 600\n");
        LaunchSpec launch = launch(2);
        ClusterRef cluster = provision(launch);
        assertThat(api.awaitLogContaining(launch.runId(), 1, "READY", Duration.ofSeconds(30))).isTrue();
        ClusterDirectory files = ClusterDirectory.of(Path.of(cluster.attribute("workDir")));
        backend.resize(cluster, 2);
        WorkerProcess victim = workers(files).get(0);
        ProcessHandle.of(victim.process().pid()).orElseThrow().destroyForcibly();
        awaitTrue(() -> !victim.process().alive(), "worker killed");

        ClusterTopology repaired = backend.resize(cluster, 2);

        assertThat(repaired.aliveWorkers()).isEqualTo(2);
        assertThat(repaired.repairs()).containsExactly("worker 1 (pid " + victim.process().pid() + ") exited; started worker 3");
        assertThat(backend.resize(cluster, 2).repairs()).as("nothing left to mend").isEmpty();
        assertThat(workers(files)).extracting(WorkerProcess::index).containsExactly(2, 3);

        MasterProcess master = MasterProcess.read(files.master()).orElseThrow();
        ProcessHandle.of(master.process().pid()).orElseThrow().destroyForcibly();
        awaitTrue(() -> !master.process().alive(), "master killed");
        assertThat(backend.describe(cluster)).isInstanceOfSatisfying(ClusterStatus.Gone.class,
                gone -> assertThat(gone.detail()).contains("Spark master").contains(Long.toString(master.process().pid())));

        backend.terminate(cluster);
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

    private ClusterRef provision(LaunchSpec launch) {
        ClusterRef cluster = backend.provision(new ClusterSpec(ClusterSpec.nameFor(launch.runId(), 1), launch.resources(),
                launch.resources().minExecutors(), Duration.ofSeconds(60), "", launch, "default"));
        provisioned.add(cluster);
        return cluster;
    }

    private LocalBackendConfiguration configuration() {
        return new LocalBackendConfiguration(sparkHome, Path.of("/usr/bin/python3"), Path.of(System.getProperty("java.home")),
                directory.resolve("work"), LauncherClasspath.fromCodeSources(), Launcher.class.getName())
                .withHeartbeatInterval(Duration.ofMillis(200))
                .withReportDeadline(Duration.ofSeconds(10));
    }

    private LaunchSpec launch() {
        return launch(1);
    }

    private ClusterStatus.Active active(ClusterRef cluster) {
        ClusterStatus status = backend.describe(cluster);
        assertThat(status).isInstanceOf(ClusterStatus.Active.class);
        return (ClusterStatus.Active) status;
    }

    private static List<WorkerProcess> workers(ClusterDirectory files) throws Exception {
        List<WorkerProcess> workers = new ArrayList<>();
        try (var stream = Files.list(files.workers())) {
            stream.filter(file -> file.toString().endsWith(".json")).forEach(file -> WorkerProcess.read(file).ifPresent(workers::add));
        }
        workers.sort(java.util.Comparator.comparingInt(WorkerProcess::index));
        return workers;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    private LaunchSpec launch(int maxWorkers) {
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
                List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), Map.of(), new EngineResources(1, 512, 1, 512, 1, maxWorkers));
    }

    private void fakeSparkSubmit(String body) throws Exception {
        Path script = sparkHome.resolve("bin/spark-submit");
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    }
}
