package io.sparkplane.store.gcs;

import static java.util.Objects.requireNonNull;

import io.sparkplane.testkit.FreePorts;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code fake-gcs-server} (Go, built by {@code ./sparkplane test} from the version pinned in this
 * module's {@code go-tools.txt} into the project's {@code .tools/bin}) run as a process on 127.0.0.1
 * and a free port, in memory, speaking Cloud Storage's JSON API over plain HTTP. Started by the
 * tests, stopped after them; it also stops when the JVM that started it dies, however it dies: it
 * runs under a shell that waits for the JVM's end of a pipe to close. Its request log is left in
 * {@code target/fake-gcs-server.log}.
 */
public final class FakeGcsServerPeer implements AutoCloseable {

    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(30);
    /** One request in its log: {@code msg="127.0.0.1 - - [date] \"PUT /upload/...?upload_id=x HTTP/1.1\" 308 0\n"}. */
    private static final Pattern REQUEST = Pattern.compile("\\\\\"(\\S+ \\S+) HTTP/[0-9.]+\\\\\" (\\d{3}) ");

    /** Ends the server when stdin (the JVM's pipe) reaches its end, and when the shell itself is told to stop. */
    private static final String SUPERVISOR = "\"$@\" & server=$!; trap 'kill $server 2>/dev/null' EXIT TERM INT; cat >/dev/null; exit 0";

    private final Process process;
    private final URI endpoint;
    private final Path log;
    private final Thread killer;

    private FakeGcsServerPeer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
        this.killer = new Thread(this::kill, "fake-gcs-server-killer");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** The binary given by the {@code sparkplane.fakeGcsServer} system property (the project's .tools/bin). */
    public static FakeGcsServerPeer start() throws IOException, InterruptedException {
        String binary = System.getProperty("sparkplane.fakeGcsServer");
        if (binary == null || !Files.isExecutable(Path.of(binary))) {
            throw new IllegalStateException("no fake-gcs-server at " + binary + " (system property sparkplane.fakeGcsServer); "
                    + "./sparkplane test builds it, or: GOBIN=$PWD/.tools/bin go install $(grep -v '^#' cloud-adapters/stores/gcs/go-tools.txt)");
        }
        int port = FreePorts.free();
        // kept after the run (target/ is build output): the request log shows what the server served
        Path log = Path.of("target", "fake-gcs-server-" + port + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        String address = "http://127.0.0.1:" + port;
        ProcessBuilder builder = new ProcessBuilder(List.of("sh", "-c", SUPERVISOR, "fake-gcs-server", binary,
                "-scheme", "http", "-host", "127.0.0.1", "-port", Integer.toString(port),
                "-backend", "memory", "-public-host", "127.0.0.1:" + port, "-external-url", address,
                "-log-level", "info"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Process process = builder.start();
        FakeGcsServerPeer peer = new FakeGcsServerPeer(process, URI.create(address), log);
        try {
            peer.awaitHealthy();
        } catch (IOException | InterruptedException | RuntimeException e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    /** Where the server answers the JSON API, for {@link GcsStoreSettings#withEndpoint} and {@code fs.gs.storage.root.url}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The requests served so far, oldest first, each as {@code "PUT /upload/...?upload_id=x 308"}. */
    public List<String> requests() throws IOException {
        List<String> requests = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher request = REQUEST.matcher(line);
            if (request.find()) {
                requests.add(request.group(1) + " " + request.group(2));
            }
        }
        return requests;
    }

    /** The requests served after the first {@code count} ({@link #requests()}{@code .size()} taken earlier). */
    public List<String> requestsAfter(int count) throws IOException {
        List<String> requests = requests();
        return requests.subList(Math.min(count, requests.size()), requests.size());
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
                throw new IllegalStateException("fake-gcs-server exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (answers()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("fake-gcs-server did not answer on " + endpoint + " within " + STARTUP_LIMIT + ":\n" + logTail());
    }

    /** Listing buckets answers 200 once it serves. */
    private boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/storage/v1/b?project=probe").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
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


    @Override
    public String toString() {
        return "fake-gcs-server at " + requireNonNull(endpoint);
    }
}
