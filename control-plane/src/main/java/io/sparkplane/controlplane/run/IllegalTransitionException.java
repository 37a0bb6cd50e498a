package io.sparkplane.controlplane.run;

import java.util.UUID;

/** A transition the table in {@link RunState} does not allow; a bug or a lost race, never silently applied. */
public class IllegalTransitionException extends RuntimeException {

    public IllegalTransitionException(UUID runId, RunState from, RunState to) {
        super("run " + runId + " cannot go from " + from + " to " + to);
    }
}
