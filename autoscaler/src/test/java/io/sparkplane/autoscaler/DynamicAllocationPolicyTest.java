package io.sparkplane.autoscaler;

import static io.sparkplane.autoscaler.Fixtures.at;
import static io.sparkplane.autoscaler.Fixtures.cluster;
import static io.sparkplane.autoscaler.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Spark's defaults (1 s, 1 s, 60 s), 4 cores per worker; times in seconds, -1 = never. */
class DynamicAllocationPolicyTest {

    private static final DynamicAllocationPolicy POLICY = DynamicAllocationPolicy.sparkDefaults();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("no backlog at min keeps min", 10,
                        snapshot(10, 0, 0, 1, 0, -1), cluster(1, 1, 16, 4, -1, -1, 10, -1, 0), 1),
                Arguments.of("backlog younger than the backlog timeout waits", 10,
                        snapshot(10, 20, 4, 1, 1, -1), cluster(1, 1, 16, 4, -1, -1, 10, 9.5, 0), 1),
                Arguments.of("backlog of 1 s adds one worker", 10,
                        snapshot(10, 20, 4, 1, 1, -1), cluster(1, 1, 16, 4, -1, -1, 10, 9, 0), 2),
                Arguments.of("second round adds two", 10,
                        snapshot(10, 60, 4, 1, 1, -1), cluster(2, 1, 16, 4, 9, -1, 10, 8, 1), 4),
                Arguments.of("third round adds four", 10,
                        snapshot(10, 60, 4, 1, 1, -1), cluster(4, 1, 16, 4, 9, -1, 10, 7, 2), 8),
                Arguments.of("next round not due before the sustained timeout", 10,
                        snapshot(10, 60, 4, 1, 1, -1), cluster(4, 1, 16, 4, 9.5, -1, 10, 7, 2), 4),
                Arguments.of("a round never adds beyond what the tasks need", 10,
                        snapshot(10, 20, 4, 1, 1, -1), cluster(4, 1, 16, 4, 9, -1, 10, 7, 2), 6),
                Arguments.of("a round never adds beyond the maximum", 10,
                        snapshot(10, 200, 16, 4, 4, -1), cluster(12, 1, 16, 4, 9, -1, 10, 5, 4), 16),
                Arguments.of("idle workers stay before the idle timeout", 100,
                        snapshot(100, 0, 2, 4, 1, 1), cluster(4, 1, 16, 4, -1, -1, 41, -1, 0), 4),
                Arguments.of("idle timeout removes idle workers, never below need", 100,
                        snapshot(100, 0, 5, 4, 2, 1), cluster(4, 1, 16, 4, -1, -1, 40, -1, 0), 2),
                Arguments.of("idle timeout never goes below min", 100,
                        snapshot(100, 0, 0, 4, 0, 1), cluster(4, 3, 16, 4, -1, -1, 40, -1, 0), 3),
                Arguments.of("fewer tasks than workers cancels starting workers at once", 10,
                        snapshot(10, 0, 4, 2, 1, 1), cluster(6, 1, 16, 4, 9, -1, 10, -1, 0), 2),
                Arguments.of("above the maximum clamps", 10,
                        snapshot(10, 100, 64, 20, 16, 1), cluster(20, 1, 16, 4, -1, -1, 10, 0, 0), 16),
                Arguments.of("below the minimum clamps", 10,
                        snapshot(10, 0, 0, 0, 0, 1), cluster(0, 2, 16, 4, -1, -1, 10, -1, 0), 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, double now, BacklogSnapshot backlog, ClusterState cluster, int expected) {
        ScalingDecision decision = POLICY.decide(backlog, cluster, at(now));
        assertThat(decision.desiredWorkers()).isEqualTo(expected);
        assertThat(decision.reason()).isNotBlank();
    }

    @Test
    void reasonNamesTheRound() {
        ScalingDecision decision = POLICY.decide(
                snapshot(10, 60, 4, 1, 1, -1), cluster(2, 1, 16, 4, 9, -1, 10, 8, 1), at(10));
        assertThat(decision.reason()).isEqualTo(
                "60 tasks pending since 2 s ago; 64 tasks pending or running need 16 workers of 4 cores;"
                        + " round of 2 adds 2: 4 workers");
    }
}
