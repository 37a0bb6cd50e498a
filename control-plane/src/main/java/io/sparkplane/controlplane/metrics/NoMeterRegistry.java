package io.sparkplane.controlplane.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The registry the meters get when the control plane was built without Quarkus's Micrometer
 * ({@code -Dquarkus.micrometer.enabled=false}, docs/metrics.md): Micrometer's global composite
 * with no registry in it, which counts into nothing. A {@link DefaultBean}, so Quarkus's own
 * registry is the one injected whenever Micrometer is built in.
 */
@ApplicationScoped
public class NoMeterRegistry {

    @Produces
    @DefaultBean
    @Singleton
    MeterRegistry none() {
        return Metrics.globalRegistry;
    }
}
