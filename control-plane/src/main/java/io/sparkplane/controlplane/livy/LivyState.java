package io.sparkplane.controlplane.livy;

import io.sparkplane.controlplane.run.RunState;

/**
 * A run's state as a Livy batch's ({@code org.apache.livy.sessions.SessionState}). Livy's clients
 * wait until one of {@code success}, {@code dead}, {@code killed} (or {@code error}); each terminal
 * run state becomes one of those. Pure.
 */
public final class LivyState {

    private LivyState() {}

    public static String of(RunState state) {
        return switch (state) {
            // Livy's batch is "starting" from its POST until YARN runs the application
            case QUEUED, PROVISIONING -> "starting";
            case RUNNING -> "running";
            case CANCELLING -> "shutting_down";
            case SUCCEEDED -> "success";
            // Livy has no state for a timeout: the application was ended, not by its user
            case FAILED, TIMED_OUT -> "dead";
            case CANCELLED -> "killed";
        };
    }
}
