package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI's {@code jobs} and {@code schedules} against the packaged control plane: a job
 * saved from a file with a local entrypoint, changed, versioned, run with parameters and waited for,
 * and scheduled by cron and by interval until a schedule has fired a run of it. Its runs go to the
 * instant test backend (tests/instant-backend, loaded as a plug-in of this control plane), which
 * reports each run SUCCEEDED at once without starting Spark: what is tested here is the CLI and the
 * jobs API, and the local backend's Spark runs have their tests in CliEndToEndIT and RunsEndToEndIT.
 */
class CliJobsEndToEndIT {

    private static final Path JOBS = Path.of("src/test/resources/jobs").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    private static ControlPlaneProcess controlPlane;
    private static SparkplaneClient api;
    private static CliProcess cli;

    @BeforeAll
    static void start() throws Exception {
        Path plugins = pluginsWithTheInstantBackend(Files.createDirectories(home.resolve("plugins")));
        controlPlane = new ControlPlaneProcess(Files.createDirectories(home.resolve("control-plane")))
                .withEnvironment("SPARKPLANE_PLUGIN_DIRECTORY", plugins.toString())
                .withProperty("sparkplane.backends.instant.type", "instant-test")
                .withProperty("sparkplane.backends.instant.run-time", "PT0.5S")
                .withProperty("sparkplane.backends.instant.cluster-directory", home.resolve("instant-clusters").toString())
                .withProperty("sparkplane.default-backend", "instant")
                .start();
        api = controlPlane.client();
        cli = new CliProcess(Files.createDirectories(home.resolve("user"))).of(controlPlane);
    }

    @AfterAll
    static void stop() throws Exception {
        if (controlPlane != null) {
            controlPlane.close();
        }
        // the links only: the packaged plug-ins they point to stay (and JUnit says nothing of them)
        TemporaryDirectories.delete(home.resolve("plugins"));
    }

    @Test
    void aJobFileWithALocalEntrypointIsSavedChangedAndVersioned() throws Exception {
        Path project = Files.createDirectories(home.resolve("project/jobs"));
        Files.writeString(project.resolve("report.py"), "print('report')\n");
        Path jobFile = Files.writeString(project.resolveSibling("job.yaml"), """
                name: cli-report
                description: the daily report
                template:
                  entrypoint: {pythonFile: jobs/report.py}
                  args: ["{{day}}", "out/{{region}}"]
                  sparkConf: {spark.sql.shuffle.partitions: "8"}
                parameters:
                  - {name: day}
                  - {name: region, default: emea}
                labels: {team: reports}
                """);

        CliProcess.Result created = cli.run("jobs", "create", "-f", jobFile.toString(), "--quiet");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String id = created.out().strip();
        assertThat(id).matches("[0-9a-f-]{36}");

        CliProcess.Result changed = cli.run("jobs", "update", "cli-report", "--max-concurrent-runs", "2", "--param", "region=apac", "-o", "json");
        assertThat(changed.exitCode()).as(changed.toString()).isZero();
        assertThat(changed.err()).contains("job " + id + " (cli-report) is now version 2");
        JsonNode job = JSON.readTree(changed.out());
        assertThat(job.path("template").path("entrypoint").path("pythonFile").asText()).as("uploaded from beside job.yaml")
                .matches("artifact:sha256:[0-9a-f]{64}/report\\.py");
        assertThat(job.path("template").path("sparkConf").path("spark.sql.shuffle.partitions").asText()).isEqualTo("8");
        assertThat(job.path("parameters").toString()).isEqualTo("[{\"name\":\"day\"},{\"name\":\"region\",\"default\":\"apac\"}]");
        assertThat(job.path("maxConcurrentRuns").asInt()).isEqualTo(2);

        CliProcess.Result versions = cli.run("jobs", "versions", id);
        assertThat(versions.exitCode()).as(versions.toString()).isZero();
        assertThat(versions.out().lines().skip(1).map(line -> line.split(" +")[0])).containsExactly("2", "1");

        CliProcess.Result again = cli.run("jobs", "create", "-f", jobFile.toString());
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(6);
        assertThat(again.err()).contains("(409)").contains("cli-report");

        CliProcess.Result refused = cli.run("jobs", "create", "--name", "cli-refused", "--executor-memory", "3x", JOBS.resolve("greetings.py").toString());
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("(400)").contains("template.resources.executor.memory (--executor-memory):");
    }

    @Test
    void aJobRunTakesItsParametersAndExitsAsItsRunEnded() throws Exception {
        String id = saveJob("cli-run");

        CliProcess.Result missing = cli.run("jobs", "run", "cli-run");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.err()).contains("parameters.day (--param):");

        CliProcess.Result run = cli.run("jobs", "run", "cli-run", "--param", "day=2026-12-01", "--wait", "-o", "json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("of job " + id + " version 1").contains(" SUCCEEDED\n");
        JsonNode ended = JSON.readTree(run.out());
        assertThat(ended.path("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(ended.path("name").asText()).isEqualTo("cli-run 2026-12-01");
        assertThat(ended.path("job").path("id").asText()).isEqualTo(id);
    }

    @Test
    void anUpdateWithOptionsOnlyKeepsTheJobsOwnLocationsAndSecrets() throws Exception {
        // a control-plane path (a file of this machine too, here) and a secret, which the API shows as ***
        HttpResponse<String> saved = api.call("POST", "/api/v1/jobs", JSON.writeValueAsString(JSON.readTree("""
                {"name": "cli-kept", "template": {"entrypoint": {"pythonFile": "%s"},
                 "sparkConf": {"spark.hadoop.fs.s3a.secret.key": "hunter2", "spark.sql.shuffle.partitions": "8"}}}
                """.formatted(JOBS.resolve("greetings.py")))));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        String id = JSON.readTree(saved.body()).path("id").asText();

        CliProcess.Result changed = cli.run("jobs", "update", "cli-kept", "--max-concurrent-runs", "2", "-o", "json");
        assertThat(changed.exitCode()).as(changed.toString()).isZero();
        assertThat(changed.err()).contains("job " + id + " (cli-kept) is now version 2");
        JsonNode job = JSON.readTree(changed.out());
        assertThat(job.path("template").path("entrypoint").path("pythonFile").asText()).as("the server's path, not uploaded again")
                .isEqualTo(JOBS.resolve("greetings.py").toString());
        assertThat(job.path("template").path("sparkConf").path("spark.hadoop.fs.s3a.secret.key").asText()).isEqualTo("***");
        assertThat(job.path("maxConcurrentRuns").asInt()).isEqualTo(2);
    }

    @Test
    void aScheduleFiresARunOfItsJobAndIsResumedPausedChangedAndDeletedWithIt() throws Exception {
        String jobId = saveJob("cli-scheduled");
        // an interval whose first fire time comes soon after the schedule is made: the one run this test waits for. The margin
        // covers a fresh CLI JVM on a loaded machine, since a schedule made after its start fires first an interval later
        Instant soon = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        CliProcess.Result firing = cli.run("schedules", "create", "--job", "cli-scheduled", "--interval", "1h", "--start-at", soon.toString(),
                "--param", "day=2026-12-02", "-o", "json");
        assertThat(firing.exitCode()).as(firing.toString()).isZero();
        JsonNode firingSchedule = JSON.readTree(firing.out());
        String firingId = firingSchedule.path("id").asText();
        assertThat(Instant.parse(firingSchedule.path("nextFireTimes").path(0).asText())).as("made before its start (else it fires in an hour)")
                .isEqualTo(soon);

        // meanwhile a cron schedule, which is paused before and after it is shown active, so that it never fires here
        CliProcess.Result created = cli.run("schedules", "create", "--job", jobId, "--cron", "30 2 * * *", "--time-zone", "Europe/Berlin",
                "--param", "day=today", "--paused", "--quiet");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String cronId = created.out().strip();
        CliProcess.Result resumed = cli.run("schedules", "resume", cronId);
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("State:           ACTIVE").contains("When:            30 2 * * * Europe/Berlin");
        assertThat(resumed.out().lines().filter(line -> line.endsWith(" 02:30 Europe/Berlin)"))).as("the next five fire times").hasSize(5);
        CliProcess.Result paused = cli.run("schedules", "pause", cronId, "-o", "json");
        assertThat(paused.exitCode()).as(paused.toString()).isZero();
        assertThat(JSON.readTree(paused.out()).path("nextFireTimes").isEmpty()).isTrue();

        CliProcess.Result changed = cli.run("schedules", "update", cronId, "--interval", "15m", "-o", "json");
        assertThat(changed.exitCode()).as(changed.toString()).isZero();
        JsonNode schedule = JSON.readTree(changed.out());
        assertThat(schedule.path("interval").asText()).isEqualTo("PT15M");
        assertThat(schedule.has("cron") || schedule.has("timeZone")).isFalse();
        assertThat(schedule.path("paused").asBoolean()).as("kept").isTrue();
        assertThat(schedule.path("parameters").path("day").asText()).as("kept").isEqualTo("today");

        JsonNode fired = awaitEvent(firingId, "FIRED", Duration.ofSeconds(90));
        String runId = fired.path("runId").asText();
        assertThat(api.awaitEnd(runId, Duration.ofSeconds(30)).path("state").asText()).isEqualTo("SUCCEEDED");
        CliProcess.Result events = cli.run("schedules", "events", firingId);
        assertThat(events.out()).contains("CREATED").containsPattern("FIRED +" + soon.toString().replace(".", "\\.") + " +" + runId);
        CliProcess.Result runs = cli.run("jobs", "runs", "cli-scheduled", "--state", "succeeded", "-o", "json");
        assertThat(runs.exitCode()).as(runs.toString()).isZero();
        JsonNode run = JSON.readTree(runs.out()).path("items").path(0);
        assertThat(run.path("id").asText()).isEqualTo(runId);
        assertThat(run.path("job").path("scheduleId").asText()).isEqualTo(firingId);
        assertThat(run.path("name").asText()).isEqualTo("cli-scheduled 2026-12-02");

        CliProcess.Result listed = cli.run("schedules", "list", "--job", "cli-scheduled", "--quiet");
        assertThat(listed.out().lines()).containsExactlyInAnyOrder(firingId, cronId);
        CliProcess.Result deleted = cli.run("jobs", "delete", "cli-scheduled");
        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        for (String scheduleId : new String[] {firingId, cronId}) {
            assertThat(api.call("GET", "/api/v1/schedules/" + scheduleId, null).statusCode()).as("deleted with its job").isEqualTo(404);
        }
    }

    /** A job saved through the API: runs named for it and a day, the day a parameter every run must give. */
    private static String saveJob(String name) throws Exception {
        HttpResponse<String> saved = api.call("POST", "/api/v1/jobs", JSON.writeValueAsString(JSON.readTree("""
                {"name": "%s", "template": {"name": "%s {{day}}", "entrypoint": {"pythonFile": "%s"}, "args": ["{{day}}"]},
                 "parameters": [{"name": "day"}]}
                """.formatted(name, name, JOBS.resolve("greetings.py")))));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        return JSON.readTree(saved.body()).path("id").asText();
    }

    /** The schedule's first event of this type, once there is one. */
    private static JsonNode awaitEvent(String scheduleId, String type, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            HttpResponse<String> events = api.call("GET", "/api/v1/schedules/" + scheduleId + "/events", null);
            for (JsonNode event : JSON.readTree(events.body()).path("items")) {
                if (event.path("type").asText().equals(type)) {
                    return event;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + type + " event of schedule " + scheduleId + " within " + timeout + ": " + events.body());
            }
            Thread.sleep(250);
        }
    }

    /** The packaged plug-ins and the instant test backend, side by side, as symbolic links. */
    private static Path pluginsWithTheInstantBackend(Path directory) throws Exception {
        try (Stream<Path> modules = Files.list(ControlPlaneProcess.ROOT.resolve("control-plane/target/quarkus-app/plugins"))) {
            for (Path module : modules.toList()) {
                Files.createSymbolicLink(directory.resolve(module.getFileName()), module);
            }
        }
        Files.createSymbolicLink(directory.resolve("instant-test"), ControlPlaneProcess.ROOT.resolve("tests/instant-backend/target/plugin"));
        return directory;
    }
}
