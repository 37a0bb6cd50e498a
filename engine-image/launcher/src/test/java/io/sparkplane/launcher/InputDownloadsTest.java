package io.sparkplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetching inputs through the internal engine API, against a JDK HTTP server that answers as the
 * control plane does: the bytes, or a problem whose detail names the URI.
 */
class InputDownloadsTest {

    private HttpServer server;
    private final ConcurrentLinkedQueue<int[]> answers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> references = Collections.synchronizedList(new ArrayList<>());
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path directory;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String query = exchange.getRequestURI().getRawQuery();
            references.add(URLDecoder.decode(query.substring("ref=".length()), StandardCharsets.UTF_8));
            int[] next = answers.poll();
            int status = next == null ? 200 : next[0];
            byte[] body = status == 200
                    ? "print('fetched')".getBytes(StandardCharsets.UTF_8)
                    : ("{\"type\":\"x\",\"title\":\"t\",\"status\":" + status + ",\"detail\":\"s3://bucket/job.py: the store answered " + status + "\"}")
                            .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/octet-stream" : "application/problem+json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private InputDownloads downloads() {
        EngineApiClient client = new EngineApiClient(EngineApiClient.defaultHttpClient(),
                "http://127.0.0.1:" + server.getAddress().getPort(), "run-1", 1, "token");
        return new InputDownloads(client, lines::add);
    }

    @Test
    void fetchesIntoTheTargetAndSaysSo() throws Exception {
        Path target = directory.resolve("job.py");
        downloads().fetch("s3://bucket/job.py", target);

        assertThat(Files.readString(target)).isEqualTo("print('fetched')");
        assertThat(references).containsExactly("s3://bucket/job.py");
        assertThat(lines).singleElement().asString().startsWith("fetched s3://bucket/job.py (16 bytes,");
        assertThat(directory.resolve("job.py.part")).doesNotExist();
    }

    @Test
    void aStoreFailureBehindTheControlPlaneIsNotTriedAgain() {
        answers.add(new int[] {502});
        assertThatThrownBy(() -> downloads().fetch("s3://bucket/job.py", directory.resolve("job.py")))
                .isInstanceOf(StagedInputs.StagingException.class)
                .hasMessage("cannot fetch s3://bucket/job.py: HTTP 502: s3://bucket/job.py: the store answered 502");
        assertThat(requests).hasValue(1);
        assertThat(directory.resolve("job.py")).doesNotExist();
    }

    @Test
    void aMissingObjectFailsAtOnceWithTheControlPlanesDetail() {
        answers.add(new int[] {404});
        assertThatThrownBy(() -> downloads().fetch("s3://bucket/job.py", directory.resolve("job.py")))
                .hasMessageContaining("HTTP 404: s3://bucket/job.py");
        assertThat(requests).hasValue(1);
    }

    @Test
    void anUnavailableControlPlaneIsTriedAgainWithPauses() throws Exception {
        answers.add(new int[] {503});
        answers.add(new int[] {503});
        downloads().fetch("s3://bucket/job.py", directory.resolve("job.py"));

        assertThat(requests).hasValue(3);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("failed (HTTP 503").contains("trying again in 1 s");
        assertThat(lines.get(1)).contains("trying again in 2 s");
    }
}
