package io.sparkplane.backend.emr;

import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.AttemptOutcome;
import io.sparkplane.spi.engine.ClusterStatus;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.emr.model.ClusterState;
import software.amazon.awssdk.services.emr.model.ClusterStateChangeReasonCode;
import software.amazon.awssdk.services.emr.model.StepState;

/**
 * EMR's cluster and step states to Sparkplane's, the one place they are read (docs/aws.md has the
 * table). Pure.
 *
 * <p>The step is the job: its end is the attempt's outcome, whatever the cluster does after (a
 * transient cluster always terminates once its step ends). Before the step ends, the cluster's
 * state-change reason says why it cannot go on: it never came up ({@code VALIDATION_ERROR},
 * {@code BOOTSTRAP_FAILURE}, {@code INSTANCE_FLEET_TIMEOUT}, or any failure before the step ran)
 * is {@code PROVISIONING_FAILED}; instances or EMR itself failing under a running step is
 * {@code ENGINE_LOST}; a cluster terminated by someone else is gone.
 */
public final class EmrStates {

    /** Cluster reasons that mean the machines, not the job, failed. */
    private static final Set<ClusterStateChangeReasonCode> INFRASTRUCTURE = Set.of(
            ClusterStateChangeReasonCode.INTERNAL_ERROR, ClusterStateChangeReasonCode.INSTANCE_FAILURE,
            ClusterStateChangeReasonCode.INSTANCE_FLEET_TIMEOUT, ClusterStateChangeReasonCode.VALIDATION_ERROR,
            ClusterStateChangeReasonCode.BOOTSTRAP_FAILURE);
    private static final Set<ClusterState> ENDING = Set.of(
            ClusterState.TERMINATING, ClusterState.TERMINATED, ClusterState.TERMINATED_WITH_ERRORS);
    /** command-runner.jar's and spark-submit's ways of giving the exit code in a failure message. */
    private static final Pattern EXIT_CODE = Pattern.compile("(?i)(?:exit(?:ed)?(?: with)?(?: code| status| value)?|exitcode)[ :=]*(-?\\d+)");

    private EmrStates() {}

    public static ClusterStatus status(EmrObservation seen) {
        StepState step = seen.stepState();
        if (step == StepState.COMPLETED) {
            return new ClusterStatus.Finished(AttemptOutcome.succeeded("the EMR step completed", 0));
        }
        boolean stepEnded = step == StepState.FAILED || step == StepState.CANCELLED || step == StepState.INTERRUPTED;
        boolean clusterEnding = ENDING.contains(seen.clusterState());
        if (step == StepState.FAILED && !infrastructure(seen)) {
            String message = stepFailure(seen);
            return new ClusterStatus.Finished(AttemptOutcome.failed(AttemptFailure.USER_CODE_ERROR, message, exitCode(message)));
        }
        if (infrastructure(seen)) {
            // EMR cancels the pending step of a cluster that fails to start: a CANCELLED step never ran
            boolean stepRan = step == StepState.RUNNING || step == StepState.CANCEL_PENDING || step == StepState.FAILED
                    || step == StepState.INTERRUPTED;
            boolean neverCameUp = !stepRan || seen.reasonCode() == ClusterStateChangeReasonCode.VALIDATION_ERROR
                    || seen.reasonCode() == ClusterStateChangeReasonCode.BOOTSTRAP_FAILURE;
            return new ClusterStatus.Failed(neverCameUp ? AttemptFailure.PROVISIONING_FAILED : AttemptFailure.ENGINE_LOST,
                    "the EMR cluster " + describe(seen) + (neverCameUp ? " before its step ran" : " under its running step"));
        }
        if (clusterEnding || stepEnded || step == null) {
            // not Sparkplane's doing: a cancel or terminate by Sparkplane ends the attempt before it asks again
            String what = step == null ? "the EMR cluster has no step" : "the EMR step is " + step;
            return new ClusterStatus.Gone(what + " and the cluster " + describe(seen));
        }
        boolean started = step == StepState.RUNNING || step == StepState.CANCEL_PENDING;
        String detail = started ? "the EMR step runs on cluster state " + seen.clusterState()
                : "the EMR cluster is " + seen.clusterState() + "; its step is " + step;
        return new ClusterStatus.Active(detail, seen.topology(), started);
    }

    private static boolean infrastructure(EmrObservation seen) {
        return seen.reasonCode() != null && INFRASTRUCTURE.contains(seen.reasonCode());
    }

    /** {@code TERMINATED_WITH_ERRORS (INSTANCE_FAILURE: message)}. */
    private static String describe(EmrObservation seen) {
        String state = seen.clusterState() == ClusterState.UNKNOWN_TO_SDK_VERSION ? "in a state unknown to Sparkplane" : "is " + seen.clusterState();
        StringBuilder reason = new StringBuilder();
        if (seen.reasonCode() != null && seen.reasonCode() != ClusterStateChangeReasonCode.UNKNOWN_TO_SDK_VERSION) {
            reason.append(seen.reasonCode());
        }
        if (seen.reasonMessage() != null && !seen.reasonMessage().isBlank()) {
            reason.append(reason.isEmpty() ? "" : ": ").append(seen.reasonMessage().strip());
        }
        return reason.isEmpty() ? state : state + " (" + reason + ")";
    }

    private static String stepFailure(EmrObservation seen) {
        StringBuilder message = new StringBuilder("the EMR step failed");
        if (seen.failureReason() != null && !seen.failureReason().isBlank()) {
            message.append(": ").append(seen.failureReason().strip());
        }
        if (seen.failureMessage() != null && !seen.failureMessage().isBlank()) {
            message.append(message.indexOf(": ") < 0 ? ": " : " ").append(seen.failureMessage().strip());
        }
        if (seen.failureLogFile() != null && !seen.failureLogFile().isBlank()) {
            message.append(" (see ").append(seen.failureLogFile().strip()).append(")");
        }
        return message.toString();
    }

    /** The exit code a failure message gives, or null. */
    static Integer exitCode(String message) {
        Matcher matcher = EXIT_CODE.matcher(message);
        if (!matcher.find()) {
            return null;
        }
        try {
            return Integer.valueOf(matcher.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
