package io.sparkplane.controlplane.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Function;

/**
 * How long each {@code EngineBackend.provision} call took, by engine profile and outcome. The
 * dispatcher wraps its call in {@link #timed}, one line; the call's result or exception passes
 * through unchanged.
 */
@ApplicationScoped
public class ProvisionTimes {

    static final String SUCCESS = "success";
    static final String FAILURE = "failure";

    private final MeterRegistry registry;
    private final MeterGuard guard = new MeterGuard(ProvisionTimes.class);

    ProvisionTimes(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Calls {@code provision} with {@code spec}, timing it as {@code backend}'s; what it returns or throws is passed on. */
    public <S, R> R timed(String backend, S spec, Function<S, R> provision) {
        long started = System.nanoTime();
        boolean succeeded = false;
        try {
            R result = provision.apply(spec);
            succeeded = true;
            return result;
        } finally {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            String outcome = succeeded ? SUCCESS : FAILURE;
            guard.run("recording a provision's time", () -> timer(backend, outcome).record(took));
        }
    }

    /** The engine profile's series at zero, so dashboards show it before its first provision. */
    void register(String backend) {
        timer(backend, SUCCESS);
        timer(backend, FAILURE);
    }

    private Timer timer(String backend, String outcome) {
        return Timer.builder(MetricNames.PROVISION)
                .description("How long EngineBackend.provision took, by engine profile and outcome")
                .tag(MetricNames.BACKEND, backend)
                .tag(MetricNames.OUTCOME, outcome)
                .serviceLevelObjectives(Buckets.RUN_PHASES)
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
    }
}
