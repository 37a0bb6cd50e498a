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

/** The defaults (30 s drain, ×2.0, 60 s stabilization); decisions at 100 s; -1 = never. */
class BacklogPolicyTest {

    private static final BacklogPolicy POLICY = BacklogPolicy.defaults();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("64 task-s with one core per worker need 3 workers",
                        snapshot(100, 60, 4, 3, 3, 1), cluster(3, 1, 16, 1, -1, -1, 100, 90, 0), 3),
                Arguments.of("scale up to the drain target within the factor",
                        snapshot(100, 480, 8, 3, 3, 1), cluster(3, 1, 16, 4, -1, -1, 100, 90, 0), 5),
                Arguments.of("ramp-up limited to twice the current size",
                        snapshot(100, 4000, 8, 2, 2, 2), cluster(2, 1, 16, 4, -1, -1, 100, 90, 0), 4),
                Arguments.of("ramp-up adds at least one worker, even from zero",
                        snapshot(100, 100, 0, 0, 0, -1), cluster(0, 0, 16, 4, -1, -1, 100, 90, 0), 1),
                Arguments.of("unknown duration: one slot per outstanding task",
                        snapshot(100, 10, 2, 2, 1, -1), cluster(2, 1, 16, 4, -1, -1, 100, 90, 0), 3),
                Arguments.of("never more workers than the tasks can use",
                        snapshot(100, 4, 4, 1, 1, 1000), cluster(1, 1, 16, 4, -1, -1, 100, 90, 0), 2),
                Arguments.of("never above the maximum",
                        snapshot(100, 10_000, 64, 16, 16, 10), cluster(16, 1, 16, 4, -1, -1, 100, 90, 0), 16),
                Arguments.of("empty backlog but busy within the window keeps the size",
                        snapshot(100, 0, 0, 8, 0, 1), cluster(8, 1, 16, 4, -1, -1, 50, -1, 0), 8),
                Arguments.of("quiet for the whole window scales down to the target",
                        snapshot(100, 0, 0, 8, 0, 1), cluster(8, 1, 16, 4, -1, -1, 40, -1, 0), 1),
                Arguments.of("scaled up within the window keeps the size",
                        snapshot(100, 0, 0, 8, 0, 1), cluster(8, 1, 16, 4, 45, -1, 40, -1, 0), 8),
                Arguments.of("scaled down within the window keeps the size",
                        snapshot(100, 0, 0, 8, 0, 1), cluster(8, 1, 16, 4, -1, 41, 40, -1, 0), 8),
                Arguments.of("scale-down never goes below the minimum",
                        snapshot(100, 0, 0, 8, 0, 1), cluster(8, 3, 16, 4, -1, -1, 40, -1, 0), 3),
                Arguments.of("running tasks keep the workers their remaining work needs",
                        snapshot(100, 0, 8, 8, 2, 30), cluster(8, 1, 16, 4, -1, -1, 40, -1, 0), 2),
                Arguments.of("unknown last busy time never scales down",
                        snapshot(100, 0, 0, 8, 0, 1), cluster(8, 1, 16, 4, -1, -1, -1, -1, 0), 8),
                Arguments.of("above the maximum clamps at once",
                        snapshot(100, 0, 0, 20, 0, 1), cluster(20, 1, 16, 4, -1, -1, 100, -1, 0), 16),
                Arguments.of("below the minimum clamps at once",
                        snapshot(100, 0, 0, 1, 0, 1), cluster(1, 2, 16, 4, -1, -1, 100, -1, 0), 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, BacklogSnapshot backlog, ClusterState cluster, int expected) {
        ScalingDecision decision = POLICY.decide(backlog, cluster, at(100));
        assertThat(decision.desiredWorkers()).isEqualTo(expected);
        assertThat(decision.reason()).isNotBlank();
    }

    @Test
    void reasonNamesTheNumbers() {
        ScalingDecision decision = POLICY.decide(
                snapshot(100, 60, 4, 3, 3, 1), cluster(3, 1, 16, 1, -1, -1, 100, 90, 0), at(100));
        assertThat(decision.reason())
                .isEqualTo("backlog 64 tasks × 1.0 s ≈ 64 task-s; 30 s drain needs 3 workers; keeping 3 workers");
    }

    @Test
    void reasonNamesTheRampLimit() {
        ScalingDecision decision = POLICY.decide(
                snapshot(100, 4000, 8, 2, 2, 2), cluster(2, 1, 16, 4, -1, -1, 100, 90, 0), at(100));
        assertThat(decision.reason()).isEqualTo("backlog 4008 tasks × 2.0 s ≈ 8016 task-s; 30 s drain needs"
                + " 67 workers (bounded to 16); ramp-up limited to ×2.0: 4 workers");
    }

    @Test
    void reasonNamesWhatBlocksAScaleDown() {
        ScalingDecision decision = POLICY.decide(
                snapshot(100, 0, 0, 8, 0, 1), cluster(8, 1, 16, 4, 45, -1, 40, -1, 0), at(100));
        assertThat(decision.reason()).endsWith("keeping 8 workers: scaled up within the last 60 s");
    }
}
