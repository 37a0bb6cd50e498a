package io.sparkplane.controlplane.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkplane.controlplane.run.RunLifecycle;
import io.sparkplane.controlplane.run.RunState;
import io.sparkplane.controlplane.run.TerminationReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which meters each transition moves, by table; durations are only checked to be recorded, never their size. */
class RunTransitionMetersTest {

    private static final Instant AT = Instant.parse("2026-01-01T12:00:00Z");

    @ParameterizedTest(name = "{0} -> {1} ({2}, since known: {3}): {4}")
    @CsvSource(delimiter = '|', textBlock = """
            -            | QUEUED       | -                   | false | sparkplane.runs.submitted
            QUEUED       | PROVISIONING | -                   | true  | sparkplane.dispatch.latency
            QUEUED       | PROVISIONING | -                   | false | -
            PROVISIONING | RUNNING      | -                   | true  | sparkplane.engine.start
            PROVISIONING | RUNNING      | -                   | false | -
            RUNNING      | SUCCEEDED    | SUCCESS             | false | sparkplane.runs.finished{state=SUCCEEDED,reason=SUCCESS}
            RUNNING      | FAILED       | USER_CODE_ERROR     | false | sparkplane.runs.finished{state=FAILED,reason=USER_CODE_ERROR}
            PROVISIONING | FAILED       | PROVISIONING_FAILED | false | sparkplane.runs.finished{state=FAILED,reason=PROVISIONING_FAILED}
            RUNNING      | TIMED_OUT    | TIMEOUT             | false | sparkplane.runs.finished{state=TIMED_OUT,reason=TIMEOUT}
            CANCELLING   | CANCELLED    | CANCELLED_BY_USER   | false | sparkplane.runs.finished{state=CANCELLED,reason=CANCELLED_BY_USER}
            QUEUED       | FAILED       | INTERNAL_ERROR      | false | sparkplane.runs.finished{state=FAILED,reason=INTERNAL_ERROR}
            RUNNING      | QUEUED       | -                   | false | -
            RUNNING      | CANCELLING   | -                   | false | -
            """)
    void eachTransitionMovesItsMeters(String from, String to, String reason, boolean sinceKnown, String moved) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RunTransitionMeters meters = new RunTransitionMeters(registry);

        meters.record(new RunLifecycle.Transitioned(UUID.randomUUID(), "team-a", "local", 1, from.equals("-") ? null : RunState.valueOf(from),
                RunState.valueOf(to), reason.equals("-") ? null : TerminationReason.valueOf(reason), AT,
                sinceKnown ? AT.minus(Duration.ofSeconds(3)) : null));

        assertThat(moved(registry)).isEqualTo(moved.equals("-") ? Map.of() : Map.of(moved, 1.0));
    }

    @ParameterizedTest(name = "a failing registry: {0}")
    @CsvSource({"QUEUED", "SUCCEEDED"})
    void aFailingMeterNeverThrows(String to) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new io.micrometer.core.instrument.config.MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                throw new IllegalStateException("broken");
            }
        });
        RunTransitionMeters meters = new RunTransitionMeters(registry);

        meters.onTransition(new RunLifecycle.Transitioned(UUID.randomUUID(), "team-a", "local", 1,
                to.equals("QUEUED") ? null : RunState.RUNNING, RunState.valueOf(to), to.equals("QUEUED") ? null : TerminationReason.SUCCESS, AT, null));
    }

    /** Every meter that counted something: counters by their count, timers by how many times they recorded. */
    private static Map<String, Double> moved(SimpleMeterRegistry registry) {
        Map<String, Double> moved = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            double count = meter instanceof io.micrometer.core.instrument.Counter counter ? counter.count()
                    : meter instanceof io.micrometer.core.instrument.Timer timer ? timer.count() : 0;
            if (count == 0) {
                continue;
            }
            assertThat(meter.getId().getTag("backend")).isEqualTo("local");
            String state = meter.getId().getTag("state");
            moved.put(meter.getId().getName() + (state == null ? "" : "{state=" + state + ",reason=" + meter.getId().getTag("reason") + "}"), count);
        }
        return moved;
    }
}
