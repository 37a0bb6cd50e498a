package io.sparkplane.spi.engine;

/**
 * The shape of an engine cluster. Memory is in MiB.
 *
 * @param minExecutors executors the cluster starts with and never goes below
 * @param maxExecutors the most executors the cluster may have
 */
public record EngineResources(
        int driverCores,
        int driverMemoryMib,
        int executorCores,
        int executorMemoryMib,
        int minExecutors,
        int maxExecutors) {

    public EngineResources {
        positive(driverCores, "driverCores");
        positive(driverMemoryMib, "driverMemoryMib");
        positive(executorCores, "executorCores");
        positive(executorMemoryMib, "executorMemoryMib");
        if (minExecutors < 0) {
            throw new IllegalArgumentException("minExecutors is negative");
        }
        if (maxExecutors < Math.max(1, minExecutors)) {
            throw new IllegalArgumentException("maxExecutors must be at least 1 and at least minExecutors");
        }
    }

    private static void positive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
