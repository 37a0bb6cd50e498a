package io.sparkplane.gcp.gcs;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code gcp-storage-emulator} (PyPI, pinned in this module's requirements-test.txt and installed
 * into the project's .venv) run as a process on 127.0.0.1 and a free port, in memory. Started by
 * the tests, stopped after them, and killed by a shutdown hook if the JVM ends first. Its request
 * log is left in {@code target/gcs-emulator.log}.
 */
public final class GcsEmulatorPeer implements AutoCloseable {

    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(30);

    /**
     * Runs the emulator's own entry point, and exits as soon as its stdin closes: the JVM holds the
     * other end of that pipe, so even a JVM killed with SIGKILL (no shutdown hook) takes the
     * emulator with it instead of leaving it orphaned on its port.
     */
    private static final String LAUNCHER = String.join("\n",
            "import os, sys, threading",
            "def exit_when_parent_is_gone():",
            "    sys.stdin.buffer.read()",
            "    os._exit(0)",
            "threading.Thread(target=exit_when_parent_is_gone, daemon=True).start()",
            "from gcp_storage_emulator.__main__ import main",
            "main(sys.argv[1:])");

    private final Process process;
    private final URI endpoint;
    private final Path log;
    private final Thread killer;

    private GcsEmulatorPeer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
        this.killer = new Thread(this::kill, "gcs-emulator-killer");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** The python given by the {@code sparkplane.python} system property (the project's .venv). */
    public static GcsEmulatorPeer start() throws IOException, InterruptedException {
        String python = System.getProperty("sparkplane.python");
        if (python == null || !Files.isExecutable(Path.of(python))) {
            throw new IllegalStateException("no python at " + python + " (system property sparkplane.python); create the project's "
                    + ".venv and run: .venv/bin/python -m pip install -r cloud-adapters/gcp/requirements-test.txt");
        }
        int port = freePort();
        // kept after the run (target/ is build output): the request log shows what the emulator served
        Path log = Path.of("target", "gcs-emulator.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(List.of(python, "-c", LAUNCHER, "start",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--in-memory"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PYTHONUNBUFFERED", "1"); // the request log is read while it runs
        Process process = builder.start();
        GcsEmulatorPeer peer = new GcsEmulatorPeer(process, URI.create("http://127.0.0.1:" + port), log);
        try {
            peer.awaitHealthy();
        } catch (IOException | InterruptedException | RuntimeException e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    /** Where the emulator serves the JSON API, for {@link GcsStoreSettings#withEndpoint}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The request lines logged so far ({@code "PUT /upload/... HTTP/1.1" 308 -}) that contain {@code text}. */
    List<String> requestsContaining(String text) throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("\"") && line.contains(text))
                .toList();
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and running the hook itself
        }
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("gcp-storage-emulator exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (answers()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("gcp-storage-emulator did not answer on " + endpoint + " within " + STARTUP_LIMIT + ":\n" + logTail());
    }

    /** Its health check: GET / answers "OK". */
    private boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() == 200
                        && new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8).startsWith("OK");
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public String toString() {
        return "gcp-storage-emulator at " + requireNonNull(endpoint);
    }
}
