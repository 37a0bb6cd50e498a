package io.sparkplane.controlplane.run;

/** The state of one attempt of a run; an attempt never goes back. */
public enum AttemptState {
    PROVISIONING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    TIMED_OUT;

    public boolean isEnded() {
        return switch (this) {
            case SUCCEEDED, FAILED, CANCELLED, TIMED_OUT -> true;
            case PROVISIONING, RUNNING -> false;
        };
    }
}
