package io.sparkplane.controlplane.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScalingDirectionTest {

    @ParameterizedTest(name = "{0} -> {1} workers: {2}")
    @CsvSource({
        "2, 3, up",
        "0, 1, up",
        "3, 2, down",
        "1, 0, down",
        "2, 2, hold",
        "0, 0, hold",
    })
    void isTheWayFromTheCurrentToTheDecidedWorkers(int current, int desired, String label) {
        assertThat(ScalingDirection.of(current, desired).label()).isEqualTo(label);
    }

    @Test
    void eachDecisionCountsOnceInItsDirection() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AutoscalerDecisions decisions = new AutoscalerDecisions(registry);
        decisions.register("k8s");

        decisions.decided("k8s", 2, 5);
        decisions.decided("k8s", 2, 5);
        decisions.decided("k8s", 5, 5);

        assertThat(registry.get(MetricNames.AUTOSCALER_DECISIONS).tags("backend", "k8s", "direction", "up").counter().count()).isEqualTo(2);
        assertThat(registry.get(MetricNames.AUTOSCALER_DECISIONS).tags("backend", "k8s", "direction", "hold").counter().count()).isEqualTo(1);
        assertThat(registry.get(MetricNames.AUTOSCALER_DECISIONS).tags("backend", "k8s", "direction", "down").counter().count()).isZero();
    }
}
