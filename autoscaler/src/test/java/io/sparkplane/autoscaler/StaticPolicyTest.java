package io.sparkplane.autoscaler;

import static io.sparkplane.autoscaler.Fixtures.at;
import static io.sparkplane.autoscaler.Fixtures.cluster;
import static io.sparkplane.autoscaler.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StaticPolicyTest {

    @ParameterizedTest(name = "static {0} in [{1}, {2}] -> {3}")
    @CsvSource({
        "4, 1, 8, 4",
        "0, 1, 8, 1",
        "20, 1, 8, 8",
        "0, 0, 8, 0",
        "8, 8, 8, 8",
    })
    void alwaysTheSameSizeWithinBounds(int workers, int min, int max, int expected) {
        ScalingDecision decision = new StaticPolicy(workers).decide(
                snapshot(10, 100, 4, 1, 1, 1), cluster(1, min, max, 4, -1, -1, 10, 0, 0), at(10));
        assertThat(decision.desiredWorkers()).isEqualTo(expected);
        assertThat(decision.reason()).contains("static size " + workers);
    }
}
