package io.sparkplane.controlplane.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkplane.spi.engine.EngineBackendException;
import org.junit.jupiter.api.Test;

class ProvisionTimesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ProvisionTimes times = new ProvisionTimes(registry);

    private long count(String backend, String outcome) {
        return registry.get(MetricNames.PROVISION).tags("backend", backend, "outcome", outcome).timer().count();
    }

    @Test
    void aSuccessfulCallIsTimedAsSuccessAndItsResultPassesThrough() {
        String provisioned = times.timed("emr", "spec", spec -> spec + " provisioned");

        assertThat(provisioned).isEqualTo("spec provisioned");

        assertThat(count("emr", "success")).isEqualTo(1);
        assertThat(registry.find(MetricNames.PROVISION).tags("outcome", "failure").timer()).isNull();
    }

    @Test
    void aFailedCallIsTimedAsFailureAndItsExceptionPassesThroughUnchanged() {
        EngineBackendException refused = new EngineBackendException("quota exceeded");

        assertThatThrownBy(() -> times.timed("emr", "spec", spec -> {
            throw refused;
        })).isSameAs(refused);

        assertThat(count("emr", "failure")).isEqualTo(1);
    }

    @Test
    void registeredSeriesStartAtZero() {
        times.register("local");

        assertThat(count("local", "success")).isZero();
        assertThat(count("local", "failure")).isZero();
    }

    @Test
    void aBrokenRegistryNeverFailsTheProvision() {
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                throw new IllegalStateException("broken");
            }
        });

        int provisioned = times.timed("emr", 2, workers -> workers + 1);

        assertThat(provisioned).isEqualTo(3);
    }
}
