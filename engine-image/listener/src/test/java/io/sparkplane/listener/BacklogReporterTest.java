package io.sparkplane.listener;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sparkplane.api.contract.OpenApiContract;
import io.sparkplane.listener.BacklogReport.StageBacklog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reporter against a loopback {@link HttpServer} standing in for the engine API's heartbeat
 * endpoint, with the token in a {@code file:} URI read through Hadoop's local file system.
 */
class BacklogReporterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final String TOKEN = "q3Vx-7_Zt.Hb~c+d/e9f=";
    private static final String PATH = "/internal/v1/runs/" + UUID.randomUUID() + "/attempts/2/heartbeat";

    @TempDir
    Path directory;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(printed, true, StandardCharsets.UTF_8);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicLong completedTasks = new AtomicLong();
    private HttpServer server;
    /** The status the endpoint answers the n-th request (from 0) with. */
    private volatile IntUnaryOperator status = n -> 204;
    private BacklogReporter reporter;

    record Received(long atNanos, String method, String path, Map<String, List<String>> headers, String body) {}

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stopAll() {
        if (reporter != null) {
            reporter.stop();
        }
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int n;
        synchronized (received) {
            n = received.size();
            received.add(new Received(System.nanoTime(), exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
        }
        int answer = status.applyAsInt(n);
        if (answer == 204) {
            exchange.sendResponseHeaders(204, -1);
        } else {
            // a problem that echoes the header, so a reporter that printed answers would print the token
            byte[] problem = ("{\"detail\":\"" + exchange.getRequestHeaders().getFirst("Authorization") + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(answer, problem.length);
            exchange.getResponseBody().write(problem);
        }
        exchange.close();
    }

    @Test
    void postsTheBacklogAtTheIntervalWithTheBearerToken() throws Exception {
        Path token = Files.writeString(directory.resolve("engine-token"), "  " + TOKEN + "\n");
        reporter = reporter(conf("file:" + token));
        reporter.start();

        awaitReports(4);
        completedTasks.set(42);
        reporter.stop();

        List<Received> reports = List.copyOf(received);
        OpenApiContract contract = OpenApiContract.load();
        for (Received report : reports) {
            assertThat(report.method()).isEqualTo("POST");
            assertThat(report.path()).isEqualTo(PATH);
            assertThat(report.headers().get("Authorization")).containsExactly("Bearer " + TOKEN);
            assertThat(report.headers().get("Content-type")).containsExactly("application/json");
            assertThat(contract.validateRequestBody("POST", PATH, report.body())).as(report.body()).isEmpty();
            JsonNode body = MAPPER.readTree(report.body());
            assertThat(body.size()).isEqualTo(1);
            assertThat(body.get("backlog").get("stages").get(0).get("name").asText()).isEqualTo("sum at job.py:3");
        }
        for (int i = 1; i < 4; i++) {
            long gapMillis = TimeUnit.NANOSECONDS.toMillis(reports.get(i).atNanos() - reports.get(i - 1).atNanos());
            assertThat(gapMillis).as("gap before report " + i).isGreaterThanOrEqualTo(INTERVAL.toMillis() - 10);
        }
        assertThat(MAPPER.readTree(reports.get(reports.size() - 1).body()).get("backlog").get("completedTasks").asLong())
                .as("the report sent when stopped carries the last state").isEqualTo(42);
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void triesAgainAtTheNextIntervalAfterA5xxAndLogsTheStreakOnce() throws Exception {
        status = n -> n < 3 ? 503 : 204;
        reporter = reporter(conf("file:" + Files.writeString(directory.resolve("token"), TOKEN)));
        reporter.start();

        awaitReports(5);

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output.lines().filter(line -> line.contains("failed"))).singleElement().asString()
                .contains("HTTP 503").contains(PATH);
        assertThat(output).contains("accepted again");
        long gapMillis = TimeUnit.NANOSECONDS.toMillis(received.get(1).atNanos() - received.get(0).atNanos());
        assertThat(gapMillis).as("the retry waits for the next interval").isGreaterThanOrEqualTo(INTERVAL.toMillis() - 10);
    }

    @Test
    void stopsWhenTheAttemptIsNoLongerCurrent() throws Exception {
        status = n -> n == 0 ? 204 : 409;
        reporter = reporter(conf("file:" + Files.writeString(directory.resolve("token"), TOKEN)));
        reporter.start();

        awaitReports(2);
        Thread.sleep(INTERVAL.toMillis() * 4);
        reporter.stop();

        assertThat(received).as("no report after the 409, not even the last one").hasSize(2);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("no longer current (HTTP 409)");
    }

    @Test
    void stopsWhenTheTokenIsRefused() throws Exception {
        status = n -> 401;
        reporter = reporter(conf("file:" + Files.writeString(directory.resolve("token"), TOKEN)));
        reporter.start();

        awaitReports(1);
        Thread.sleep(INTERVAL.toMillis() * 3);
        reporter.stop();

        assertThat(received).hasSize(1);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("refused the attempt token (HTTP 401)");
    }

    @Test
    void readsTheTokenOnItsThreadAndTriesAgainUntilItCan() throws Exception {
        Path token = directory.resolve("not-yet");
        reporter = reporter(conf(token.toUri().toString()));
        reporter.start();

        Thread.sleep(INTERVAL.toMillis() * 3);
        assertThat(received).isEmpty();
        Files.writeString(token, TOKEN + "\n");
        awaitReports(1);

        assertThat(received.get(0).headers().get("Authorization")).containsExactly("Bearer " + TOKEN);
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output.lines().filter(line -> line.contains("cannot read the attempt token"))).singleElement().asString()
                .contains(token.toUri().toString());
        assertThat(output).contains("backlog reports start");
    }

    @Test
    void neverPrintsTheToken() throws Exception {
        status = n -> n < 2 ? 500 : n < 3 ? 400 : 409;
        Path token = Files.writeString(directory.resolve("token"), TOKEN);
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            // a token file that is not one: whatever it holds stays out of the log too
            Path notAToken = Files.writeString(directory.resolve("not-a-token"), "secret-one secret-two\n");
            BacklogReporter refused = reporter(conf("file:" + notAToken));
            refused.start();
            refused.stop();

            reporter = reporter(conf("file:" + token));
            reporter.start();
            awaitReports(4);
            reporter.stop();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }

        String everything = printed.toString(StandardCharsets.UTF_8) + console.toString(StandardCharsets.UTF_8);
        assertThat(everything).contains("does not hold a bearer token").contains("HTTP 500").contains("HTTP 409");
        assertThat(everything).doesNotContain(TOKEN).doesNotContain("secret-one");
    }

    @Test
    void isOffWithoutBothKeysAndSaysWhyWithOnlyOne() {
        assertThat(BacklogReporter.fromSparkConf(Map.of(), INTERVAL, this::snapshot, log)).isEmpty();
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();

        assertThat(BacklogReporter.fromSparkConf(Map.of(BacklogListenerConf.REPORT_URL, url()), INTERVAL, this::snapshot, log)).isEmpty();
        assertThat(BacklogReporter.fromSparkConf(Map.of(BacklogListenerConf.REPORT_TOKEN_FILE, "file:/t"), INTERVAL, this::snapshot, log))
                .isEmpty();
        assertThat(BacklogReporter.fromSparkConf(Map.of(BacklogListenerConf.REPORT_URL, "ftp://host/x",
                BacklogListenerConf.REPORT_TOKEN_FILE, "file:/t"), INTERVAL, this::snapshot, log)).isEmpty();
        assertThat(BacklogReporter.fromSparkConf(Map.of(BacklogListenerConf.REPORT_URL, url(),
                BacklogListenerConf.REPORT_TOKEN_FILE, "/no/scheme"), INTERVAL, this::snapshot, log)).isEmpty();

        assertThat(printed.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(
                        "[sparkplane] spark.sparkplane.report.url is set without spark.sparkplane.report.tokenFile: the backlog is not reported to the control plane",
                        "[sparkplane] spark.sparkplane.report.tokenFile is set without spark.sparkplane.report.url: the backlog is not reported to the control plane",
                        "[sparkplane] spark.sparkplane.report.url is not an http(s) URL: the backlog is not reported to the control plane",
                        "[sparkplane] spark.sparkplane.report.tokenFile has no scheme (s3://, gs://, file:/...): the backlog is not reported to the control plane");
    }

    @Test
    void passesTheSparkHadoopConfToHadoop() {
        Map<String, String> sparkConf = Map.of(
                "spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000",
                "spark.hadoop.", "ignored",
                "spark.executor.memory", "1g");

        assertThat(EngineTokenFile.hadoopConf(sparkConf)).containsExactly(Map.entry("fs.s3a.endpoint", "http://127.0.0.1:9000"));
    }

    @Test
    void pinsCountsBeyondTheContractsInt32() throws Exception {
        BacklogReport huge = new BacklogReport(Instant.EPOCH, 5_000_000_000L, 1, 6_000_000_000L, 7_000_000_000L, 2, 1, 10L, List.of());

        JsonNode backlog = MAPPER.readTree(BacklogReporter.body(huge)).get("backlog");

        assertThat(backlog.get("pendingTasks").asLong()).isEqualTo(Integer.MAX_VALUE);
        assertThat(backlog.get("completedTasks").asLong()).isEqualTo(Integer.MAX_VALUE);
        assertThat(backlog.get("failedTasks").asLong()).isEqualTo(Integer.MAX_VALUE);
        assertThat(backlog.get("runningTasks").asLong()).isEqualTo(1);
    }

    private Map<String, String> conf(String tokenFile) {
        Map<String, String> conf = new HashMap<>();
        conf.put(BacklogListenerConf.REPORT_URL, url());
        conf.put(BacklogListenerConf.REPORT_TOKEN_FILE, tokenFile);
        return conf;
    }

    private String url() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + PATH;
    }

    private BacklogReporter reporter(Map<String, String> conf) {
        Optional<BacklogReporter> configured = BacklogReporter.fromSparkConf(conf, INTERVAL, this::snapshot, log);
        assertThat(configured).isPresent();
        return configured.get();
    }

    private BacklogReport snapshot() {
        return new BacklogReport(Instant.now(), 3, 1, completedTasks.get(), 0, 1, 1, null,
                List.of(new StageBacklog(0, 0, "sum at job.py:3", 4, 3, 1, 0)));
    }

    private void awaitReports(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (received.size() < count) {
            assertThat(System.nanoTime()).as("%d reports within 20 s, got %d; printed: %s", count, received.size(), printed)
                    .isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
