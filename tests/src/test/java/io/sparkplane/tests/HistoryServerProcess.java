package io.sparkplane.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.testkit.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Spark's own History Server from the .venv's pyspark, reading one event log directory, on a free
 * port: on disk, or in an object store through Hadoop connector jars on its class path; or as
 * {@code ./sparkplane history} starts it ({@link #startWithScript}).
 */
final class HistoryServerProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI base;
    private final Path log;
    /** The server's own log, where the script writes it; deleted with the rest. */
    private final Path serverLog;

    private HistoryServerProcess(Process process, URI base, Path log) {
        this(process, base, log, null);
    }

    private HistoryServerProcess(Process process, URI base, Path log, Path serverLog) {
        this.process = process;
        this.base = base;
        this.log = log;
        this.serverLog = serverLog;
    }

    static HistoryServerProcess start(Path logDirectory) throws IOException, InterruptedException {
        return start(logDirectory.toUri().toString(), java.util.Map.of(), null);
    }

    /**
     * @param sparkOptions JVM options of the server, {@code -Dspark.hadoop.fs.s3a.endpoint=...} and the like
     * @param connectors a directory of connector jars for its class path, or null
     */
    static HistoryServerProcess start(String logDirectory, java.util.Map<String, String> sparkOptions, Path connectors)
            throws IOException, InterruptedException {
        Path sparkHome = sparkHome();
        int port = FreePorts.free();
        Path log = Files.createTempFile("history-server-", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(sparkHome.resolve("bin/spark-class").toString(),
                "org.apache.spark.deploy.history.HistoryServer"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        // C1 only and the serial collector: a server that answers a few requests of one test spends its CPU starting
        StringBuilder options = new StringBuilder("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dspark.history.fs.logDirectory=" + logDirectory
                + " -Dspark.history.ui.port=" + port + " -Dspark.history.fs.update.interval=1s");
        sparkOptions.forEach((name, value) -> options.append(" -D").append(name).append('=').append(value));
        builder.environment().put("SPARK_HISTORY_OPTS", options.toString());
        if (connectors != null) {
            builder.environment().put("SPARK_DAEMON_CLASSPATH", connectors.resolve("*").toString());
        }
        return new HistoryServerProcess(builder.start(), URI.create("http://127.0.0.1:" + port), log);
    }

    /**
     * {@code ./sparkplane history --port <port> --log-dir <logDirectory>}, the front door's History Server;
     * closing it stops the script as Ctrl-C would, and the script stops the server.
     */
    static HistoryServerProcess startWithScript(Path logDirectory, int port) throws IOException {
        Path log = Files.createTempFile("sparkplane-history-", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(ControlPlaneProcess.ROOT.resolve("sparkplane").toString(), "history",
                "--port", Integer.toString(port), "--log-dir", logDirectory.toUri().toString()))
                .directory(ControlPlaneProcess.ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // passed on after the script's own options: C1 only and the serial collector, as above, and a quicker scan
        builder.environment().put("SPARK_HISTORY_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dspark.history.fs.update.interval=1s");
        return new HistoryServerProcess(builder.start(), URI.create("http://127.0.0.1:" + port), log,
                ControlPlaneProcess.ROOT.resolve(".sparkplane-demo/history-server-" + port + ".log"));
    }

    /** The .venv's pyspark package, which is a Spark home. */
    static Path sparkHome() throws IOException, InterruptedException {
        Process python = new ProcessBuilder(ControlPlaneProcess.PYTHON.toString(), "-c",
                "import os, pyspark; print(os.path.dirname(pyspark.__file__))").start();
        String output = new String(python.getInputStream().readAllBytes()).trim();
        python.waitFor(60, TimeUnit.SECONDS);
        return Path.of(output.lines().reduce((first, second) -> second).orElseThrow());
    }

    /** The application as the History Server's REST API shows it, once it shows it. */
    JsonNode awaitApplication(String applicationId, Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the History Server exited:\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/api/v1/applications/" + applicationId))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return JSON.readTree(response.body());
                }
                last = "HTTP " + response.statusCode();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the History Server did not show " + applicationId + " within " + timeout + " (" + last + "):\n"
                + Files.readString(log));
    }

    @Override
    public void close() throws Exception {
        // SIGTERM: the script's trap stops its History Server and waits for it
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(log);
        if (serverLog != null) {
            Files.deleteIfExists(serverLog);
        }
    }
}
