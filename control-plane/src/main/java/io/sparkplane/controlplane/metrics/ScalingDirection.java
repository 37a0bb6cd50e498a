package io.sparkplane.controlplane.metrics;

import java.util.Locale;

/** Which way an autoscaler decision moves a cluster: its {@code direction} label. Pure. */
public enum ScalingDirection {
    UP,
    DOWN,
    HOLD;

    /** The direction from the workers a cluster has to the workers decided (after the workspace's quota). */
    public static ScalingDirection of(int currentWorkers, int desiredWorkers) {
        if (desiredWorkers > currentWorkers) {
            return UP;
        }
        return desiredWorkers < currentWorkers ? DOWN : HOLD;
    }

    /** As the label shows it: up, down, hold. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
