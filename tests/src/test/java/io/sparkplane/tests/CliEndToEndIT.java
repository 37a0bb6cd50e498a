package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI as a pipeline uses it, against the packaged control plane (embedded PostgreSQL,
 * local backend, real PySpark): an exit code for each way a run ends, the log followed, SIGTERM cancelling,
 * idempotent retries inside a CI job, profiles, tokens, workspaces and artifacts.
 */
class CliEndToEndIT {

    private static final Path JOBS = Path.of("src/test/resources/jobs").toAbsolutePath();
    private static final Path EXAMPLE = ControlPlaneProcess.ROOT.resolve("examples/jobs/sales_by_region.py");
    private static final Path SALES = ControlPlaneProcess.ROOT.resolve("examples/data/sales.csv");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SUBMITTED = Pattern.compile("submitted run ([0-9a-f-]{36})");

    @TempDir
    static Path home;

    private static ControlPlaneProcess controlPlane;
    private static SparkplaneClient api;
    private static CliProcess cli;

    @BeforeAll
    static void start() throws Exception {
        controlPlane = new ControlPlaneProcess(Files.createDirectories(home.resolve("control-plane"))).start();
        api = controlPlane.client();
        cli = new CliProcess(Files.createDirectories(home.resolve("user"))).of(controlPlane);
    }

    @AfterAll
    static void stop() throws Exception {
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    @Test
    void aSucceedingJobExitsZeroWithItsLogFollowedAndQuiet() throws Exception {
        CliProcess.Result result = cli.run("runs", "submit", "--wait", "--follow", "--name", "cli-success", "--files", SALES.toString(),
                EXAMPLE.toString(), "sales.csv", "sales-report");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("RESULT region=east orders=1035 units=11096 revenue=102255.07")
                .contains("in the driver's working directory: sales.csv");
        // the driver starts at WARN, and the spark-submit line names the connector jars once
        assertThat(result.out()).doesNotContain("INFO SparkContext").doesNotContain("hadoop-aws-3.4.1.jar")
                .contains("$CONNECTORS: the ");
        assertThat(result.out().indexOf("spark-submit command")).isLessThan(result.out().indexOf("RESULT region=east"));
        assertThat(result.err()).contains(" QUEUED\n").contains(" RUNNING\n").contains(" SUCCEEDED\n")
                .containsPattern("run [0-9a-f-]{36} \\(cli-success\\) SUCCEEDED in [0-9.]+s").doesNotContain("(SUCCESS)");
    }

    @Test
    void aFailingJobExitsOneAndSaysThePythonError() throws Exception {
        CliProcess.Result result = cli.run("runs", "submit", "--wait", JOBS.resolve("fails_with_value_error.py").toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("FAILED: USER_CODE_ERROR: ValueError: bad input row 7").doesNotContain("\tat ");
        assertThat(result.out()).as("--wait without --follow prints no log").isEmpty();
    }

    @Test
    void sigtermDuringTheWaitCancelsTheRunAndTearsItsClusterDown() throws Exception {
        Sleeper sleeper = startSleeper("sigterm");
        String runId = sleeper.runId();
        Process waiting = sleeper.process();
        Path err = sleeper.err();
        assertThat(EngineProcesses.of(runId)).isNotEmpty();

        waiting.destroy();
        assertThat(waiting.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(waiting.exitValue()).as(Files.readString(err)).isEqualTo(3);
        assertThat(Files.readString(err)).contains("interrupted; cancelling run " + runId).contains("CANCELLED");
        assertThat(api.run(runId).get("state").asText()).isEqualTo("CANCELLED");
        assertThat(EngineProcesses.awaitNone(runId, Duration.ofSeconds(60))).as("the run's engine processes").isEmpty();
    }

    @Test
    void aRunWhoseEngineIsLostExitsFive() throws Exception {
        Sleeper sleeper = startSleeper("lost");
        String runId = sleeper.runId();
        Process waiting = sleeper.process();
        Path err = sleeper.err();
        List<Long> drivers = EngineProcesses.running(runId, "org.apache.spark.deploy.SparkSubmit");
        assertThat(drivers).hasSize(1);

        new ProcessBuilder("kill", "-KILL", Long.toString(drivers.get(0))).start().waitFor();

        assertThat(waiting.waitFor(90, TimeUnit.SECONDS)).as(Files.readString(err)).isTrue();
        assertThat(waiting.exitValue()).as(Files.readString(err)).isEqualTo(5);
        assertThat(Files.readString(err)).contains("FAILED: ENGINE_LOST");
    }

    @Test
    void aRunPastItsTimeoutExitsFourAndSoDoesAWaitPastItsOwn() throws Exception {
        CliProcess.Result submitted = cli.run("runs", "submit", "--quiet", "--timeout", "15s", JOBS.resolve("sleeps.py").toString(), "600");
        assertThat(submitted.exitCode()).as(submitted.toString()).isZero();
        String runId = submitted.out().strip();
        assertThat(runId).matches("[0-9a-f-]{36}");

        CliProcess.Result impatient = cli.run("runs", "wait", "--wait-timeout", "2s", runId);
        assertThat(impatient.exitCode()).as(impatient.toString()).isEqualTo(4);
        assertThat(impatient.err()).contains("run " + runId + " is still").contains("it goes on");

        CliProcess.Result timedOut = cli.run("runs", "wait", runId);
        assertThat(timedOut.exitCode()).as(timedOut.toString()).isEqualTo(4);
        assertThat(timedOut.err()).contains("TIMED_OUT");
    }

    @Test
    void aWrongTokenExitsSixSayingWhereTheTokenCameFrom() throws Exception {
        CliProcess.Result result = cli.run(Map.of("SPARKPLANE_TOKEN", "spk_" + "x".repeat(43)), "runs", "list");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(6);
        assertThat(result.err()).contains("Unauthorized (401)").contains("The token came from SPARKPLANE_TOKEN").contains("sparkplane login")
                .doesNotContain("\tat ");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void usageErrorsExitTwoNamingTheOption() throws Exception {
        CliProcess.Result unknown = cli.run("runs", "submit", "--no-such-flag", EXAMPLE.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--no-such-flag'").contains("Usage: sparkplane runs submit");

        long before = api.listRuns("?limit=200").get("items").size();
        CliProcess.Result refused = cli.run("runs", "submit", "--executor-memory", "3x", "--conf", "spark.master=local", EXAMPLE.toString());
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("(400)").contains("resources.executor.memory (--executor-memory):")
                .contains("sparkConf.spark.master (--conf):");
        assertThat(api.listRuns("?limit=200").get("items").size()).as("nothing was submitted").isEqualTo(before);
    }

    @Test
    void aRetriedCiStepFindsTheRunItsFirstTryStarted() throws Exception {
        Map<String, String> github = new HashMap<>(Map.of("GITHUB_ACTIONS", "true", "GITHUB_RUN_ID", "8800000001", "GITHUB_RUN_ATTEMPT", "1",
                "GITHUB_JOB", "report", "GITHUB_ACTION", "__run_2", "GITHUB_REPOSITORY", "acme/sales"));
        String[] submit = {"runs", "submit", "--quiet", "--name", "ci-retry", JOBS.resolve("sleeps.py").toString(), "600"};
        CliProcess.Result first = cli.run(github, submit);
        CliProcess.Result retried = cli.run(github, submit);
        github.put("GITHUB_RUN_ATTEMPT", "2");
        CliProcess.Result rerun = cli.run(github, submit);

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(retried.out().strip()).isEqualTo(first.out().strip());
        assertThat(rerun.out().strip()).isNotEqualTo(first.out().strip());
        for (String runId : List.of(first.out().strip(), rerun.out().strip())) {
            CliProcess.Result cancelled = cli.run("runs", "cancel", "--wait", runId);
            assertThat(cancelled.exitCode()).as(cancelled.toString()).isEqualTo(3);
        }
    }

    @Test
    void aProfileTokensWorkspacesAndArtifactsFromTheCommandLine() throws Exception {
        assertThat(cli.run("workspaces", "create", "cli-team", "--display-name", "CLI team", "--max-queued-runs", "10").exitCode()).isZero();
        CliProcess.Result editor = cli.run("tokens", "create", "--name", "cli-editor", "--role", "editor", "--workspace", "cli-team", "--quiet");
        assertThat(editor.exitCode()).as(editor.toString()).isZero();
        String secret = editor.out().strip();
        assertThat(secret).startsWith("spk_");

        // a pipeline's machine: nothing but the profile login writes
        Path pipelineHome = Files.createDirectories(home.resolve("pipeline"));
        CliProcess bare = new CliProcess(pipelineHome);
        CliProcess.Result login = bare.run(Map.of(), secret + "\n", Duration.ofMinutes(1),
                "login", "--host", controlPlane.baseUri().toString(), "--profile", "team", "--workspace", "cli-team");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.err()).contains("token 'cli-editor' (editor in cli-team)");
        Path config = pipelineHome.resolve(".sparkplane/config");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
        assertThat(Files.readString(config)).contains("[team]").contains("workspace = cli-team");

        Path file = Files.writeString(pipelineHome.resolve("lookup.csv"), "region,label\neast,East\n");
        CliProcess.Result uploaded = bare.run("--profile", "team", "artifacts", "upload", file.toString(), "--quiet");
        assertThat(uploaded.exitCode()).as(uploaded.toString()).isZero();
        String ref = uploaded.out().strip();
        assertThat(ref).matches("artifact:sha256:[0-9a-f]{64}/lookup\\.csv");
        JsonNode listed = JSON.readTree(bare.run("--profile", "team", "artifacts", "list", "-o", "json").out());
        assertThat(listed.path("items").findValuesAsText("ref")).contains(ref);
        assertThat(listed.path("items").findValuesAsText("workspace")).containsOnly("cli-team");
        CliProcess.Result downloaded = bare.run("--profile", "team", "artifacts", "download", ref, "--to", pipelineHome.resolve("back.csv").toString());
        assertThat(downloaded.exitCode()).as(downloaded.toString()).isZero();
        assertThat(Files.readString(pipelineHome.resolve("back.csv"))).isEqualTo(Files.readString(file));

        JsonNode runs = JSON.readTree(bare.run("--profile", "team", "runs", "list", "-o", "json").out());
        assertThat(runs.has("items")).isTrue();
        CliProcess.Result version = bare.run("--profile", "team", "--version");
        assertThat(version.out()).contains("sparkplane CLI ").contains("control plane " + api.version() + " at " + controlPlane.baseUri());
        assertThat(bare.run("--profile", "team", "workspaces", "get", "cli-team", "-o", "yaml").out()).contains("id: cli-team")
                .contains("maxQueuedRuns: 10");

        CliProcess.Result viewer = cli.run("tokens", "create", "--name", "cli-viewer", "--role", "viewer", "--workspace", "cli-team", "-o", "json");
        JsonNode viewerToken = JSON.readTree(viewer.out());
        CliProcess.Result forbidden = bare.run(Map.of("SPARKPLANE_TOKEN", viewerToken.path("secret").asText()),
                "--profile", "team", "runs", "submit", EXAMPLE.toString());
        assertThat(forbidden.exitCode()).as(forbidden.toString()).isEqualTo(6);
        assertThat(forbidden.err()).contains("Forbidden (403)");

        assertThat(cli.run("tokens", "revoke", viewerToken.path("id").asText()).exitCode()).isZero();
        JsonNode tokens = JSON.readTree(cli.run("tokens", "list", "-o", "json").out());
        assertThat(tokens.path("items").findValuesAsText("name")).contains("cli-editor").doesNotContain("cli-viewer");
        CliProcess.Result refusedLogin = bare.run(Map.of(), viewerToken.path("secret").asText() + "\n", Duration.ofMinutes(1),
                "login", "--host", controlPlane.baseUri().toString(), "--profile", "revoked");
        assertThat(refusedLogin.exitCode()).isEqualTo(6);
        assertThat(Files.readString(config)).doesNotContain("[revoked]");
    }

    @Test
    void warmPoolsFromTheCommandLine() throws Exception {
        // size 0: a pool that keeps no cluster, so nothing starts on the test machine's two cores
        CliProcess.Result created = cli.run("warm-pools", "create", "cli-pool", "-w", "default", "--backend", "local", "--size", "0",
                "--idle-ttl", "PT5M", "--executor-memory", "2g");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out()).contains("cli-pool").contains("PT5M").contains("2g");

        CliProcess.Result updated = cli.run("warm-pools", "update", "cli-pool", "--idle-ttl", "PT7M");
        assertThat(updated.exitCode()).as(updated.toString()).isZero();
        JsonNode pool = JSON.readTree(cli.run("warm-pools", "get", "cli-pool", "-o", "json").out());
        assertThat(pool.path("idleTtl").asText()).isEqualTo("PT7M");
        assertThat(pool.at("/resources/executor/memory").asText()).as("what update was not given stays").isEqualTo("2g");
        assertThat(cli.run("warm-pools", "list", "--quiet").out().lines()).contains("cli-pool");

        CliProcess.Result refused = cli.run("warm-pools", "create", "bad-pool", "-w", "default", "--backend", "local", "--size", "99");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("(400)").contains("size (--size):");
        assertThat(cli.run("warm-pools", "get", "bad-pool").exitCode()).as("nothing was made").isEqualTo(6);

        assertThat(cli.run("warm-pools", "delete", "cli-pool").exitCode()).isZero();
        assertThat(cli.run("warm-pools", "get", "cli-pool").exitCode()).isEqualTo(6);
    }

    @Test
    void onThisMachineTheBootstrapTokenIsFoundWithoutConfiguration() throws Exception {
        CliProcess local = new CliProcess(Files.createDirectories(home.resolve("local-user")))
                .with("SPARKPLANE_HOST", "127.0.0.1:" + controlPlane.baseUri().getPort())
                .with("SPARKPLANE_HOME", controlPlane.home().toString());
        CliProcess.Result listed = local.run("workspaces", "list", "--quiet");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.out().lines()).contains("default");
    }

    /** A {@code runs submit --wait --follow} of a job that sleeps 10 minutes, going in the background. */
    private record Sleeper(Process process, String runId, Path err) {}

    /** Starts a {@link Sleeper} and returns once its job has started sleeping. */
    private static Sleeper startSleeper(String name) throws Exception {
        Path out = home.resolve(name + ".out");
        Path err = home.resolve(name + ".err");
        Process waiting = cli.start(Map.of(), null, out, err, "runs", "submit", "--wait", "--follow", JOBS.resolve("sleeps.py").toString(), "600");
        String runId = awaitLine(err, SUBMITTED, Duration.ofSeconds(60)).group(1);
        awaitLine(out, Pattern.compile("counted 1000 rows; sleeping"), Duration.ofMinutes(2));
        return new Sleeper(waiting, runId, err);
    }

    private static Matcher awaitLine(Path file, Pattern pattern, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = pattern.matcher(Files.readString(file));
            if (matcher.find()) {
                return matcher;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + pattern + " in " + file + " within " + timeout + ":\n" + Files.readString(file));
    }
}
