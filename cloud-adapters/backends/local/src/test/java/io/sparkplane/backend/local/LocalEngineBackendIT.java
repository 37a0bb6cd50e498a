package io.sparkplane.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.launcher.Launcher;
import io.sparkplane.launcher.LauncherClasspath;
import io.sparkplane.launcher.testing.RecordingEngineApi.StateReport;
import io.sparkplane.launcher.testing.RecordingEngineApi;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.AttemptOutcome;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.engine.WarmClusterStatus;
import io.sparkplane.spi.launch.AttemptOutcomeCodec;
import io.sparkplane.spi.launch.WorkDirectory;
import io.sparkplane.testkit.localspark.TunedSparkHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local backend with real PySpark from the project's {@code .venv} (system property
 * {@code sparkplane.python}) and the launcher as a real process, reporting to
 * {@link RecordingEngineApi}, a recording fake of the control plane's internal engine API.
 */
class LocalEngineBackendIT {

    private static final Duration SPARK_JOB_TIMEOUT = Duration.ofMinutes(3);

    private static Path python;
    private static Path sparkHome;
    private static RecordingEngineApi api;

    @TempDir
    Path directory;

    private final List<ClusterRef> provisioned = new ArrayList<>();
    private LocalEngineBackend backend;

    @BeforeAll
    static void startApi() throws Exception {
        python = pythonExecutable();
        // C1, the serial collector and one partition for the runs' JVMs, as in the end-to-end suite
        sparkHome = TunedSparkHome.at(Path.of("target", "spark-home").toAbsolutePath(), Path.of(run(python.toString(), "-c", "import pyspark, os; print(os.path.dirname(pyspark.__file__))").strip()));
        api = RecordingEngineApi.start();
    }

    @AfterAll
    static void stopApi() {
        if (api != null) {
            api.close();
        }
    }

    @AfterEach
    void terminateEverything() {
        provisioned.forEach(backend::terminate);
    }

    @Test
    void runsAPySparkJobToSuccess() throws Exception {
        Path job = job("ok.py", """
                from pyspark.sql import SparkSession, functions as F
                spark = SparkSession.builder.getOrCreate()
                df = spark.range(1000).withColumn("bucket", F.col("id") % 7)
                rows = df.groupBy("bucket").count().orderBy("bucket").collect()
                print("RESULT buckets=%d total=%d" % (len(rows), sum(r["count"] for r in rows)))
                spark.stop()
                """);
        LaunchSpec launch = launch(job.toString());
        ClusterRef cluster = provision(launch);
        assertThat(cluster.backend()).isEqualTo("local");
        assertThat(cluster.clusterName()).isEqualTo("sp-" + launch.runId() + "-1");

        StateReport last = api.awaitFinalState(launch.runId(), 1, SPARK_JOB_TIMEOUT).orElseThrow();

        assertThat(api.states(launch.runId(), 1)).extracting(StateReport::state).containsExactly("RUNNING", "SUCCEEDED");
        assertThat(last.exitCode()).isZero();
        assertThat(api.logText(launch.runId(), 1)).contains("RESULT buckets=7 total=1000", "[sparkplane] spark-submit exited with code 0");
        WorkDirectory workDirectory = workDirectory(cluster);
        assertThat(workDirectory.outcome()).exists();
        assertThat(awaitNotActive(cluster)).isEqualTo(new ClusterStatus.Finished(AttemptOutcome.succeeded("spark-submit exited with code 0", 0)));
        assertThat(api.log(launch.runId(), 1)).hasSize((int) Files.size(workDirectory.driverLog()));
        assertThat(Files.getPosixFilePermissions(workDirectory.launchSpec())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(workDirectory.launcherLog())).contains("run=" + launch.runId()).doesNotContain(launch.token());
        assertThat(Files.readString(workDirectory.driverLog())).doesNotContain(launch.token());
        // The outcome is on disk before the launcher's last report; the launcher exits right after,
        // while the master and worker stay until the control plane terminates the cluster.
        ProcessHandle.of(Long.parseLong(cluster.attribute("pid"))).ifPresent(launcher -> launcher.onExit().join());
        assertThat(ClusterDirectory.of(workDirectory.root()).master()).exists();
        assertThat(api.logText(launch.runId(), 1)).contains("spark://127.0.0.1:");
        backend.terminate(cluster);
        assertThat(awaitNoProcesses(launch.runId())).isEmpty();
    }

    @Test
    void aWarmClusterRunsTheRunThatTakesItOnItsRunningDriver() throws Exception {
        Path job = job("warm.py", """
                import sys
                from pyspark.sql import SparkSession
                spark = SparkSession.builder.appName("ignored on a warm driver").getOrCreate()
                total = spark.range(100).groupBy().sum("id").collect()[0][0]
                print("RESULT total=%d partitions=%s args=%s app=%s" % (total, spark.conf.get("spark.sql.shuffle.partitions"),
                      ",".join(sys.argv[1:]), spark.sparkContext.applicationId))
                """);
        backend = new LocalEngineBackend("local", configuration());
        String warmId = "wp-" + UUID.randomUUID().toString().substring(0, 8);
        LaunchSpec template = new LaunchSpec(warmId, 1, "warm", api.url(), "", new Entrypoint.PythonFile("warm_driver.py"),
                List.of(), List.of(), List.of(), List.of(), List.of(), Map.of("spark.sql.shuffle.partitions", "2"), Map.of(),
                new EngineResources(1, 512, 1, 512, 1, 2));
        ClusterRef warm = backend.prewarm(new ClusterSpec("sp-" + warmId, template.resources(), 1, Duration.ofSeconds(60), "4.0", template,
                "default"));
        provisioned.add(warm);
        LaunchSpec launch = launch(job.toString());
        launch = new LaunchSpec(launch.runId(), 1, launch.runName(), launch.controlPlaneUrl(), launch.token(), launch.entrypoint(),
                List.of("a", "b c"), List.of(), List.of(), List.of(), List.of(), Map.of("spark.sql.shuffle.partitions", "3"), Map.of(),
                launch.resources());
        ClusterSpec spec = clusterSpec(launch);
        assertThatThrownBy(() -> backend.provisionOnWarm(warm, spec)).hasMessageContaining("is not ready");

        long deadline = System.nanoTime() + SPARK_JOB_TIMEOUT.toNanos();
        while (backend.describeWarm(warm).phase() != WarmClusterStatus.Phase.READY && System.nanoTime() < deadline) {
            assertThat(backend.describeWarm(warm).phase()).isEqualTo(WarmClusterStatus.Phase.STARTING);
            Thread.sleep(100);
        }
        String applicationId = Files.readString(workDirectory(warm).warmReady()).strip();
        ClusterRef cluster = backend.provisionOnWarm(warm, spec);
        assertThat(backend.provisionOnWarm(warm, spec)).isEqualTo(cluster);
        assertThat(cluster.clusterName()).isEqualTo("sp-" + warmId);
        assertThat(backend.describeWarm(warm).phase()).isEqualTo(WarmClusterStatus.Phase.GONE);

        StateReport last = api.awaitFinalState(launch.runId(), 1, SPARK_JOB_TIMEOUT).orElseThrow();

        assertThat(last.state()).isEqualTo("SUCCEEDED");
        assertThat(api.logText(launch.runId(), 1))
                .contains("RESULT total=4950 partitions=3 args=a,b c app=" + applicationId, "[sparkplane] the warm driver exited with code 0")
                .doesNotContain(launch.token());
        assertThat(awaitNotActive(cluster)).isEqualTo(new ClusterStatus.Finished(AttemptOutcome.succeeded("the warm driver exited with code 0", 0)));
        backend.terminate(cluster);
        assertThat(awaitNoProcesses(warmId)).isEmpty();
    }

    @Test
    void aWarmDriverReportsTheRunsPythonExceptionAsUserCodeError() throws Exception {
        Path job = job("warm-fails.py", """
                raise ValueError("bad input row 7")
                """);
        backend = new LocalEngineBackend("local", configuration());
        String warmId = "wp-" + UUID.randomUUID().toString().substring(0, 8);
        LaunchSpec template = new LaunchSpec(warmId, 1, "warm", api.url(), "", new Entrypoint.PythonFile("warm_driver.py"),
                List.of(), List.of(), List.of(), List.of(), List.of(), Map.of("spark.sql.shuffle.partitions", "2"), Map.of(),
                new EngineResources(1, 512, 1, 512, 0, 2));
        ClusterRef warm = backend.prewarm(new ClusterSpec("sp-" + warmId, template.resources(), 0, Duration.ofSeconds(60), "4.0", template,
                "default"));
        provisioned.add(warm);
        long deadline = System.nanoTime() + SPARK_JOB_TIMEOUT.toNanos();
        while (backend.describeWarm(warm).phase() != WarmClusterStatus.Phase.READY && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        LaunchSpec launch = launch(job.toString());
        backend.provisionOnWarm(warm, clusterSpec(launch));

        StateReport last = api.awaitFinalState(launch.runId(), 1, SPARK_JOB_TIMEOUT).orElseThrow();

        assertThat(last.state()).isEqualTo("FAILED");
        assertThat(last.failure()).isEqualTo("USER_CODE_ERROR");
        assertThat(last.message()).isEqualTo("ValueError: bad input row 7");
        assertThat(last.exitCode()).isEqualTo(1);
    }

    @Test
    void reportsAPythonExceptionAsUserCodeError() throws Exception {
        Path job = job("fails.py", """
                def parse(row):
                    raise ValueError("bad input row %d" % row)
                parse(7)
                """);
        LaunchSpec launch = launch(job.toString());
        ClusterRef cluster = provision(launch);

        StateReport last = api.awaitFinalState(launch.runId(), 1, SPARK_JOB_TIMEOUT).orElseThrow();

        assertThat(last.state()).isEqualTo("FAILED");
        assertThat(last.failure()).isEqualTo("USER_CODE_ERROR");
        assertThat(last.message()).isEqualTo("ValueError: bad input row 7");
        assertThat(last.exitCode()).isEqualTo(1);
        assertThat(awaitNotActive(cluster)).isEqualTo(new ClusterStatus.Finished(
                AttemptOutcome.failed(AttemptFailure.USER_CODE_ERROR, "ValueError: bad input row 7", 1)));
    }

    @Test
    void terminateKillsEveryProcessOfTheRun() throws Exception {
        Path job = job("long.py", """
                import time
                from pyspark.sql import SparkSession
                spark = SparkSession.builder.getOrCreate()
                # python workers (the pyspark daemon and its children) outlive tasks: terminate must catch them too
                print("WORKERS %d" % spark.sparkContext.parallelize(range(10), 2).map(lambda x: x * 2).count())
                print("READY", flush=True)
                time.sleep(600)
                """);
        LaunchSpec launch = launch(job.toString());
        ClusterRef cluster = provision(launch);
        assertThat(api.awaitLogContaining(launch.runId(), 1, "READY", SPARK_JOB_TIMEOUT)).isTrue();
        assertThat(backend.describe(cluster)).isInstanceOf(ClusterStatus.Active.class);
        assertThat(processesOf(launch.runId())).hasSizeGreaterThanOrEqualTo(4); // launcher, spark-submit, python driver, pyspark daemon

        backend.terminate(cluster);

        assertThat(processesOf(launch.runId())).isEmpty();
        assertThat(backend.describe(cluster)).isInstanceOf(ClusterStatus.Gone.class)
                .satisfies(status -> assertThat(((ClusterStatus.Gone) status).detail()).contains("exited without reporting an outcome"));
        assertThat(api.states(launch.runId(), 1)).extracting(StateReport::state).containsExactly("RUNNING");
        backend.terminate(cluster); // idempotent
    }

    @Test
    void failsStagingForAMissingEntrypoint() throws Exception {
        Path missing = directory.resolve("does-not-exist.py");
        LaunchSpec launch = launch(missing.toString());
        ClusterRef cluster = provision(launch);

        StateReport last = api.awaitFinalState(launch.runId(), 1, SPARK_JOB_TIMEOUT).orElseThrow();

        assertThat(last.state()).isEqualTo("FAILED");
        assertThat(last.failure()).isEqualTo("STAGING_FAILED");
        assertThat(last.message()).contains(missing.toString());
        assertThat(last.exitCode()).isNull();
        assertThat(api.states(launch.runId(), 1)).hasSize(1);
        ClusterStatus status = awaitNotActive(cluster);
        assertThat(status).isInstanceOf(ClusterStatus.Finished.class);
        assertThat(((ClusterStatus.Finished) status).outcome().failure()).isEqualTo(AttemptFailure.STAGING_FAILED);
    }

    private ClusterRef provision(LaunchSpec launch) {
        if (backend == null) {
            backend = new LocalEngineBackend("local", configuration());
        }
        ClusterRef cluster = backend.provision(clusterSpec(launch));
        provisioned.add(cluster);
        return cluster;
    }

    private LocalBackendConfiguration configuration() {
        return new LocalBackendConfiguration(sparkHome, python, Path.of(System.getProperty("java.home")), directory.resolve("work"),
                LauncherClasspath.fromCodeSources(), Launcher.class.getName())
                .withHeartbeatInterval(Duration.ofMillis(500))
                .withReportDeadline(Duration.ofSeconds(30));
    }

    private static ClusterSpec clusterSpec(LaunchSpec launch) {
        return new ClusterSpec(ClusterSpec.nameFor(launch.runId(), launch.attempt()), launch.resources(), 1, Duration.ofSeconds(60),
                "4.0", launch, "default");
    }

    private LaunchSpec launch(String entrypoint) {
        String runId = "it-" + UUID.randomUUID().toString().substring(0, 8);
        String token = "token-" + UUID.randomUUID();
        api.expect(runId, 1, token);
        return new LaunchSpec(runId, 1, "local backend IT", api.url(), token, new Entrypoint.PythonFile(entrypoint),
                List.of(), List.of(), List.of(), List.of(), List.of(), Map.of("spark.sql.shuffle.partitions", "2"), Map.of(),
                new EngineResources(1, 512, 1, 512, 1, 2));
    }

    private Path job(String name, String source) throws IOException {
        return Files.writeString(directory.resolve(name), source);
    }

    private static WorkDirectory workDirectory(ClusterRef cluster) {
        return new WorkDirectory(Path.of(cluster.attribute("workDir")));
    }

    private ClusterStatus awaitNotActive(ClusterRef cluster) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        ClusterStatus status = backend.describe(cluster);
        while (status instanceof ClusterStatus.Active && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = backend.describe(cluster);
        }
        return status;
    }

    static List<Long> awaitNoProcesses(String runId) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        List<Long> left = processesOf(runId);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = processesOf(runId);
        }
        return left;
    }

    /** Every process whose environment says it belongs to the run: read straight from /proc. */
    static List<Long> processesOf(String runId) throws IOException {
        List<Long> found = new ArrayList<>();
        String entry = "SPARKPLANE_RUN_ID=" + runId;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), path -> path.getFileName().toString().matches("\\d+"))) {
            for (Path process : entries) {
                try {
                    String environment = new String(Files.readAllBytes(process.resolve("environ")), StandardCharsets.UTF_8);
                    if (List.of(environment.split("\0")).contains(entry)) {
                        found.add(Long.parseLong(process.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        }
        return found;
    }

    static Path pythonExecutable() {
        String configured = System.getProperty("sparkplane.python");
        if (configured != null && !configured.isBlank() && !configured.contains("${")) {
            return Path.of(configured);
        }
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            Path candidate = directory.resolve(".venv/bin/python");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no python with pyspark: set -Dsparkplane.python=/path/to/.venv/bin/python");
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
