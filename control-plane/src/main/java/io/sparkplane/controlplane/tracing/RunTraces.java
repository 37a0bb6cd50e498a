package io.sparkplane.controlplane.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The spans of a run's way through the control plane, joined into one trace by the W3C
 * {@code traceparent} of the API call that submitted it (Quarkus makes that call's server span).
 * A run waits in the queue for any replica, so it keeps that traceparent in its row; each dispatch of
 * an attempt is a span under it, and hands its own traceparent to the engine in the launch spec; the
 * launcher sends it back with each state report, which is a span under the dispatch.
 *
 * <p>With the OpenTelemetry SDK off (the default) every span is a no-op and no traceparent is made.
 */
@ApplicationScoped
public class RunTraces {

    public static final String RUN_ID = "sparkplane.run.id";
    public static final String ATTEMPT = "sparkplane.run.attempt";
    public static final String WORKSPACE = "sparkplane.workspace";
    public static final String BACKEND = "sparkplane.backend";
    public static final String CLUSTER = "sparkplane.cluster";
    public static final String WARM = "sparkplane.warm";
    public static final String STATE = "sparkplane.attempt.state";

    private static final String TRACE_PARENT = "traceparent";
    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;

    RunTraces(Tracer tracer) {
        this.tracer = tracer;
    }

    /** The traceparent of the span current on this thread (the submitting API call's), when it is recorded. */
    public Optional<String> current() {
        return traceParentOf(Span.current());
    }

    /** The W3C traceparent naming {@code span}; empty when the span is not sampled (or tracing is off). */
    public static Optional<String> traceParentOf(Span span) {
        SpanContext context = span.getSpanContext();
        if (!context.isValid() || !context.isSampled()) {
            return Optional.empty();
        }
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), carrier, Map::put);
        return Optional.ofNullable(carrier.get(TRACE_PARENT));
    }

    /**
     * A started span for one dispatch of an attempt (staging, the backend's provision, recording the
     * cluster), under the run's submit; a root span when the run has none. The caller ends it.
     */
    public Span dispatch(Optional<String> runTraceParent, UUID runId, int attempt, String workspace, String backend) {
        return tracer.spanBuilder("sparkplane dispatch")
                .setParent(parent(runTraceParent))
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(RUN_ID, runId.toString())
                .setAttribute(ATTEMPT, attempt)
                .setAttribute(WORKSPACE, workspace)
                .setAttribute(BACKEND, backend)
                .startSpan();
    }

    /** A started span for one step of a dispatch ({@code provision}, {@code stage inputs}), under the current span. */
    public Span step(String name, String backend) {
        return tracer.spanBuilder("sparkplane " + name).setSpanKind(SpanKind.INTERNAL).setAttribute(BACKEND, backend).startSpan();
    }

    /**
     * A started span for a state report of an attempt's engine, under the dispatch span whose
     * traceparent the launcher sent (a root span when it sent none, or a malformed one). The caller ends it.
     */
    public Span engineReport(Optional<String> sentTraceParent, UUID runId, int attempt, String state) {
        return tracer.spanBuilder("sparkplane engine report")
                .setParent(parent(sentTraceParent))
                // not SERVER: the request's own server span is suppressed for the internal API (heartbeats would flood traces)
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(RUN_ID, runId.toString())
                .setAttribute(ATTEMPT, attempt)
                .setAttribute(STATE, state)
                .startSpan();
    }

    /** The context a traceparent names; the empty root context when there is none or it does not parse. */
    static Context parent(Optional<String> traceParent) {
        return traceParent
                .map(value -> W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of(TRACE_PARENT, value), MAP_GETTER))
                .orElse(Context.root());
    }
}
