package io.sparkplane.autoscaler.simulation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The simulated engine cluster: bounds, worker shape and how long a new worker takes to start.
 *
 * @param minWorkers lower bound given to the policy, at least 0
 * @param maxWorkers upper bound given to the policy, at least 1 and at least {@code minWorkers}
 * @param coresPerWorker task slots per worker (one executor per worker, one task per core)
 * @param workerStartupDelay from requesting a worker (at creation or in a scale-up) to it running
 *     tasks; billed like running time
 */
public record ClusterModel(int minWorkers, int maxWorkers, int coresPerWorker, Duration workerStartupDelay) {

    public ClusterModel {
        if (minWorkers < 0 || maxWorkers < 1 || maxWorkers < minWorkers || coresPerWorker < 1) {
            throw new IllegalArgumentException("invalid cluster model: min " + minWorkers + ", max " + maxWorkers
                    + ", cores " + coresPerWorker);
        }
        requireNonNull(workerStartupDelay, "workerStartupDelay is null");
        if (workerStartupDelay.isNegative()) {
            throw new IllegalArgumentException("workerStartupDelay is negative: " + workerStartupDelay);
        }
    }

    /** The benchmark's cluster: 1 to 8 workers of 4 cores, 10 s to start a worker. */
    public static ClusterModel benchmark() {
        return new ClusterModel(1, 8, 4, Duration.ofSeconds(10));
    }
}
