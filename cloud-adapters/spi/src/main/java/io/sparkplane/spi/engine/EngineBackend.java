package io.sparkplane.spi.engine;

/**
 * Runs the engine cluster of one run attempt on some capacity (local processes, Kubernetes pods,
 * a cloud service). The control plane calls these methods from its loops, never from a request,
 * and may call any of them again after a crash: every method must be idempotent, and
 * {@link #provision} must adopt a cluster that already exists under {@link ClusterSpec#clusterName()}
 * instead of creating a second one.
 */
public interface EngineBackend extends AutoCloseable {

    /** The engine profile runs name to pick this backend ({@link BackendContext#profile()}). */
    String name();

    /**
     * Starts the engine cluster of an attempt, with the engine launcher in its driver, and returns
     * at once: the launcher reports its progress to the control plane itself. If a cluster of the
     * same name exists, returns a reference to it.
     *
     * @throws EngineBackendException when the cluster cannot be created (a clear, user-facing message)
     */
    ClusterRef provision(ClusterSpec spec);

    /**
     * Makes the cluster have {@code workers} workers (within the spec's bounds), and repairs it:
     * workers that died are replaced, workers being drained are stopped once drained. Scale-down
     * drains gracefully (Spark decommissioning) where the backend can. Returns at once; call it
     * again to move the cluster on.
     *
     * @throws EngineBackendException when the cluster cannot be changed
     */
    ClusterTopology resize(ClusterRef cluster, int workers);

    /** Observes a cluster without changing it. */
    ClusterStatus describe(ClusterRef cluster);

    /**
     * Stops every process or resource of the cluster and waits until they are gone. Terminating a
     * cluster that no longer exists is not an error.
     */
    void terminate(ClusterRef cluster);

    /**
     * The job ended and its launcher reported the outcome: free the cluster. A backend may keep
     * what helps to inspect the run (an ended driver pod) for a while, holding no compute; by
     * default the same as {@link #terminate}.
     */
    default void release(ClusterRef cluster) {
        terminate(cluster);
    }

    /** Stops the backend's own clients and threads (not the clusters it made); the control plane calls it once, at shutdown. */
    @Override
    default void close() {}
}
