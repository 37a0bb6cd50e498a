package io.sparkplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sparkplane.spi.engine.AttemptOutcome;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which requests carry the run's trace context: state reports do, heartbeats and log bytes do not. */
class EngineApiClientTraceTest {

    private static final String TRACE_PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private HttpServer server;
    /** Each request as {@code <last path segment> <traceparent header or "-">}, in order. */
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String kind = path.substring(path.lastIndexOf('/') + 1);
            String header = exchange.getRequestHeaders().getFirst("traceparent");
            received.add(kind + " " + (header == null ? "-" : header));
            exchange.getRequestBody().readAllBytes();
            byte[] body = kind.equals("log") ? "{\"nextOffset\":3}".getBytes() : new byte[0];
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private EngineApiClient client(String traceParent) {
        return new EngineApiClient(EngineApiClient.defaultHttpClient(), "http://127.0.0.1:" + server.getAddress().getPort(), "run-1", 1,
                "token", traceParent);
    }

    @Test
    void stateReportsCarryTheDispatchSpansTraceParent() {
        EngineApiClient client = client(TRACE_PARENT);

        assertThat(client.reportRunning().answer()).isEqualTo(EngineApiClient.Answer.ACCEPTED);
        assertThat(client.heartbeat(Optional.empty()).answer()).isEqualTo(EngineApiClient.Answer.ACCEPTED);
        assertThat(client.putLog(0, "abc".getBytes(), 3).answer()).isEqualTo(EngineApiClient.Answer.ACCEPTED);
        assertThat(client.reportFinal(AttemptOutcome.succeeded("done", 0)).answer()).isEqualTo(EngineApiClient.Answer.ACCEPTED);

        assertThat(received).containsExactly("state " + TRACE_PARENT, "heartbeat -", "log -", "state " + TRACE_PARENT);
    }

    @Test
    void anUntracedRunSendsNoTraceParent() {
        client("").reportRunning();

        assertThat(received).containsExactly("state -");
    }
}
