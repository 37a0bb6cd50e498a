package io.sparkplane.controlplane.tracing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The tests' span exporter: Quarkus's default exporter setting ({@code cdi}) exports to every
 * {@code SpanExporter} bean, so the spans the control plane ends reach this one (the test profile
 * turns the SDK on and exports every 50 ms).
 */
@ApplicationScoped
public class TestSpans {

    private static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return EXPORTER;
    }

    /** The first exported span that matches, waiting for the batch processor to export it. */
    public static SpanData awaitSpan(String description, Predicate<SpanData> matching) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<SpanData> found = EXPORTER.getFinishedSpanItems().stream().filter(matching).toList();
            if (!found.isEmpty()) {
                return found.get(0);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no span " + description + " was exported; spans: "
                + EXPORTER.getFinishedSpanItems().stream().map(SpanData::getName).toList());
    }

    /** Every exported span so far. */
    public static List<SpanData> all() {
        return EXPORTER.getFinishedSpanItems();
    }
}
