package io.sparkplane.listener;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.api.contract.OpenApiContract;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listener inside a real PySpark 4 driver: the project's .venv {@code spark-submit --master local[2]}
 * runs one stage of 8 tasks of about a second each with the listener on the driver's classpath,
 * while the test reads the backlog file every 200 ms; and a short stage of 4 tasks with the
 * listener posting its reports to a loopback stand-in for the engine API.
 */
class BacklogListenerIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path directory;

    @Test
    void reportsTheBacklogOfARunningStage() throws Exception {
        Path job = Files.writeString(directory.resolve("slow_stage.py"), """
                import time
                from pyspark.sql import SparkSession

                spark = SparkSession.builder.appName("backlog-listener-it").getOrCreate()

                def slow(x):
                    time.sleep(1)
                    return x

                # one write: stdout and Spark's stderr share the log file, and print() of two values writes them apart
                print("sum %d" % spark.sparkContext.parallelize(range(8), 8).map(slow).sum(), flush=True)
                spark.stop()
                """);
        Path backlog = directory.resolve("backlog.json");
        Path output = directory.resolve("driver.log");
        Process process = submit(job, output,
                BacklogListenerConf.FILE + "=" + backlog,
                BacklogListenerConf.INTERVAL_MILLIS + "=200");

        List<JsonNode> snapshots = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        try {
            while (process.isAlive() && System.nanoTime() < deadline) {
                read(backlog).ifPresent(snapshots::add);
                Thread.sleep(200);
            }
            assertThat(process.isAlive()).as("spark-submit still runs after 180 s").isFalse();
        } finally {
            process.destroyForcibly();
        }
        String log = Files.readString(output);
        assertThat(process.exitValue()).as(log).isZero();
        assertThat(log).contains("sum 28");
        read(backlog).ifPresent(snapshots::add);

        assertThat(snapshots).as(log).isNotEmpty();
        for (JsonNode snapshot : snapshots) {
            assertThat(OpenApiContract.load().validateSchema("BacklogReport", snapshot.toString())).as(snapshot.toString()).isEmpty();
        }
        assertThat(snapshots).as("a snapshot with pending tasks").anyMatch(snapshot -> snapshot.get("pendingTasks").asInt() > 0);
        assertThat(snapshots).as("a snapshot with a running task on a busy executor")
                .anyMatch(snapshot -> snapshot.get("runningTasks").asInt() >= 1 && snapshot.get("executorsBusy").asInt() >= 1);
        assertThat(snapshots).as("a snapshot that shows the stage").anyMatch(snapshot -> snapshot.get("stages").size() == 1
                && snapshot.get("stages").get(0).get("numTasks").asInt() == 8);
        JsonNode last = snapshots.get(snapshots.size() - 1);
        assertThat(last.get("completedTasks").asInt()).as(last.toString()).isGreaterThanOrEqualTo(8);
        assertThat(last.get("pendingTasks").asInt()).isZero();
        assertThat(last.get("runningTasks").asInt()).isZero();
        assertThat(last.get("executorsAlive").asInt()).as("the local-mode executor").isEqualTo(1);
        assertThat(last.get("failedTasks").asInt()).isZero();
        assertThat(last.get("meanTaskMillis").asLong()).isGreaterThanOrEqualTo(800);
    }

    /**
     * The mode for backends without a launcher: the listener itself posts to a loopback stand-in
     * for the heartbeat endpoint, with the token it read from a {@code file:} URI through Hadoop.
     */
    @Test
    void reportsTheBacklogToTheEngineApi() throws Exception {
        String token = "it-" + UUID.randomUUID();
        String path = "/internal/v1/runs/" + UUID.randomUUID() + "/attempts/1/heartbeat";
        List<String> authorizations = new CopyOnWriteArrayList<>();
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(path, exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        Path job = Files.writeString(directory.resolve("short_stage.py"), """
                import time
                from pyspark.sql import SparkSession

                spark = SparkSession.builder.appName("backlog-reporter-it").getOrCreate()

                def slow(x):
                    time.sleep(0.3)
                    return x

                print("sum %d" % spark.sparkContext.parallelize(range(4), 4).map(slow).sum(), flush=True)
                spark.stop()
                """);
        Path tokenFile = Files.writeString(directory.resolve("engine-token"), token + "\n");
        Path output = directory.resolve("driver.log");
        Process process;
        try {
            process = submit(job, output,
                    BacklogListenerConf.REPORT_URL + "=http://127.0.0.1:" + server.getAddress().getPort() + path,
                    BacklogListenerConf.REPORT_TOKEN_FILE + "=file:" + tokenFile,
                    BacklogListenerConf.INTERVAL_MILLIS + "=200");
            try {
                assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("spark-submit ends within 180 s").isTrue();
            } finally {
                process.destroyForcibly();
            }
        } finally {
            server.stop(0);
        }
        String log = Files.readString(output);
        assertThat(process.exitValue()).as(log).isZero();
        assertThat(log).contains("sum 6").doesNotContain(token).doesNotContain("[sparkplane]");

        assertThat(bodies).as(log).isNotEmpty();
        assertThat(authorizations).containsOnly("Bearer " + token);
        OpenApiContract contract = OpenApiContract.load();
        for (String body : bodies) {
            assertThat(contract.validateRequestBody("POST", path, body)).as(body).isEmpty();
        }
        JsonNode last = MAPPER.readTree(bodies.get(bodies.size() - 1)).get("backlog");
        assertThat(last.get("completedTasks").asInt()).as(last.toString()).isGreaterThanOrEqualTo(4);
        assertThat(last.get("pendingTasks").asInt()).isZero();
        assertThat(last.get("runningTasks").asInt()).isZero();
    }

    /** The project's pyspark {@code spark-submit --master local[2]} of {@code job} with the listener and {@code confs}. */
    private Process submit(Path job, Path output, String... confs) throws IOException, InterruptedException {
        Path python = pythonExecutable();
        Path sparkHome = Path.of(run(python.toString(), "-c", "import os, pyspark; print(os.path.dirname(pyspark.__file__))").strip());
        List<String> command = new ArrayList<>(List.of(
                sparkHome.resolve("bin/spark-submit").toString(),
                "--master", "local[2]",
                "--driver-memory", "512m",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.extraListeners=" + ListenerJar.LISTENER_CLASS,
                "--conf", "spark.driver.extraClassPath=" + ListenerJar.location()));
        for (String conf : confs) {
            command.add("--conf");
            command.add(conf);
        }
        command.add(job.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        // C1 and the serial collector: the driver lives for seconds (as the end-to-end suite's Spark home starts its JVMs)
        builder.environment().put("SPARK_SUBMIT_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        builder.environment().put("PYSPARK_PYTHON", python.toString());
        builder.environment().put("PYSPARK_DRIVER_PYTHON", python.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.start();
    }

    private static java.util.Optional<JsonNode> read(Path backlog) {
        try {
            return java.util.Optional.of(MAPPER.readTree(Files.readAllBytes(backlog)));
        } catch (java.nio.file.NoSuchFileException e) {
            return java.util.Optional.empty();
        } catch (IOException e) {
            throw new AssertionError("the backlog file is not whole JSON: " + e.getMessage(), e);
        }
    }

    private static Path pythonExecutable() {
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

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
