package io.sparkplane.spi.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * The workers of a live cluster as its backend sees them.
 *
 * @param desiredWorkers the count the backend was last asked for
 * @param aliveWorkers workers running and accepting executors
 * @param decommissioningWorkers workers being drained before they stop (not counted as alive)
 * @param endpoints addresses worth showing while the cluster lives, by name ({@code master},
 *     {@code masterUi}, {@code driverUi}); never credentials
 * @param repairs what the call that returned this had to mend, for the run's events ("worker 2
 *     (pid 123) exited; started worker 4"); empty from a plain observation
 */
public record ClusterTopology(
        int desiredWorkers, int aliveWorkers, int decommissioningWorkers, Map<String, String> endpoints, List<String> repairs) {

    public ClusterTopology {
        if (desiredWorkers < 0 || aliveWorkers < 0 || decommissioningWorkers < 0) {
            throw new IllegalArgumentException("worker counts must not be negative");
        }
        endpoints = Map.copyOf(requireNonNull(endpoints, "endpoints is null"));
        repairs = List.copyOf(requireNonNull(repairs, "repairs is null"));
    }
}
