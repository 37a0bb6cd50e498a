package io.sparkplane.tests;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver (not a collector): {@code POST /v1/traces} with an
 * {@code ExportTraceServiceRequest} in protobuf, read with OTLP's published message classes, each
 * span kept as a {@link ReceivedSpan}. What an OpenTelemetry Collector would receive from the
 * control plane with {@code QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf}.
 */
final class OtlpTraceReceiver implements AutoCloseable {

    /** One received span; ids in lower-case hex, attributes as strings. */
    record ReceivedSpan(String name, String traceId, String spanId, String parentSpanId, String service, Map<String, String> attributes) {}

    private final HttpServer server;
    private final List<ReceivedSpan> spans = Collections.synchronizedList(new ArrayList<>());
    /** Requests that were not an OTLP trace export, as what was wrong with them. */
    private final List<String> refused = Collections.synchronizedList(new ArrayList<>());

    OtlpTraceReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/traces", exchange -> {
            try (InputStream body = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
                for (ResourceSpans resource : request.getResourceSpansList()) {
                    String service = resource.getResource().getAttributesList().stream().filter(kv -> kv.getKey().equals("service.name"))
                            .map(kv -> kv.getValue().getStringValue()).findFirst().orElse("");
                    for (ScopeSpans scope : resource.getScopeSpansList()) {
                        for (Span span : scope.getSpansList()) {
                            spans.add(received(span, service));
                        }
                    }
                }
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            } catch (IOException | RuntimeException | LinkageError e) {
                refused.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Content-Type")
                        + ": " + e);
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    private static ReceivedSpan received(Span span, String service) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (KeyValue kv : span.getAttributesList()) {
            var value = kv.getValue();
            attributes.put(kv.getKey(), switch (value.getValueCase()) {
                case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
                case INT_VALUE -> Long.toString(value.getIntValue());
                case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
                default -> value.getStringValue();
            });
        }
        HexFormat hex = HexFormat.of();
        return new ReceivedSpan(span.getName(), hex.formatHex(span.getTraceId().toByteArray()), hex.formatHex(span.getSpanId().toByteArray()),
                hex.formatHex(span.getParentSpanId().toByteArray()), service, attributes);
    }

    /** Where the control plane sends its spans ({@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}). */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The first received span that matches, waiting up to {@code timeout} for the exporter's next batch. */
    ReceivedSpan await(String what, Predicate<ReceivedSpan> matching, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (spans) {
                for (ReceivedSpan span : spans) {
                    if (matching.test(span)) {
                        return span;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no span " + what + " within " + timeout + "; received: " + all() + "; refused: " + refused);
    }

    List<ReceivedSpan> all() {
        synchronized (spans) {
            return List.copyOf(spans);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
