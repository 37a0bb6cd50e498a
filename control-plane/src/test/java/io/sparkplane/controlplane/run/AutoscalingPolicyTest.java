package io.sparkplane.controlplane.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AutoscalingPolicyTest {

    @ParameterizedTest(name = "{0} {1}..{2} starts with {3}")
    @CsvSource({
            "backlog, 0, 4, 1",
            "backlog, 2, 4, 2",
            "dynamic-allocation, 0, 1, 1",
            "dynamic-allocation, 3, 3, 3",
            "static, 1, 5, 5",
            "static, 0, 2, 2"})
    void aClusterStartsWithItsPolicysFirstSize(String name, int min, int max, int initialWorkers) {
        AutoscalingPolicy policy = AutoscalingPolicy.of(name, min, max).orElseThrow();

        assertThat(policy.name()).isEqualTo(name);
        assertThat(policy.initialWorkers()).isEqualTo(initialWorkers);
    }

    @ParameterizedTest(name = "{0}..{1}")
    @CsvSource({"-1, 2", "3, 2", "0, 0"})
    void boundsAreChecked(int min, int max) {
        assertThatThrownBy(() -> new AutoscalingPolicy.Backlog(min, max)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnknownNameIsNoPolicy() {
        assertThat(AutoscalingPolicy.of("fastest", 1, 2)).isEmpty();
        assertThat(AutoscalingPolicy.NAMES).containsExactly("backlog", "dynamic-allocation", "static");
    }
}
