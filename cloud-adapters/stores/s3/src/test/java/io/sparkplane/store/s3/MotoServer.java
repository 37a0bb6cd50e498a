package io.sparkplane.store.s3;

import static java.util.Objects.requireNonNull;

import io.sparkplane.testkit.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The AWS emulator moto ({@code moto[server,s3]} from PyPI, pinned in
 * {@code cloud-adapters/stores/s3/requirements-test.txt} and installed into the project's {@code .venv} by
 * {@code ./sparkplane test}) in server mode: a Python process serving the S3 REST API on 127.0.0.1.
 * It takes any credentials and does not check signatures.
 */
final class MotoServer implements S3Peer {

    /** The project's python with moto installed; the build passes {@code .venv/bin/python}. */
    static final String PYTHON_PROPERTY = "sparkplane.python";

    private final Process process;
    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static MotoServer start(Path logFile) throws Exception {
        requireNonNull(logFile, "logFile is null");
        String python = System.getProperty(PYTHON_PROPERTY, "python3");
        int port = FreePorts.free();
        Process process = new ProcessBuilder(python, "-m", "moto.server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!server.answers()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                server.close();
                throw new IllegalStateException("moto did not start with " + python + " (install the test peers: ./sparkplane test,"
                        + " or pip install -r cloud-adapters/stores/s3/requirements-test.txt); its output:\n"
                        + Files.readString(logFile, StandardCharsets.UTF_8));
            }
            Thread.sleep(100);
        }
        return server;
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void createBucket(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/" + name))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("moto did not create bucket " + name + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }

    /** Settings for a store that talks to moto: path-style, any static credentials, no {@code Expect: 100-continue}. */
    @Override
    public S3StoreSettings settings() {
        return S3StoreSettings.defaults()
                .withRegion("us-east-1")
                .withEndpoint(endpoint, true)
                .withCredentials(new S3StoreSettings.StaticCredentials("testing", "testing"))
                .withExpectContinue(false);
    }

    private boolean answers() {
        try {
            http.send(HttpRequest.newBuilder(endpoint.resolve("/")).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
