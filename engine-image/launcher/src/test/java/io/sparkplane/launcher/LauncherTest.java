package io.sparkplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.api.contract.OpenApiContract;
import io.sparkplane.launcher.testing.RecordingEngineApi.StateReport;
import io.sparkplane.launcher.testing.RecordingEngineApi;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.AttemptOutcome;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.launch.AttemptOutcomeCodec;
import io.sparkplane.spi.launch.LaunchSpecCodec;
import io.sparkplane.spi.launch.WorkDirectory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher end to end, in-process, against {@link RecordingEngineApi} and a fake
 * {@code spark-submit} shell script (the real one runs in the local backend's IT).
 */
class LauncherTest {

    private static final String TOKEN = "tok-" + "abc123secret";

    @TempDir
    Path directory;

    private RecordingEngineApi api;
    private WorkDirectory workDirectory;
    private Path sparkHome;
    private Path entrypoint;
    private final ByteArrayOutputStream launcherOutput = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        api = RecordingEngineApi.start();
        api.expect("run-1", 1, TOKEN);
        workDirectory = new WorkDirectory(Files.createDirectories(directory.resolve("work")));
        sparkHome = Files.createDirectories(directory.resolve("spark"));
        Files.createDirectories(sparkHome.resolve("bin"));
        entrypoint = Files.writeString(directory.resolve("main.py"), "print('hello')\n");
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    @Test
    void reportsRunningThenSucceededAndShipsTheLog() throws Exception {
        fakeSparkSubmit("""
                echo "args: $*"
                echo "run id: $SPARKPLANE_RUN_ID, cwd: $(pwd), local ip: $SPARK_LOCAL_IP"
                echo "to stderr" >&2
                sleep 0.5
                exit 0
                """);
        writeSpec(entrypoint.toString());

        assertThat(launcher(Map.of()).run()).isZero();

        assertThat(api.states("run-1", 1)).extracting(StateReport::state).containsExactly("RUNNING", "SUCCEEDED");
        assertThat(api.states("run-1", 1).get(1).exitCode()).isZero();
        assertThat(api.heartbeats("run-1", 1)).isPositive();
        String log = api.logText("run-1", 1);
        assertThat(log).isEqualTo(Files.readString(workDirectory.driverLog()))
                .contains("[sparkplane] spark-submit command: " + sparkHome + "/bin/spark-submit --master local[2] --name 'test run'")
                .contains("run id: run-1, cwd: " + workDirectory.jobDirectory() + ", local ip: 127.0.0.1")
                .contains("to stderr")
                .contains("[sparkplane] spark-submit exited with code 0");
        assertThat(AttemptOutcomeCodec.read(workDirectory.outcome())).isEqualTo(AttemptOutcome.succeeded("spark-submit exited with code 0", 0));
        assertThat(launcherOutput.toString(StandardCharsets.UTF_8)).contains("level=INFO run=run-1 attempt=1").doesNotContain(TOKEN);
        assertThat(log).doesNotContain(TOKEN);
    }

    @Test
    void reportsTheExceptionLineOfAFailedJob() throws Exception {
        fakeSparkSubmit("""
                echo "26/11/25 04:42:27 INFO SparkContext: Running Spark version 4.0.1"
                printf 'Traceback (most recent call last):\\n  File "/tmp/job.py", line 3, in <module>\\n    raise ValueError("bad input row 7")\\nValueError: bad input row 7\\n' >&2
                exit 1
                """);
        writeSpec(entrypoint.toString());

        assertThat(launcher(Map.of()).run()).isZero();

        StateReport last = api.states("run-1", 1).get(api.states("run-1", 1).size() - 1);
        assertThat(last).isEqualTo(new StateReport("FAILED", "USER_CODE_ERROR", "ValueError: bad input row 7", 1, last.json()));
        assertThat(AttemptOutcomeCodec.read(workDirectory.outcome()))
                .isEqualTo(AttemptOutcome.failed(AttemptFailure.USER_CODE_ERROR, "ValueError: bad input row 7", 1));
    }

    @Test
    void fallsBackToTheExitCode() throws Exception {
        fakeSparkSubmit("echo nothing useful; exit 3\n");
        writeSpec(entrypoint.toString());

        launcher(Map.of()).run();

        assertThat(api.awaitFinalState("run-1", 1, java.time.Duration.ZERO).orElseThrow().message()).isEqualTo("spark-submit exited with code 3");
    }

    @Test
    void failsStagingWithoutRunningSparkSubmit() throws Exception {
        fakeSparkSubmit("touch " + directory.resolve("ran") + "\n");
        Path missing = directory.resolve("nope.py");
        writeSpec(missing.toString());

        launcher(Map.of()).run();

        assertThat(api.states("run-1", 1)).singleElement().satisfies(report -> {
            assertThat(report.state()).isEqualTo("FAILED");
            assertThat(report.failure()).isEqualTo("STAGING_FAILED");
            assertThat(report.message()).contains(missing.toString());
            assertThat(report.exitCode()).isNull();
            assertThat(report.json()).doesNotContain("exitCode");
        });
        assertThat(directory.resolve("ran")).doesNotExist();
        assertThat(api.logText("run-1", 1)).contains("[sparkplane] staging failed: entrypoint file " + missing);
    }

    @Test
    void failsTheLaunchWhenSparkSubmitCannotStart() throws Exception {
        writeSpec(entrypoint.toString()); // no bin/spark-submit

        launcher(Map.of()).run();

        StateReport last = api.awaitFinalState("run-1", 1, java.time.Duration.ZERO).orElseThrow();
        assertThat(last.failure()).isEqualTo("LAUNCH_FAILED");
        assertThat(last.message()).startsWith("cannot start spark-submit");
        assertThat(last.exitCode()).isNull();
    }

    @Test
    void failsTheLaunchWithoutSparkHome() throws Exception {
        writeSpec(entrypoint.toString());
        Map<String, String> environment = new HashMap<>(environment(Map.of()));
        environment.remove("SPARK_HOME");

        new Launcher(workDirectory, environment, EngineApiClient.defaultHttpClient(), new PrintStream(launcherOutput, true)).run();

        StateReport last = api.awaitFinalState("run-1", 1, java.time.Duration.ZERO).orElseThrow();
        assertThat(last.failure()).isEqualTo("LAUNCH_FAILED");
        assertThat(last.message()).contains("SPARK_HOME");
    }

    @Test
    void keepsTryingWhileTheControlPlaneFailsAndLosesNoLogBytes() throws Exception {
        // more than one chunk of log, and the first requests fail
        fakeSparkSubmit("""
                i=0
                while [ $i -lt 6000 ]; do echo "line $i of a long driver log ........................................"; i=$((i+1)); done
                exit 0
                """);
        writeSpec(entrypoint.toString());
        api.failNextRequests(4);

        launcher(Map.of()).run();

        assertThat(api.failedRequests()).isEqualTo(4);
        assertThat(api.log("run-1", 1).length).isEqualTo(Files.size(workDirectory.driverLog()));
        assertThat(api.logText("run-1", 1)).isEqualTo(Files.readString(workDirectory.driverLog()));
        assertThat(Files.size(workDirectory.driverLog())).isGreaterThan(LogShipper.MAX_CHUNK_BYTES);
        assertThat(api.states("run-1", 1)).extracting(StateReport::state).endsWith("SUCCEEDED");
    }

    @Test
    void stopsReportingWhenTheAttemptIsNoLongerCurrent() throws Exception {
        fakeSparkSubmit("sleep 1; exit 0\n");
        writeSpec(entrypoint.toString());
        api.markNotCurrent("run-1", 1);

        assertThat(launcher(Map.of()).run()).isZero();

        assertThat(api.states("run-1", 1)).isEmpty();
        assertThat(api.heartbeats("run-1", 1)).isZero();
        assertThat(launcherOutput.toString(StandardCharsets.UTF_8)).contains("no longer current");
        assertThat(workDirectory.outcome()).exists();
    }

    @Test
    void reportsNothingWhenTheBackendTerminatesTheCluster() throws Exception {
        fakeSparkSubmit("touch " + workDirectory.terminateRequested() + "; exit 143\n");
        writeSpec(entrypoint.toString());

        assertThat(launcher(Map.of()).run()).isZero();

        assertThat(api.states("run-1", 1)).extracting(StateReport::state).doesNotContain("SUCCEEDED", "FAILED");
        assertThat(workDirectory.outcome()).doesNotExist();
    }

    @Test
    void givesUpReportingAtTheDeadline() throws Exception {
        fakeSparkSubmit("exit 0\n");
        writeSpec(entrypoint.toString());
        api.failNextRequests(Integer.MAX_VALUE);

        long started = System.nanoTime();
        assertThat(launcher(Map.of("SPARKPLANE_REPORT_DEADLINE_MILLIS", "1500")).run()).isZero();

        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(15));
        assertThat(api.states("run-1", 1)).isEmpty();
        assertThat(workDirectory.outcome()).exists();
    }

    @Test
    void heartbeatsCarryTheListenersBacklogWhileItIsFresh() throws Exception {
        // the fake driver writes a snapshot as the listener would, lets heartbeats carry it, and exits
        fakeSparkSubmit("""
                now=$(date -u +%%Y-%%m-%%dT%%H:%%M:%%SZ)
                printf '{"at":"%%s","pendingTasks":5,"runningTasks":3,"completedTasks":7,"failedTasks":1,"executorsAlive":2,"executorsBusy":2,"meanTaskMillis":1200,"stages":[{"stageId":4,"stageAttempt":0,"name":"sum at job.py:9","numTasks":15,"pendingTasks":5,"runningTasks":3,"completedTasks":7}]}' "$now" > backlog.tmp
                mv backlog.tmp %s
                sleep 1
                exit 0
                """.formatted(workDirectory.backlog()));
        writeSpec(entrypoint.toString());

        launcher(Map.of("SPARKPLANE_LISTENER_JAR", "/opt/sparkplane/listener.jar")).run();

        assertThat(api.logText("run-1", 1))
                .contains("--conf spark.extraListeners=io.sparkplane.listener.BacklogListener")
                .contains("--conf spark.driver.extraClassPath=/opt/sparkplane/listener.jar")
                .contains("--conf spark.sparkplane.backlog.file=" + workDirectory.backlog());
        List<String> bodies = api.heartbeatBodies("run-1", 1);
        OpenApiContract contract = OpenApiContract.load();
        for (String body : bodies) {
            assertThat(contract.validateRequestBody("POST", "/internal/v1/runs/run-1/attempts/1/heartbeat", body)).as(body).isEmpty();
        }
        JsonNode backlog = bodies.stream().map(LauncherTest::json).filter(body -> body.has("backlog")).findFirst()
                .orElseThrow(() -> new AssertionError("no heartbeat carried the backlog: " + bodies)).get("backlog");
        assertThat(backlog.get("pendingTasks").asInt()).isEqualTo(5);
        assertThat(backlog.get("runningTasks").asInt()).isEqualTo(3);
        assertThat(backlog.get("completedTasks").asInt()).isEqualTo(7);
        assertThat(backlog.get("failedTasks").asInt()).isEqualTo(1);
        assertThat(backlog.get("executorsAlive").asInt()).isEqualTo(2);
        assertThat(backlog.get("executorsBusy").asInt()).isEqualTo(2);
        assertThat(backlog.get("meanTaskMillis").asLong()).isEqualTo(1200);
        assertThat(backlog.get("stages").get(0).get("name").asText()).isEqualTo("sum at job.py:9");
    }

    @Test
    void aDriverKilledBySigkillIsAnEngineLoss() throws Exception {
        fakeSparkSubmit("echo starting; kill -9 $$\n");
        writeSpec(entrypoint.toString());

        launcher(Map.of()).run();

        StateReport last = api.awaitFinalState("run-1", 1, java.time.Duration.ZERO).orElseThrow();
        assertThat(last.failure()).isEqualTo("ENGINE_LOST");
        assertThat(last.message()).contains("SIGKILL", "not by Sparkplane");
        assertThat(last.exitCode()).isEqualTo(137);
        assertThat(AttemptOutcomeCodec.read(workDirectory.outcome()).failure()).isEqualTo(AttemptFailure.ENGINE_LOST);
    }

    @Test
    void waitsForTheStandaloneMasterAndSubmitsToIt() throws Exception {
        fakeSparkSubmit("echo \"args: $*\"; exit 0\n");
        writeSpec(entrypoint.toString());
        try (ServerSocket master = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "spark://127.0.0.1:" + master.getLocalPort();

            launcher(Map.of("SPARKPLANE_SPARK_MASTER", url)).run();

            assertThat(api.states("run-1", 1)).extracting(StateReport::state).endsWith("SUCCEEDED");
            assertThat(api.logText("run-1", 1)).contains("args: --master " + url + " ")
                    .contains("spark.executor.memory=512m", "spark.decommission.enabled=true");
        }
    }

    @Test
    void failsTheLaunchWhenTheMasterNeverComesUp() throws Exception {
        fakeSparkSubmit("touch " + directory.resolve("ran") + "\n");
        writeSpec(entrypoint.toString());
        int port;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = socket.getLocalPort();
        }
        String url = "spark://127.0.0.1:" + port;

        launcher(Map.of("SPARKPLANE_SPARK_MASTER", url, "SPARKPLANE_MASTER_WAIT_MILLIS", "1500")).run();

        StateReport last = api.awaitFinalState("run-1", 1, java.time.Duration.ZERO).orElseThrow();
        assertThat(last.failure()).isEqualTo("LAUNCH_FAILED");
        assertThat(last.message()).isEqualTo("the Spark master at " + url + " did not come up within 1 s");
        assertThat(last.exitCode()).isNull();
        assertThat(directory.resolve("ran")).doesNotExist();
        assertThat(api.logText("run-1", 1)).contains("[sparkplane] waiting up to 1 s for the Spark master at " + url);
    }

    private static JsonNode json(String body) {
        try {
            return new ObjectMapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private Launcher launcher(Map<String, String> extra) {
        return new Launcher(workDirectory, environment(extra), EngineApiClient.defaultHttpClient(), new PrintStream(launcherOutput, true));
    }

    private Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "SPARK_HOME", sparkHome.toString(),
                "PYSPARK_PYTHON", "/usr/bin/python3",
                "SPARKPLANE_HEARTBEAT_MILLIS", "100",
                "SPARKPLANE_REPORT_DEADLINE_MILLIS", "20000"));
        environment.putAll(extra);
        return environment;
    }

    private void fakeSparkSubmit(String body) throws Exception {
        Path script = sparkHome.resolve("bin").resolve("spark-submit");
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    }

    private void writeSpec(String entrypointLocation) throws Exception {
        LaunchSpec spec = new LaunchSpec("run-1", 1, "test run", api.url(), TOKEN, new Entrypoint.PythonFile(entrypointLocation),
                List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), Map.of(), new EngineResources(1, 512, 1, 512, 1, 2));
        Files.write(workDirectory.launchSpec(), LaunchSpecCodec.encode(spec));
    }
}
