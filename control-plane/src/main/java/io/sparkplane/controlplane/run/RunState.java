package io.sparkplane.controlplane.run;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a run and, in one place, the transitions allowed between them. A retry moves a
 * failed attempt's run back to {@link #QUEUED} with the next attempt number.
 */
public enum RunState {
    /** Waiting for the dispatcher. Transitions to PROVISIONING, CANCELLING, FAILED. */
    QUEUED,
    /** Its engine cluster is being created. Transitions to RUNNING, QUEUED (retry), FAILED, CANCELLING, TIMED_OUT. */
    PROVISIONING,
    /** The job runs. Transitions to SUCCEEDED, QUEUED (retry), FAILED, CANCELLING, TIMED_OUT. */
    RUNNING,
    /** Cancel requested; the cluster is being torn down. Transitions to CANCELLED, or SUCCEEDED if the job finished first. */
    CANCELLING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    TIMED_OUT;

    public boolean isTerminal() {
        return switch (this) {
            case SUCCEEDED, FAILED, CANCELLED, TIMED_OUT -> true;
            case QUEUED, PROVISIONING, RUNNING, CANCELLING -> false;
        };
    }

    public Set<RunState> allowedNext() {
        return switch (this) {
            case QUEUED -> EnumSet.of(PROVISIONING, CANCELLING, FAILED);
            case PROVISIONING -> EnumSet.of(RUNNING, QUEUED, FAILED, CANCELLING, TIMED_OUT);
            case RUNNING -> EnumSet.of(SUCCEEDED, QUEUED, FAILED, CANCELLING, TIMED_OUT);
            case CANCELLING -> EnumSet.of(CANCELLED, SUCCEEDED);
            case SUCCEEDED, FAILED, CANCELLED, TIMED_OUT -> EnumSet.noneOf(RunState.class);
        };
    }

    public boolean canTransitionTo(RunState next) {
        return allowedNext().contains(next);
    }
}
