package io.sparkplane.testkit.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Livy's SessionState, every one: its wire name and whether it is a FinishedSessionState. */
class LivyStateTest {

    @ParameterizedTest
    @CsvSource({
            "NOT_STARTED, not_started, false",
            "STARTING, starting, false",
            "RECOVERING, recovering, false",
            "IDLE, idle, false",
            "RUNNING, running, false",
            "BUSY, busy, false",
            "SHUTTING_DOWN, shutting_down, false",
            "ERROR, error, true",
            "DEAD, dead, true",
            "KILLED, killed, true",
            "SUCCESS, success, true"})
    void eachStateHasLivysNameAndEndsOrNot(LivyState state, String wire, boolean finished) {
        assertThat(state.wire()).isEqualTo(wire);
        assertThat(LivyState.fromWire(wire)).isEqualTo(state);
        assertThat(state.isFinished()).isEqualTo(finished);
    }

    @org.junit.jupiter.api.Test
    void theTableCoversEveryState() {
        assertThat(LivyState.values()).hasSize(11);
        assertThatThrownBy(() -> LivyState.fromWire("Running")).isInstanceOf(IllegalArgumentException.class);
    }
}
