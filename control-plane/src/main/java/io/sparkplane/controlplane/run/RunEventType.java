package io.sparkplane.controlplane.run;

/** The kinds of entries in a run's append-only timeline. */
public enum RunEventType {
    STATE_CHANGED,
    ATTEMPT_FAILED,
    RETRY_SCHEDULED,
    CANCEL_REQUESTED,
    ENGINE_ERROR,
    /** The autoscaler changed the desired worker count; the message says from, to and why. */
    CLUSTER_RESIZED,
    /** The backend mended the cluster (a dead worker replaced); the message says what it found and did. */
    CLUSTER_REPAIRED,
    INFO,
}
