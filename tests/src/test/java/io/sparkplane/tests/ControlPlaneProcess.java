package io.sparkplane.tests;

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
 * The packaged control plane ({@code control-plane/target/quarkus-app}) started as a real process
 * on a free port, on embedded defaults: its own embedded PostgreSQL under {@code home}. Its built-in
 * {@code local} engine profile runs Spark from {@link TestSparkHome} (the .venv's pyspark with a
 * conf/ for short jobs) unless {@link #withThePythonsSparkHome()} leaves that setting unset, and in
 * the benchmarks ({@code -Dsparkplane.bench=true}).
 */
final class ControlPlaneProcess implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("sparkplane.root", "..")).toAbsolutePath().normalize();
    static final Path PYTHON = ROOT.resolve(".venv/bin/python");
    /** Where every control plane of the tests unpacks the Hadoop connectors ({@code sparkplane.connector-directory}). */
    static final Path CONNECTORS = ROOT.resolve("tests/target/engine-connectors");
    /** Where the local backend of every control plane of the tests keeps its engine JVMs' class-data archives. */
    static final Path ENGINE_CLASS_DATA = ROOT.resolve("tests/target/engine-class-data");

    private final Path home;
    private final int port;
    private final java.util.Map<String, String> environment = new java.util.HashMap<>();
    private final java.util.Map<String, String> properties = new java.util.TreeMap<>();
    private boolean testSparkHome = true;
    private Process process;
    private int starts;
    /** The class-data archive this start maps or writes ({@link ControlPlaneClassData}); none in the benchmarks. */
    private ControlPlaneClassData.Start classData;

    ControlPlaneProcess(Path home) throws IOException {
        this.home = home;
        this.port = FreePorts.free();
    }

    /** Extra environment for the control plane, e.g. an external database or paused dispatching. */
    ControlPlaneProcess withEnvironment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** A configuration property for the control plane ({@code sparkplane.store.s3.endpoint}, ...), as a system property. */
    ControlPlaneProcess withProperty(String name, String value) {
        properties.put(name, value);
        return this;
    }

    /** The local profile's {@code spark-home} left unset, as the control plane ships: the pyspark package of its Python. */
    ControlPlaneProcess withThePythonsSparkHome() {
        testSparkHome = false;
        return this;
    }

    /** The control plane's process id, while it runs. */
    long pid() {
        return process.pid();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    Path home() {
        return home;
    }

    /** The bootstrap admin token the control plane wrote on its first start ({@code <home>/admin-token}). */
    String adminToken() throws IOException {
        return Files.readString(home.resolve("admin-token")).strip();
    }

    /** A client of this control plane with its bootstrap admin token. */
    SparkplaneClient client() throws IOException {
        return new SparkplaneClient(baseUri(), adminToken());
    }

    Path log() {
        return home.resolve("control-plane-" + starts + ".log");
    }

    ControlPlaneProcess start() throws IOException, InterruptedException {
        Path jar = ROOT.resolve("control-plane/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing; build the control plane first");
        }
        starts++;
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        if (!Boolean.getBoolean("sparkplane.bench")) {
            // C1 only and the serial collector, as the engine's launcher JVM runs: a control plane that lives for one
            // test class spends most of its CPU starting up, and these halve that (the optimizing compiler's work
            // would pay off only in a long-lived server); the end-to-end suite starts dozens on two cores. The
            // benchmarks (./sparkplane bench sets sparkplane.bench) measure the server as it runs in production.
            command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
            classData = ControlPlaneClassData.forStart(jar);
            command.addAll(classData.options());
        }
        if (testSparkHome && !Boolean.getBoolean("sparkplane.bench")) {
            // the benchmarks' runs start their JVMs as the pyspark package does, as bare spark-submit does beside them
            command.add("-Dsparkplane.backends.local.spark-home=" + TestSparkHome.path());
        }
        if (!Boolean.getBoolean("sparkplane.bench")) {
            shareEngineClassData(command, testSparkHome);
        }
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log().toFile());
        builder.environment().put("SPARKPLANE_HOME", home.toString());
        builder.environment().put("SPARKPLANE_PORT", Integer.toString(port));
        builder.environment().put("SPARKPLANE_PYTHON", PYTHON.toString());
        builder.environment().remove("SPARKPLANE_DB_URL");
        // development mode for inputs: the tests' jobs are local files in the repository and temporary directories
        builder.environment().put("SPARKPLANE_INPUTS_LOCAL_ROOTS", String.join(",", ROOT.toString(), home.toString(),
                Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().toString()));
        builder.environment().putAll(environment);
        process = builder.start();
        awaitReady(Duration.ofSeconds(120));
        return this;
    }

    /**
     * The local backend's class-data archives for engine JVMs, written once for the whole suite instead
     * of once per control plane: one directory for all, and one directory of connector jars, which
     * every control plane would otherwise unpack into its own home. An archive fits only JVMs whose
     * class path names the jars it was written with, at paths that still exist.
     */
    private static void shareEngineClassData(List<String> command, boolean testSparkHome) {
        command.add("-Dsparkplane.connector-directory=" + CONNECTORS);
        if (testSparkHome) {
            command.add("-Dsparkplane.backends.local.class-data-directory=" + ENGINE_CLASS_DATA);
        } else {
            // archives fit one Spark home's jars: three more for the one class that runs the pyspark package's own
            // would cost minutes of CPU, more than that class's few runs would save
            command.add("-Dsparkplane.backends.local.class-data-sharing=false");
        }
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the control plane exited with " + process.exitValue() + ":\n" + Files.readString(log()));
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(baseUri().resolve("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the control plane was not ready in " + timeout + ":\n" + Files.readString(log()));
    }

    /** SIGKILL, as a crash would: no shutdown hook runs, child processes are left behind. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * Stops the control plane. Engine clusters of ended runs are torn down by its reconciler within a
     * second or so; a test that stops it right after its last assertion would leave them running,
     * so this first waits (at most 30 s) until no engine process works under this home, and kills
     * what is left after that.
     */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            List<Long> left = EngineProcesses.awaitNoneUnder(home.resolve("work"), java.time.Duration.ofSeconds(30));
            if (!left.isEmpty()) {
                System.err.println("engine processes still running under " + home + " 30 s after the test, killed: " + left);
                left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            }
        }
        if (process != null && process.isAlive()) {
            process.destroy();
            if (process.waitFor(30, TimeUnit.SECONDS)) {
                if (classData != null) {
                    classData.ended();
                }
            } else {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
