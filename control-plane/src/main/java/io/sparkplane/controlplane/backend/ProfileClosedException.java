package io.sparkplane.controlplane.backend;

/**
 * A profile's backend was asked for after the control plane began to stop. Nothing is wrong with
 * the run that needed it: a claimed run stays claimed, and the reconciler of this control plane
 * after its restart, or of another replica, provisions it.
 */
public final class ProfileClosedException extends RuntimeException {

    ProfileClosedException(String profile) {
        super("engine profile " + profile + " is closed: the control plane is stopping");
    }
}
