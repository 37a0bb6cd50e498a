package io.sparkplane.controlplane.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fetching web sources from the address that was checked, against a real HTTP server on loopback. */
class WebSourcesTest {

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/job.py", exchange -> {
            requests.incrementAndGet();
            byte[] body = "print('hello')".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/moved", exchange -> {
            requests.incrementAndGet();
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI uri(String host, String path) {
        return URI.create("http://" + host + ":" + server.getAddress().getPort() + path);
    }

    @Test
    void connectsToTheAddressItCheckedAndAsksForItOnce() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        // a policy that lets loopback through, so the server here stands in for a public one
        try (WebSources web = new WebSources(host -> {
            checks.incrementAndGet();
            return new PublicAddresses.Checked(List.of(InetAddress.getLoopbackAddress()), null);
        }, Duration.ofSeconds(5), Duration.ofSeconds(5))) {
            WebSources.Fetched fetched = web.open(uri("jobs.example.org", "/job.py"));
            try (InputStream content = fetched.content()) {
                assertThat(new String(content.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("print('hello')");
            }
            assertThat(fetched.length()).isEqualTo(14);
        }
        assertThat(checks).hasValue(1);
        assertThat(requests).hasValue(1);
    }

    @Test
    void aNameThatResolvesElsewhereAfterTheSubmitIsRefusedAndNothingIsSent() throws Exception {
        // public when the run was submitted, loopback when the engine asks for it: DNS rebinding
        Deque<InetAddress> answers = new ArrayDeque<>(List.of(InetAddress.getByName("93.184.216.34"), InetAddress.getLoopbackAddress()));
        PublicAddresses.Resolver rebinding = host -> List.of(answers.removeFirst());
        assertThat(PublicAddresses.problem("rebind.example.org", rebinding)).isNull();
        try (WebSources web = new WebSources(host -> PublicAddresses.check(host, rebinding), Duration.ofSeconds(5), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> web.open(uri("rebind.example.org", "/job.py")))
                    .isInstanceOf(WebSources.RefusedException.class)
                    .hasMessageContaining("is a loopback address (127.0.0.1)");
        }
        assertThat(requests).hasValue(0);
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        try (WebSources web = new WebSources(host -> new PublicAddresses.Checked(List.of(InetAddress.getLoopbackAddress()), null),
                Duration.ofSeconds(5), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> web.open(uri("jobs.example.org", "/moved")))
                    .isInstanceOf(WebSources.RefusedException.class)
                    .hasMessage("answered HTTP 302");
        }
        assertThat(requests).hasValue(1);
    }
}
