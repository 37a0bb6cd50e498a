package io.sparkplane.backend.emr;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.emr.model.ClusterState;
import software.amazon.awssdk.services.emr.model.ClusterStateChangeReasonCode;
import software.amazon.awssdk.services.emr.model.StepState;

class EmrStatesTest {

    private static final ClusterTopology TOPOLOGY = new ClusterTopology(2, 1, 0, Map.of(), List.of());

    private static ClusterStatus status(ClusterState cluster, ClusterStateChangeReasonCode code, String message, StepState step,
            String failureReason, String failureMessage) {
        return EmrStates.status(new EmrObservation(cluster, code, message, step, failureReason, failureMessage, null, TOPOLOGY));
    }

    /** What each step state means while the cluster lives; the step is the job. */
    static Stream<Arguments> stepStates() {
        return Stream.of(
                Arguments.of(StepState.PENDING, "Active", false),
                Arguments.of(StepState.RUNNING, "Active", true),
                Arguments.of(StepState.CANCEL_PENDING, "Active", true),
                Arguments.of(StepState.COMPLETED, "Finished", null),
                Arguments.of(StepState.FAILED, "Finished", null),
                Arguments.of(StepState.CANCELLED, "Gone", null),
                Arguments.of(StepState.INTERRUPTED, "Gone", null),
                Arguments.of(StepState.UNKNOWN_TO_SDK_VERSION, "Active", false));
    }

    @ParameterizedTest
    @MethodSource("stepStates")
    void everyStepStateOfALiveCluster(StepState step, String kind, Boolean started) {
        ClusterStatus status = status(ClusterState.RUNNING, null, null, step, null, null);
        assertThat(status.getClass().getSimpleName()).isEqualTo(kind);
        if (status instanceof ClusterStatus.Active active) {
            assertThat(active.jobStarted()).isEqualTo(started);
            assertThat(active.topology()).isEqualTo(TOPOLOGY);
        }
    }

    @Test
    void aCompletedStepSucceedsWhateverTheClusterDoesAfter() {
        for (ClusterState cluster : ClusterState.values()) {
            ClusterStatus status = status(cluster, ClusterStateChangeReasonCode.ALL_STEPS_COMPLETED, "Steps completed", StepState.COMPLETED, null, null);
            assertThat(status).isInstanceOfSatisfying(ClusterStatus.Finished.class, finished -> {
                assertThat(finished.outcome().succeeded()).isTrue();
                assertThat(finished.outcome().exitCode()).isZero();
            });
        }
    }

    @Test
    void aFailedStepIsTheJobsOwnFailureWithEmrsDetailsAndExitCode() {
        ClusterStatus status = status(ClusterState.TERMINATED_WITH_ERRORS, ClusterStateChangeReasonCode.STEP_FAILURE,
                "Steps completed with errors", StepState.FAILED, "Unknown Error.", "Command exited with status 1");
        assertThat(status).isInstanceOfSatisfying(ClusterStatus.Finished.class, finished -> {
            assertThat(finished.outcome().failure()).isEqualTo(AttemptFailure.USER_CODE_ERROR);
            assertThat(finished.outcome().message()).isEqualTo("the EMR step failed: Unknown Error. Command exited with status 1");
            assertThat(finished.outcome().exitCode()).isEqualTo(1);
        });
        ClusterStatus bare = status(ClusterState.WAITING, null, null, StepState.FAILED, null, null);
        assertThat(bare).isInstanceOfSatisfying(ClusterStatus.Finished.class, finished -> {
            assertThat(finished.outcome().message()).isEqualTo("the EMR step failed");
            assertThat(finished.outcome().exitCode()).isNull();
        });
    }

    /** Every reason EMR documents for a cluster ending with errors, before its step ran and under it. */
    static Stream<Arguments> clusterFailures() {
        return Stream.of(
                Arguments.of(ClusterStateChangeReasonCode.VALIDATION_ERROR, StepState.PENDING, AttemptFailure.PROVISIONING_FAILED),
                Arguments.of(ClusterStateChangeReasonCode.BOOTSTRAP_FAILURE, StepState.PENDING, AttemptFailure.PROVISIONING_FAILED),
                Arguments.of(ClusterStateChangeReasonCode.INSTANCE_FLEET_TIMEOUT, StepState.PENDING, AttemptFailure.PROVISIONING_FAILED),
                Arguments.of(ClusterStateChangeReasonCode.INSTANCE_FAILURE, StepState.PENDING, AttemptFailure.PROVISIONING_FAILED),
                Arguments.of(ClusterStateChangeReasonCode.INTERNAL_ERROR, StepState.PENDING, AttemptFailure.PROVISIONING_FAILED),
                Arguments.of(ClusterStateChangeReasonCode.INSTANCE_FAILURE, StepState.RUNNING, AttemptFailure.ENGINE_LOST),
                Arguments.of(ClusterStateChangeReasonCode.INTERNAL_ERROR, StepState.RUNNING, AttemptFailure.ENGINE_LOST),
                Arguments.of(ClusterStateChangeReasonCode.INSTANCE_FAILURE, StepState.INTERRUPTED, AttemptFailure.ENGINE_LOST),
                Arguments.of(ClusterStateChangeReasonCode.INSTANCE_FAILURE, StepState.FAILED, AttemptFailure.ENGINE_LOST),
                Arguments.of(ClusterStateChangeReasonCode.INTERNAL_ERROR, StepState.CANCELLED, AttemptFailure.PROVISIONING_FAILED),
                Arguments.of(ClusterStateChangeReasonCode.INSTANCE_FAILURE, StepState.CANCELLED, AttemptFailure.PROVISIONING_FAILED),
                Arguments.of(ClusterStateChangeReasonCode.BOOTSTRAP_FAILURE, StepState.CANCELLED, AttemptFailure.PROVISIONING_FAILED),
                Arguments.of(ClusterStateChangeReasonCode.VALIDATION_ERROR, null, AttemptFailure.PROVISIONING_FAILED));
    }

    @ParameterizedTest
    @MethodSource("clusterFailures")
    void aClusterEndingWithErrorsSaysWhyWithEmrsMessage(ClusterStateChangeReasonCode code, StepState step, AttemptFailure failure) {
        ClusterStatus status = status(ClusterState.TERMINATED_WITH_ERRORS, code, "The subnet is full", step, null, null);
        assertThat(status).isInstanceOfSatisfying(ClusterStatus.Failed.class, failed -> {
            assertThat(failed.failure()).isEqualTo(failure);
            assertThat(failed.detail()).contains("TERMINATED_WITH_ERRORS").contains(code.toString()).contains("The subnet is full");
        });
    }

    @ParameterizedTest
    @EnumSource(value = ClusterState.class, names = {"TERMINATING", "TERMINATED", "TERMINATED_WITH_ERRORS"})
    void aClusterEndedByAUserBeforeItsStepEndedIsGone(ClusterState cluster) {
        for (StepState step : List.of(StepState.PENDING, StepState.RUNNING, StepState.CANCELLED)) {
            ClusterStatus status = status(cluster, ClusterStateChangeReasonCode.USER_REQUEST, "Terminated by user request", step, null, null);
            assertThat(status).isInstanceOfSatisfying(ClusterStatus.Gone.class,
                    gone -> assertThat(gone.detail()).contains("USER_REQUEST").contains("Terminated by user request"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = ClusterState.class, names = {"STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING", "UNKNOWN_TO_SDK_VERSION"})
    void aStartingClusterIsActiveAndNotYetRunningTheJob(ClusterState cluster) {
        assertThat(status(cluster, null, null, StepState.PENDING, null, null)).isInstanceOfSatisfying(ClusterStatus.Active.class, active -> {
            assertThat(active.jobStarted()).isFalse();
            assertThat(active.detail()).contains(cluster.toString());
        });
    }

    @Test
    void aClusterWithoutAStepIsGone() {
        assertThat(status(ClusterState.WAITING, null, null, null, null, null)).isInstanceOf(ClusterStatus.Gone.class);
    }

    @ParameterizedTest
    @EnumSource(ClusterStateChangeReasonCode.class)
    void noReasonCodeLeavesAnEndedClusterActive(ClusterStateChangeReasonCode code) {
        for (StepState step : StepState.values()) {
            ClusterStatus status = status(ClusterState.TERMINATED, code, null, step, null, null);
            assertThat(status).as(code + " / " + step).isNotInstanceOf(ClusterStatus.Active.class);
        }
    }

    @Test
    void exitCodesAsCommandRunnerAndSparkSubmitGiveThem() {
        assertThat(EmrStates.exitCode("Command exited with status 2")).isEqualTo(2);
        assertThat(EmrStates.exitCode("Exception in thread main: exit code 137")).isEqualTo(137);
        assertThat(EmrStates.exitCode("ExitCode: 1.")).isEqualTo(1);
        assertThat(EmrStates.exitCode("Unknown Error.")).isNull();
    }
}
