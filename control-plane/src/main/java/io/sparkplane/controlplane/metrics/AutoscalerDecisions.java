package io.sparkplane.controlplane.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counts the autoscaler's decisions by engine profile and direction. {@code ClusterAutoscaler}
 * calls {@link #decided} once per decision on a fresh backlog snapshot (a pass without a fresh
 * snapshot decides nothing and counts nothing). A direct call rather than an event: the decision is
 * not a state change anyone else observes.
 */
@ApplicationScoped
public class AutoscalerDecisions {

    private final MeterRegistry registry;
    private final MeterGuard guard = new MeterGuard(AutoscalerDecisions.class);

    AutoscalerDecisions(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One decision: from {@code currentWorkers} to {@code desiredWorkers} (equal: hold). Never throws. */
    public void decided(String backend, int currentWorkers, int desiredWorkers) {
        guard.run("counting an autoscaler decision", () -> counter(backend, ScalingDirection.of(currentWorkers, desiredWorkers)).increment());
    }

    /** The engine profile's series at zero. */
    void register(String backend) {
        for (ScalingDirection direction : ScalingDirection.values()) {
            counter(backend, direction);
        }
    }

    private Counter counter(String backend, ScalingDirection direction) {
        return Counter.builder(MetricNames.AUTOSCALER_DECISIONS)
                .description("The autoscaler's decisions on fresh backlog snapshots, by engine profile and direction (up, down, hold)")
                .tag(MetricNames.BACKEND, backend)
                .tag(MetricNames.DIRECTION, direction.label())
                .register(registry);
    }
}
