package io.sparkplane.autoscaler;

import static java.util.Objects.requireNonNull;

/**
 * What a policy wants: a worker count and a human-readable reason naming the numbers behind it.
 *
 * @param desiredWorkers the number of workers the cluster should have; never negative
 * @param reason why, for the run's event log; never blank
 */
public record ScalingDecision(int desiredWorkers, String reason) {

    public ScalingDecision {
        BacklogSnapshot.requireNotNegative(desiredWorkers, "desiredWorkers");
        requireNonNull(reason, "reason is null");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("reason is blank");
        }
    }
}
