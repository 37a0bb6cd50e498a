package io.sparkplane.controlplane.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sparkplane.controlplane.run.RunLifecycle;
import io.sparkplane.controlplane.run.RunState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;

/**
 * What a run's transitions tell, counted and timed from {@link RunLifecycle.Transitioned} once the
 * transaction that wrote them has committed (a rolled-back claim or a lost optimistic lock counts
 * nothing): submissions, the queue wait before a claim, the engine's start, and the runs that
 * ended, by state and reason. The lifecycle stays free of Micrometer; this is its only listener.
 */
@ApplicationScoped
public class RunTransitionMeters {

    private final MeterRegistry registry;
    private final MeterGuard guard = new MeterGuard(RunTransitionMeters.class);

    RunTransitionMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void onTransition(@Observes(during = TransactionPhase.AFTER_SUCCESS) RunLifecycle.Transitioned transition) {
        guard.run("recording a run's transition", () -> record(transition));
    }

    /** The meters one committed transition moves. */
    void record(RunLifecycle.Transitioned transition) {
        String backend = transition.backend();
        if (transition.from() == null) {
            submitted(backend).increment();
        } else if (transition.from() == RunState.QUEUED && transition.to() == RunState.PROVISIONING) {
            transition.timeInFrom().ifPresent(waited -> dispatchLatency(backend).record(waited));
        } else if (transition.from() == RunState.PROVISIONING && transition.to() == RunState.RUNNING) {
            transition.timeInFrom().ifPresent(started -> engineStart(backend).record(started));
        }
        if (transition.to().isTerminal()) {
            finished(backend, transition.to(), transition.reason() == null ? "UNKNOWN" : transition.reason().name()).increment();
        }
    }

    /** The engine profile's series at zero, so dashboards show it before its first run. */
    void register(String backend) {
        submitted(backend);
        dispatchLatency(backend);
        engineStart(backend);
    }

    private Counter submitted(String backend) {
        return Counter.builder(MetricNames.RUNS_SUBMITTED)
                .description("Runs stored as QUEUED by this replica, from every surface (API, Livy, jobs, schedules)")
                .tag(MetricNames.BACKEND, backend)
                .register(registry);
    }

    private Counter finished(String backend, RunState state, String reason) {
        return Counter.builder(MetricNames.RUNS_FINISHED)
                .description("Runs that reached an end state through this replica, by end state and termination reason")
                .tag(MetricNames.BACKEND, backend)
                .tag(MetricNames.STATE, state.name())
                .tag(MetricNames.REASON, reason)
                .register(registry);
    }

    private Timer dispatchLatency(String backend) {
        return timer(MetricNames.DISPATCH_LATENCY, "From a run's queueing (or a retry's re-queueing) to its claim by the dispatcher", backend);
    }

    private Timer engineStart(String backend) {
        return timer(MetricNames.ENGINE_START, "From an attempt's start (PROVISIONING) to the engine's first RUNNING report", backend);
    }

    private Timer timer(String name, String description, String backend) {
        return Timer.builder(name)
                .description(description)
                .tag(MetricNames.BACKEND, backend)
                .serviceLevelObjectives(Buckets.RUN_PHASES)
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
    }
}
