package io.sparkplane.backend.emr;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.engine.ClusterTopology;
import software.amazon.awssdk.services.emr.model.ClusterState;
import software.amazon.awssdk.services.emr.model.ClusterStateChangeReasonCode;
import software.amazon.awssdk.services.emr.model.StepState;

/**
 * What EMR says of an attempt's cluster and its one step at one moment, as {@link EmrStates} reads it.
 *
 * @param reasonCode the cluster's state-change reason code, null when EMR gave none
 * @param reasonMessage the cluster's state-change message, null when EMR gave none
 * @param stepState null when the cluster has no step (it never got one, or it is gone)
 * @param failureReason the step's {@code FailureDetails.Reason}, null when EMR gave none
 * @param failureMessage the step's {@code FailureDetails.Message}, null when EMR gave none
 * @param failureLogFile the step's {@code FailureDetails.LogFile}, null when EMR gave none
 */
public record EmrObservation(
        ClusterState clusterState,
        ClusterStateChangeReasonCode reasonCode,
        String reasonMessage,
        StepState stepState,
        String failureReason,
        String failureMessage,
        String failureLogFile,
        ClusterTopology topology) {

    public EmrObservation {
        requireNonNull(clusterState, "clusterState is null");
        requireNonNull(topology, "topology is null");
    }
}
