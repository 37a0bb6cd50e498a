package io.sparkplane.cli.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.api.contract.OpenApiContract;
import io.sparkplane.cli.ExitCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every terminal state and reason the contract names, and the exit code a pipeline sees for it. */
class RunOutcomeTest {

    @ParameterizedTest(name = "{0} {1} exits {2}")
    @CsvSource({
            "SUCCEEDED, SUCCESS, SUCCEEDED",
            "FAILED, USER_CODE_ERROR, FAILED_IN_USER_CODE",
            "FAILED, STAGING_FAILED, FAILED_IN_ENGINE",
            "FAILED, LAUNCH_FAILED, FAILED_IN_ENGINE",
            "FAILED, PROVISIONING_FAILED, FAILED_IN_ENGINE",
            "FAILED, ENGINE_LOST, FAILED_IN_ENGINE",
            "FAILED, DRIVER_OUT_OF_MEMORY, FAILED_IN_ENGINE",
            "FAILED, INTERNAL_ERROR, FAILED_IN_ENGINE",
            "CANCELLED, CANCELLED_BY_USER, CANCELLED",
            "TIMED_OUT, TIMEOUT, TIMED_OUT",
    })
    void mapsEachEndToItsExitCode(String state, String reason, ExitCode expected) {
        RunOutcome outcome = RunOutcome.of(run(state, reason, "ValueError: no such region"));
        assertThat(outcome.exitCode()).isEqualTo(expected);
        assertThat(outcome.summary()).startsWith("run 7c0e1a3e-0000-4000-8000-000000000001 (nightly) " + state);
        if (expected == ExitCode.SUCCEEDED) {
            assertThat(outcome.summary()).isEqualTo("run 7c0e1a3e-0000-4000-8000-000000000001 (nightly) SUCCEEDED");
        } else {
            assertThat(outcome.summary()).endsWith(": ValueError: no such region");
        }
    }

    @Test
    void coversEveryReasonOfTheContract() {
        List<String> covered = List.of("SUCCESS", "USER_CODE_ERROR", "STAGING_FAILED", "LAUNCH_FAILED", "PROVISIONING_FAILED", "ENGINE_LOST",
                "DRIVER_OUT_OF_MEMORY", "INTERNAL_ERROR", "CANCELLED_BY_USER", "TIMEOUT");
        List<String> reasons = new ArrayList<>();
        OpenApiContract.load().document().path("components").path("schemas").path("TerminationReason").path("enum")
                .forEach(reason -> reasons.add(reason.asText()));
        assertThat(covered).containsExactlyInAnyOrderElementsOf(reasons);
    }

    @Test
    void saysAReasonOnlyWhenItAddsSomething() {
        assertThat(RunOutcome.of(run("FAILED", "ENGINE_LOST", "the engine stopped reporting")).summary())
                .endsWith("FAILED: ENGINE_LOST: the engine stopped reporting");
        assertThat(RunOutcome.of(run("CANCELLED", "CANCELLED_BY_USER", "cancelled by user")).summary()).endsWith("CANCELLED: cancelled by user");
    }

    @Test
    void aRunThatGoesOnHasNoOutcomeYet() {
        for (String state : List.of("QUEUED", "PROVISIONING", "RUNNING", "CANCELLING")) {
            assertThat(RunOutcome.isTerminal(run(state, null, null))).as(state).isFalse();
            assertThatThrownBy(() -> RunOutcome.of(run(state, null, null))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static ObjectNode run(String state, String reason, String message) {
        ObjectNode run = JsonNodeFactory.instance.objectNode();
        run.put("id", "7c0e1a3e-0000-4000-8000-000000000001");
        run.put("name", "nightly");
        run.put("state", state);
        run.put("reason", reason);
        run.put("message", message);
        return run;
    }
}
