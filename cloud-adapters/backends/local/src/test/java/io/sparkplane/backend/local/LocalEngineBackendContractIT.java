package io.sparkplane.backend.local;

import io.sparkplane.launcher.Launcher;
import io.sparkplane.launcher.LauncherClasspath;
import io.sparkplane.launcher.testing.RecordingEngineApi;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.testkit.EngineBackendContract;
import io.sparkplane.testkit.localspark.TunedSparkHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend contract on this machine with real PySpark from the project's {@code .venv}: each
 * cluster is a real Spark master and workers and the real launcher, whose job sleeps until it is
 * stopped, reporting to {@link RecordingEngineApi}. What exists of a cluster is every process
 * carrying its run's {@code SPARKPLANE_RUN_ID}.
 */
class LocalEngineBackendContractIT extends EngineBackendContract {

    private static Path python;
    private static Path sparkHome;
    private static RecordingEngineApi api;

    @TempDir
    Path directory;

    private LocalEngineBackend backend;
    private Path job;

    @BeforeAll
    static void startApi() throws Exception {
        python = LocalEngineBackendIT.pythonExecutable();
        // C1, the serial collector and one partition for the runs' JVMs, as in the end-to-end suite
        sparkHome = TunedSparkHome.at(Path.of("target", "spark-home").toAbsolutePath(), Path.of(LocalEngineBackendIT.run(python.toString(), "-c", "import pyspark, os; print(os.path.dirname(pyspark.__file__))").strip()));
        api = RecordingEngineApi.start();
    }

    @AfterAll
    static void stopApi() {
        if (api != null) {
            api.close();
        }
    }

    @BeforeEach
    void start() throws IOException {
        job = Files.writeString(directory.resolve("sleep.py"), "import time\nprint('SLEEPING', flush=True)\ntime.sleep(600)\n");
        backend = restarted();
    }

    private LocalBackendConfiguration configuration() {
        return new LocalBackendConfiguration(sparkHome, python, Path.of(System.getProperty("java.home")), directory.resolve("work"),
                LauncherClasspath.fromCodeSources(),
                Launcher.class.getName())
                .withHeartbeatInterval(Duration.ofMillis(500))
                .withReportDeadline(Duration.ofSeconds(10));
    }

    @Override
    protected EngineBackend backend() {
        return backend;
    }

    @Override
    protected LocalEngineBackend restarted() {
        return new LocalEngineBackend("local", configuration());
    }

    @Override
    protected ClusterSpec runningCluster(int minWorkers, int maxWorkers) {
        String runId = "contract-" + UUID.randomUUID().toString().substring(0, 8);
        String token = "token-" + UUID.randomUUID();
        api.expect(runId, 1, token);
        EngineResources resources = new EngineResources(1, 512, 1, 512, minWorkers, maxWorkers);
        LaunchSpec launch = new LaunchSpec(runId, 1, "local backend contract", api.url(), token, new Entrypoint.PythonFile(job.toString()),
                List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), Map.of(), resources);
        return new ClusterSpec(ClusterSpec.nameFor(runId, 1), resources, Math.max(1, minWorkers), Duration.ofSeconds(60), "", launch,
                "default");
    }

    @Override
    protected Set<String> leftovers(ClusterSpec spec) {
        try {
            Set<String> pids = new TreeSet<>();
            LocalEngineBackendIT.processesOf(spec.launch().runId()).forEach(pid -> pids.add(Long.toString(pid)));
            return pids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The job prints before it sleeps: by then spark-submit and the job's python are up. */
    @Override
    protected void awaitStarted(ClusterSpec spec) {
        try {
            if (!api.awaitLogContaining(spec.launch().runId(), 1, "SLEEPING", Duration.ofMinutes(2))) {
                throw new IllegalStateException("the job of " + spec.clusterName() + " did not start: " + api.logText(spec.launch().runId(), 1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every process of the cluster killed at once, as the machine's OOM killer or an operator's kill -9 would. */
    @Override
    protected int workers(ClusterSpec spec) {
        return (int) leftovers(spec).stream()
                .filter(pid -> ProcessTable.commandLine(Long.parseLong(pid)).contains("org.apache.spark.deploy.worker.Worker"))
                .count();
    }

    @Override
    protected void vanish(ClusterSpec spec) {
        for (String pid : leftovers(spec)) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** The Spark master and workers start; the launcher cannot, a directory standing where its log goes. */
    @Override
    protected EngineBackend failingHalfway(ClusterSpec spec) {
        try {
            Files.createDirectories(backend.workDirectory(spec.launch().runId(), spec.launch().attempt()).launcherLog());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return restarted();
    }

    @Override
    protected String halfwayFailure() {
        return "cannot start the engine launcher";
    }
}
