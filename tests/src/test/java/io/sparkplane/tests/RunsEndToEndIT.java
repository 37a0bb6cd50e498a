package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.testkit.FreePorts;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real runs end to end: the packaged control plane as a process (embedded PostgreSQL, local
 * backend), real PySpark from the project's .venv, every answer checked against the contract.
 */
class RunsEndToEndIT {

    private static final Path JOBS = Path.of("src/test/resources/jobs").toAbsolutePath();
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path home;

    private static ControlPlaneProcess controlPlane;
    private static SparkplaneClient client;
    /** Where {@code ./sparkplane history} serves, started by the test that reads it; runs link there. */
    private static int historyPort;

    @BeforeAll
    static void start() throws Exception {
        historyPort = FreePorts.free();
        controlPlane = new ControlPlaneProcess(home).withProperty("sparkplane.history.url", "http://127.0.0.1:" + historyPort + "/").start();
        client = controlPlane.client();
    }

    @AfterAll
    static void stop() throws Exception {
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    @Test
    void exampleJobSucceedsWithTheRightResult() throws Exception {
        Path output = home.resolve("sales-output");
        Path csv = ControlPlaneProcess.ROOT.resolve("examples/data/sales.csv");
        JsonNode submitted = client.submit("""
                {"name": "sales by region", "entrypoint": {"pythonFile": "%s"}, "args": ["%s", "%s"],
                 "labels": {"suite": "e2e"}}
                """.formatted(ControlPlaneProcess.ROOT.resolve("examples/jobs/sales_by_region.py"), csv, output));
        String id = submitted.get("id").asText();

        String followed = client.followLogs(id);
        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);

        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("reason").asText()).isEqualTo("SUCCESS");
        assertThat(run.get("attempts")).hasSize(1);
        assertThat(run.get("attempts").get(0).get("exitCode").asInt()).isZero();
        Instant queued = Instant.parse(run.get("queuedAt").asText());
        Instant provisioning = Instant.parse(run.get("provisioningAt").asText());
        Instant started = Instant.parse(run.get("startedAt").asText());
        Instant ended = Instant.parse(run.get("endedAt").asText());
        assertThat(queued).isBeforeOrEqualTo(provisioning);
        assertThat(provisioning).isBeforeOrEqualTo(started);
        assertThat(started).isBefore(ended);

        Map<String, String> expected = expectedRevenueByRegion(csv);
        Map<String, String> reported = reportedRevenue(followed);
        assertThat(reported).isEqualTo(expected);
        assertThat(reportedRevenue(client.logs(id))).as("the stored log equals the followed one").isEqualTo(expected);
        assertThat(client.logComplete(id)).as("the log of an ended attempt is complete").isTrue();
        assertThat(output.resolve("_SUCCESS")).exists();
        try (var parts = Files.list(output)) {
            assertThat(parts.map(Path::toString)).anyMatch(name -> name.endsWith(".parquet"));
        }

        List<String> states = new ArrayList<>();
        client.events(id).forEach(event -> {
            if (event.get("type").asText().equals("STATE_CHANGED")) {
                states.add(event.get("toState").asText());
            }
        });
        assertThat(states).containsExactly("QUEUED", "PROVISIONING", "RUNNING", "SUCCEEDED");
        assertThat(EngineProcesses.awaitNone(id, Duration.ofSeconds(20))).isEmpty();

        // Spark 4 writes rolling event logs: a directory eventlog_v2_<appId> of events_<n>_<appId>
        // files, with an appstatus_<appId>.inprogress marker until the application ends
        Path eventLogs = controlPlane.home().resolve("staging/runs/" + id + "/1/eventlog");
        List<Path> applications;
        try (var entries = Files.list(eventLogs)) {
            applications = entries.toList();
        }
        assertThat(applications).as("one application's event log in " + eventLogs).singleElement()
                .satisfies(log -> assertThat(log.getFileName().toString()).startsWith("eventlog_v2_app-"));
        // compressed (zstd, Spark's default), so the test checks names: an events file, and the
        // status marker without .inprogress, which Spark renames when the application ends
        List<String> names;
        try (var files = Files.list(applications.get(0))) {
            names = files.map(file -> file.getFileName().toString()).sorted().toList();
        }
        assertThat(names).anyMatch(name -> name.startsWith("events_1_app-"))
                .anyMatch(name -> name.startsWith("appstatus_app-"))
                .noneMatch(name -> name.endsWith(".inprogress"));

        // the run names its application and links to its page on the configured History Server
        String applicationId = applications.get(0).getFileName().toString().substring("eventlog_v2_".length());
        String page = "http://127.0.0.1:" + historyPort + "/history/" + applicationId + "/";
        assertThat(run.get("attempts").get(0).get("sparkAppId").asText()).isEqualTo(applicationId);
        assertThat(run.get("attempts").get(0).get("historyUrl").asText()).isEqualTo(page);
        assertThat(run.get("historyUrl").asText()).isEqualTo(page);

        // ./sparkplane history on <staging>/history/ lists the application as completed, and the link opens its jobs
        try (HistoryServerProcess history = HistoryServerProcess.startWithScript(controlPlane.home().resolve("staging/history"), historyPort)) {
            JsonNode application = history.awaitApplication(applicationId, Duration.ofSeconds(90));
            assertThat(application.get("name").asText()).isEqualTo("sales_by_region");
            assertThat(application.get("attempts").get(0).get("completed").asBoolean()).isTrue();
            HttpResponse<String> opened = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                    .send(HttpRequest.newBuilder(URI.create(run.get("historyUrl").asText())).timeout(Duration.ofSeconds(30)).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(opened.statusCode()).as(opened.uri().toString()).isEqualTo(200);
            assertThat(opened.uri().getPath()).isEqualTo("/history/" + applicationId + "/jobs/");
            assertThat(opened.body()).contains("<title>sales_by_region - Spark Jobs</title>");
        }
        // stopped as Ctrl-C stops it, the script took its History Server down with it
        assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", historyPort).close()).isInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void aSecretSparkConfReachesTheEngineIntactAndIsShownNowhere() throws Exception {
        String secret = "hunter2-" + UUID.randomUUID();
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        JsonNode submitted = client.submit("""
                {"entrypoint": {"pythonFile": "%s"}, "args": ["%s"], "sparkConf": {"spark.sparkplane.test.password": "%s"}}
                """.formatted(JOBS.resolve("checks_secret_conf.py"), digest, secret));
        String id = submitted.get("id").asText();
        assertThat(submitted.get("sparkConf").get("spark.sparkplane.test.password").asText()).isEqualTo("***");

        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);
        String log = client.logs(id);
        // the job compares what Spark gave it with the digest: it succeeds only with the real value
        assertThat(run.get("state").asText()).as(run + "\n" + log).isEqualTo("SUCCEEDED");
        assertThat(log).contains("the secret conf reached the job intact");
        assertThat(run.get("sparkConf").get("spark.sparkplane.test.password").asText()).isEqualTo("***");
        for (String shown : List.of(run.toString(), log, client.events(id).toString(), client.cluster(id).toString(),
                Files.readString(controlPlane.log()))) {
            assertThat(shown).doesNotContain(secret);
        }
    }

    @Test
    void pythonErrorEndsUserCodeErrorWithTheExceptionLine() throws Exception {
        String id = client.submit("""
                {"entrypoint": {"pythonFile": "%s"}}
                """.formatted(JOBS.resolve("fails_with_value_error.py"))).get("id").asText();

        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);

        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("FAILED");
        assertThat(run.get("reason").asText()).isEqualTo("USER_CODE_ERROR");
        assertThat(run.get("message").asText()).isEqualTo("ValueError: bad input row 7");
        assertThat(client.logs(id)).contains("Traceback (most recent call last):");
    }

    @Test
    void missingEntrypointFileEndsStagingFailedNamingIt() throws Exception {
        Path missing = home.resolve("no-such-job.py");
        String id = client.submit("""
                {"entrypoint": {"pythonFile": "%s"}}
                """.formatted(missing)).get("id").asText();

        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);

        assertThat(run.get("state").asText()).isEqualTo("FAILED");
        assertThat(run.get("reason").asText()).isEqualTo("STAGING_FAILED");
        assertThat(run.get("message").asText()).contains(missing.toString());
    }

    @Test
    void cancellingALongJobEndsCancelledWithNoSparkProcessLeft() throws Exception {
        String id = client.submit("""
                {"entrypoint": {"pythonFile": "%s"}, "args": ["600"]}
                """.formatted(JOBS.resolve("sleeps.py"))).get("id").asText();
        client.awaitState(id, Set.of("RUNNING"), RUN_TIMEOUT);
        client.awaitLog(id, "sleeping", RUN_TIMEOUT);
        assertThat(EngineProcesses.of(id)).as("the job's processes while it runs").isNotEmpty();

        assertThat(client.cancel(id).statusCode()).isEqualTo(202);
        JsonNode run = client.awaitEnd(id, Duration.ofMinutes(1));

        assertThat(run.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(run.get("reason").asText()).isEqualTo("CANCELLED_BY_USER");
        assertThat(EngineProcesses.of(id)).as("processes of the cancelled run").isEmpty();
        assertThat(client.cancel(id).statusCode()).isEqualTo(409);
    }

    @Test
    void aRunPastItsTimeoutEndsTimedOutWithNoProcessLeft() throws Exception {
        String id = client.submit("""
                {"entrypoint": {"pythonFile": "%s"}, "args": ["600"], "timeoutSeconds": 20}
                """.formatted(JOBS.resolve("sleeps.py"))).get("id").asText();

        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);

        assertThat(run.get("state").asText()).isEqualTo("TIMED_OUT");
        assertThat(run.get("reason").asText()).isEqualTo("TIMEOUT");
        assertThat(run.get("message").asText()).contains("20 s");
        assertThat(EngineProcesses.of(id)).isEmpty();
    }

    @Test
    void aFailedAttemptWithRetriesLeftIsRetried() throws Exception {
        Path marker = home.resolve("retry-marker-" + System.nanoTime());
        String id = client.submit("""
                {"entrypoint": {"pythonFile": "%s"}, "args": ["%s"], "maxRetries": 2}
                """.formatted(JOBS.resolve("fails_first_attempt.py"), marker)).get("id").asText();

        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);

        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("attempt").asInt()).isEqualTo(2);
        assertThat(run.get("attempts")).hasSize(2);
        assertThat(run.get("attempts").get(0).get("state").asText()).isEqualTo("FAILED");
        assertThat(run.get("attempts").get(0).get("message").asText()).isEqualTo("RuntimeError: first attempt fails on purpose");
        assertThat(run.get("attempts").get(1).get("state").asText()).isEqualTo("SUCCEEDED");
        List<String> types = new ArrayList<>();
        client.events(id).forEach(event -> types.add(event.get("type").asText()));
        assertThat(types).contains("ATTEMPT_FAILED", "RETRY_SCHEDULED");
    }

    @Test
    void pyFilesAndFilesReachTheJob() throws Exception {
        String id = client.submit("""
                {"entrypoint": {"pythonFile": "%s"}, "pyFiles": ["%s"], "files": ["file://%s"]}
                """.formatted(JOBS.resolve("uses_py_files.py"), JOBS.resolve("greetings.py"), JOBS.resolve("names.txt"))).get("id").asText();

        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);

        assertThat(run.get("state").asText()).as(run.toString() + client.logs(id)).isEqualTo("SUCCEEDED");
        assertThat(client.logs(id)).contains("hello, ada", "hello, grace");
    }

    @Test
    void aJarEntrypointRunsItsMainClassAndAJvmErrorIsUserCodeError() throws Exception {
        Path jar = JobJars.build(home.resolve("jar-job"), "sparkplane.example.Hello", """
                package sparkplane.example;
                public class Hello {
                    public static void main(String[] args) {
                        System.out.println("hello from a jar: " + String.join(",", args));
                        if (args.length > 0 && args[0].equals("fail")) {
                            throw new IllegalStateException("jar job failed on purpose");
                        }
                    }
                }
                """);
        String ok = client.submit("""
                {"entrypoint": {"jar": "file://%s", "mainClass": "sparkplane.example.Hello"}, "args": ["a", "b"]}
                """.formatted(jar)).get("id").asText();
        String failing = client.submit("""
                {"entrypoint": {"jar": "%s", "mainClass": "sparkplane.example.Hello"}, "args": ["fail"]}
                """.formatted(jar)).get("id").asText();

        JsonNode succeeded = client.awaitEnd(ok, RUN_TIMEOUT);
        JsonNode failed = client.awaitEnd(failing, RUN_TIMEOUT);

        assertThat(succeeded.get("state").asText()).as(succeeded.toString()).isEqualTo("SUCCEEDED");
        assertThat(client.logs(ok)).contains("hello from a jar: a,b");
        assertThat(failed.get("state").asText()).as(failed.toString()).isEqualTo("FAILED");
        assertThat(failed.get("reason").asText()).isEqualTo("USER_CODE_ERROR");
        assertThat(failed.get("message").asText()).contains("java.lang.IllegalStateException: jar job failed on purpose");
    }

    /** Revenue by region computed from the CSV here, independently of Spark. */
    static Map<String, String> expectedRevenueByRegion(Path csv) throws IOException {
        Map<String, BigDecimal> revenue = new TreeMap<>();
        Map<String, Integer> orders = new TreeMap<>();
        Map<String, Integer> units = new TreeMap<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] columns = line.split(",");
            String region = columns[2];
            int quantity = Integer.parseInt(columns[4]);
            revenue.merge(region, new BigDecimal(columns[5]).multiply(BigDecimal.valueOf(quantity)), BigDecimal::add);
            orders.merge(region, 1, Integer::sum);
            units.merge(region, quantity, Integer::sum);
        }
        Map<String, String> expected = new TreeMap<>();
        revenue.forEach((region, total) -> expected.put(region,
                "orders=" + orders.get(region) + " units=" + units.get(region) + " revenue=" + total.setScale(2, RoundingMode.HALF_UP)));
        return expected;
    }

    static Map<String, String> reportedRevenue(String log) {
        Matcher matcher = Pattern.compile("RESULT region=(\\S+) (orders=\\d+ units=\\d+ revenue=[0-9.]+)").matcher(log);
        Map<String, String> reported = new TreeMap<>();
        while (matcher.find()) {
            reported.put(matcher.group(1), matcher.group(2));
        }
        return reported;
    }
}
