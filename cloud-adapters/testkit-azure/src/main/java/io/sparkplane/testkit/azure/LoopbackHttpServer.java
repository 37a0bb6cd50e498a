package io.sparkplane.testkit.azure;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The JDK's HTTP server on a free loopback port, handing every request to one router. The port is
 * bound by the server itself (port 0), so no other process can take it between finding and binding.
 */
final class LoopbackHttpServer implements AutoCloseable {

    static {
        // the JDK's server writes an answer's headers and body apart, and Nagle's algorithm holds the
        // body until the client acknowledges the headers: about 40 ms a call on Linux, without this
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService threads;

    private LoopbackHttpServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    static LoopbackHttpServer start(String name, Function<Request, HttpAnswer> router) throws IOException {
        requireNonNull(router, "router is null");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, name + "-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", exchange -> handle(exchange, router));
        server.start();
        return new LoopbackHttpServer(server, threads);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void handle(HttpExchange exchange, Function<Request, HttpAnswer> router) throws IOException {
        try (exchange) {
            HttpAnswer answer;
            try {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body);
                answer = router.apply(request);
            } catch (RuntimeException e) {
                // a fault of the fake itself: a 500 naming it, as a server's unexpected error
                answer = HttpAnswer.text(500, "text/plain; charset=utf-8", "the fake failed: " + e);
            }
            for (Map.Entry<String, String> header : answer.headers().entrySet()) {
                exchange.getResponseHeaders().set(header.getKey(), header.getValue());
            }
            boolean noBody = answer.body().length == 0 || exchange.getRequestMethod().equals("HEAD")
                    || answer.status() == 204 || answer.status() == 304;
            exchange.sendResponseHeaders(answer.status(), noBody ? -1 : answer.body().length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
