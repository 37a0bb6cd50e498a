package io.sparkplane.autoscaler;

import static io.sparkplane.autoscaler.Fixtures.at;
import static io.sparkplane.autoscaler.Fixtures.cluster;
import static io.sparkplane.autoscaler.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decisions at 100 s; times in seconds, -1 = never. Most cases use the defaults (20 s drain, ×2.0,
 * 30 s stabilization, 10 s start-up); the start-up cases use a 5 s drain time, below twice the
 * start-up, where the drain target alone would ask for workers that start too late.
 */
class BacklogPolicyTest {

    private static final BacklogPolicy DEFAULTS = BacklogPolicy.defaults();
    private static final BacklogPolicy SHORT_DRAIN = new BacklogPolicy(
            Duration.ofSeconds(5), 2.0, Duration.ofSeconds(30), Duration.ofSeconds(10));

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("drain target counts pending tasks and half of each running one", DEFAULTS,
                        // (400 + 8 / 2) × 1 s = 404 task-s over 20 s × 4 cores: 6 workers
                        snapshot(100, 400, 8, 4, 4, 1), cluster(4, 1, 16, 4, -1, -1, 100, 90, 0), 6),
                Arguments.of("the drain target rounds up, but a fourth worker would find too little work", DEFAULTS,
                        // (60 + 4 / 2) × 1 s = 62 task-s over 20 s × 1 core: 4 workers; but 3 alive
                        // workers do 30 of them in the 10 s a new one needs, and 32 left over 4 is 8 s each
                        snapshot(100, 60, 4, 3, 3, 1), cluster(3, 1, 16, 1, -1, -1, 100, 90, 0), 3),
                Arguments.of("one core per worker", DEFAULTS,
                        // 122 task-s over 20 s × 1 core: 7 workers; (122 - 30) / 10 = 9 would be useful
                        snapshot(100, 120, 4, 3, 3, 1), cluster(3, 1, 16, 1, -1, -1, 100, 90, 0), 6),
                Arguments.of("ramp-up limited to twice the current size", DEFAULTS,
                        snapshot(100, 4000, 8, 2, 2, 2), cluster(2, 1, 16, 4, -1, -1, 100, 90, 0), 4),
                Arguments.of("ramp-up adds at least one worker, even from zero", DEFAULTS,
                        snapshot(100, 100, 0, 0, 0, -1), cluster(0, 0, 16, 4, -1, -1, 100, 90, 0), 1),
                Arguments.of("unknown duration: one slot per outstanding task", DEFAULTS,
                        snapshot(100, 10, 2, 2, 1, -1), cluster(2, 1, 16, 4, -1, -1, 100, 90, 0), 3),
                Arguments.of("never more workers than the tasks can use", DEFAULTS,
                        snapshot(100, 4, 4, 1, 1, 1000), cluster(1, 1, 16, 4, -1, -1, 100, 90, 0), 2),
                Arguments.of("never above the maximum", DEFAULTS,
                        snapshot(100, 10_000, 64, 16, 16, 10), cluster(16, 1, 16, 4, -1, -1, 100, 90, 0), 16),
                Arguments.of("no worker added when the alive ones drain the backlog before it could start", SHORT_DRAIN,
                        // 100 task-s on 2 alive workers: 80 done in the 10 s a new worker needs, 20 left < 40
                        snapshot(100, 100, 0, 2, 0, 1), cluster(2, 1, 16, 4, -1, -1, 100, 90, 0), 2),
                Arguments.of("only workers that get a start-up's worth of work after starting", SHORT_DRAIN,
                        // drain target 16; 400 - 4 × 4 × 10 = 240 task-s left = 6 workers × 4 cores × 10 s
                        snapshot(100, 400, 0, 4, 4, 1), cluster(4, 1, 16, 4, -1, -1, 100, 90, 0), 6),
                Arguments.of("workers still starting do not count as working during the start-up", SHORT_DRAIN,
                        // 2 of 6 alive: 400 - 2 × 4 × 10 = 320 task-s left = 8 workers' worth
                        snapshot(100, 400, 0, 2, 2, 1), cluster(6, 1, 16, 4, 95, -1, 100, 90, 2), 8),
                Arguments.of("start-up check is off for a zero start-up", new BacklogPolicy(
                                Duration.ofSeconds(5), 2.0, Duration.ofSeconds(30), Duration.ZERO),
                        snapshot(100, 100, 0, 2, 0, 1), cluster(2, 1, 16, 4, -1, -1, 100, 90, 0), 4),
                Arguments.of("empty backlog but busy within the window keeps the size", DEFAULTS,
                        snapshot(100, 0, 0, 8, 0, 1), cluster(8, 1, 16, 4, -1, -1, 80, -1, 0), 8),
                Arguments.of("quiet for the whole window scales down to the target", DEFAULTS,
                        snapshot(100, 0, 0, 8, 0, 1), cluster(8, 1, 16, 4, -1, -1, 70, -1, 0), 1),
                Arguments.of("scaled up within the window keeps the size", DEFAULTS,
                        snapshot(100, 0, 0, 8, 0, 1), cluster(8, 1, 16, 4, 75, -1, 60, -1, 0), 8),
                Arguments.of("scaled down within the window keeps the size", DEFAULTS,
                        snapshot(100, 0, 0, 8, 0, 1), cluster(8, 1, 16, 4, -1, 71, 60, -1, 0), 8),
                Arguments.of("scale-down never goes below the minimum", DEFAULTS,
                        snapshot(100, 0, 0, 8, 0, 1), cluster(8, 3, 16, 4, -1, -1, 40, -1, 0), 3),
                Arguments.of("running tasks keep the workers their remaining work needs", DEFAULTS,
                        // 8 running × 30 s / 2 = 120 task-s over 20 s × 4 cores: 2 workers
                        snapshot(100, 0, 8, 8, 2, 30), cluster(8, 1, 16, 4, -1, -1, 40, -1, 0), 2),
                Arguments.of("scale-down never removes an executor running a task", DEFAULTS,
                        // four stragglers on four workers need 1 worker's slots, but none can go
                        snapshot(100, 0, 4, 8, 4, 1), cluster(8, 1, 16, 4, -1, -1, 40, -1, 0), 4),
                Arguments.of("every executor running a task keeps the size", DEFAULTS,
                        snapshot(100, 0, 8, 8, 8, 1), cluster(8, 1, 16, 4, -1, -1, 40, -1, 0), 8),
                Arguments.of("unknown last busy time never scales down", DEFAULTS,
                        snapshot(100, 0, 0, 8, 0, 1), cluster(8, 1, 16, 4, -1, -1, -1, -1, 0), 8),
                Arguments.of("above the maximum clamps at once", DEFAULTS,
                        snapshot(100, 0, 0, 20, 0, 1), cluster(20, 1, 16, 4, -1, -1, 100, -1, 0), 16),
                Arguments.of("below the minimum clamps at once", DEFAULTS,
                        snapshot(100, 0, 0, 1, 0, 1), cluster(1, 2, 16, 4, -1, -1, 100, -1, 0), 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, BacklogPolicy policy, BacklogSnapshot backlog, ClusterState cluster, int expected) {
        ScalingDecision decision = policy.decide(backlog, cluster, at(100));
        assertThat(decision.desiredWorkers()).isEqualTo(expected);
        assertThat(decision.reason()).isNotBlank();
    }

    @Test
    void reasonNamesTheNumbers() {
        ScalingDecision decision = DEFAULTS.decide(
                snapshot(100, 60, 4, 4, 4, 1), cluster(4, 1, 16, 1, -1, -1, 100, 90, 0), at(100));
        assertThat(decision.reason()).isEqualTo(
                "backlog 60 pending + 4 running × 1.0 s ≈ 62 task-s; 20 s drain needs 4 workers; keeping 4 workers");
    }

    @Test
    void reasonNamesTheRampLimit() {
        ScalingDecision decision = DEFAULTS.decide(
                snapshot(100, 4000, 8, 2, 2, 2), cluster(2, 1, 16, 4, -1, -1, 100, 90, 0), at(100));
        assertThat(decision.reason()).isEqualTo("backlog 4000 pending + 8 running × 2.0 s ≈ 8008 task-s;"
                + " 20 s drain needs 101 workers (bounded to 16); ramp-up limited to ×2.0: 4 workers");
    }

    @Test
    void reasonNamesTheStartupLimit() {
        ScalingDecision capped = SHORT_DRAIN.decide(
                snapshot(100, 400, 0, 4, 4, 1), cluster(4, 1, 16, 4, -1, -1, 100, 90, 0), at(100));
        assertThat(capped.reason()).endsWith(
                "; only 6 workers would each get 10 s of work after a start-up; scaling up to 6 workers");
        ScalingDecision none = SHORT_DRAIN.decide(
                snapshot(100, 100, 0, 2, 0, 1), cluster(2, 1, 16, 4, -1, -1, 100, 90, 0), at(100));
        assertThat(none.reason()).endsWith(
                "keeping 2 workers: a worker asked for now would start after 10 s and find less than that much work");
    }

    @Test
    void reasonNamesWhatBlocksAScaleDown() {
        ScalingDecision decision = DEFAULTS.decide(
                snapshot(100, 0, 0, 8, 0, 1), cluster(8, 1, 16, 4, 75, -1, 60, -1, 0), at(100));
        assertThat(decision.reason()).endsWith("keeping 8 workers: scaled up within the last 30 s");
        ScalingDecision busy = DEFAULTS.decide(
                snapshot(100, 0, 4, 8, 4, 1), cluster(8, 1, 16, 4, -1, -1, 40, -1, 0), at(100));
        assertThat(busy.reason()).endsWith("scaling down to 4 workers, not below the 4 executors running tasks");
    }
}
