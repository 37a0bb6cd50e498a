package io.sparkplane.controlplane.run;

import static io.sparkplane.controlplane.run.RunState.CANCELLED;
import static io.sparkplane.controlplane.run.RunState.CANCELLING;
import static io.sparkplane.controlplane.run.RunState.FAILED;
import static io.sparkplane.controlplane.run.RunState.PROVISIONING;
import static io.sparkplane.controlplane.run.RunState.QUEUED;
import static io.sparkplane.controlplane.run.RunState.RUNNING;
import static io.sparkplane.controlplane.run.RunState.SUCCEEDED;
import static io.sparkplane.controlplane.run.RunState.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pins the run state machine: a change to the table must change this test too. */
class RunStateTest {

    private static final Map<RunState, Set<RunState>> EXPECTED = new EnumMap<>(Map.of(
            QUEUED, EnumSet.of(PROVISIONING, CANCELLING, FAILED),
            PROVISIONING, EnumSet.of(RUNNING, QUEUED, FAILED, CANCELLING, TIMED_OUT),
            RUNNING, EnumSet.of(SUCCEEDED, QUEUED, FAILED, CANCELLING, TIMED_OUT),
            CANCELLING, EnumSet.of(CANCELLED, SUCCEEDED),
            SUCCEEDED, EnumSet.noneOf(RunState.class),
            FAILED, EnumSet.noneOf(RunState.class),
            CANCELLED, EnumSet.noneOf(RunState.class),
            TIMED_OUT, EnumSet.noneOf(RunState.class)));

    @Test
    void transitionTableIsPinned() {
        for (RunState from : RunState.values()) {
            for (RunState to : RunState.values()) {
                assertThat(from.canTransitionTo(to))
                        .as("%s -> %s", from, to)
                        .isEqualTo(EXPECTED.get(from).contains(to));
            }
        }
    }

    @Test
    void terminalStatesAreExactlyThoseWithoutExits() {
        for (RunState state : RunState.values()) {
            assertThat(state.isTerminal()).as(state.name()).isEqualTo(state.allowedNext().isEmpty());
        }
        assertThat(EnumSet.allOf(RunState.class).stream().filter(RunState::isTerminal))
                .containsExactlyInAnyOrder(SUCCEEDED, FAILED, CANCELLED, TIMED_OUT);
    }

    @Test
    void noStateTransitionsToItself() {
        for (RunState state : RunState.values()) {
            assertThat(state.canTransitionTo(state)).as(state.name()).isFalse();
        }
    }
}
