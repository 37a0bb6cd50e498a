package io.sparkplane.spi.engine;

import java.util.List;
import java.util.Optional;

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

    /**
     * Observes a cluster without changing it. A {@link JobHosting#SERVICE} backend whose service takes
     * the job in a second call once the cluster is up (a Dataproc job on its cluster) makes that call
     * here, when it sees the cluster ready: idempotently (a job id and request id derived from the
     * cluster's name), since the control plane asks every pass.
     */
    ClusterStatus describe(ClusterRef cluster);

    /**
     * Stops every process or resource of the cluster and waits until they are gone; a cloud backend
     * whose service ends them by itself (minutes, for an EMR cluster) returns once the service has
     * accepted the end, and its {@link #describe} and {@link #liveClusters} show it going. Terminating a
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

    /** Who runs the attempt's spark-submit; the engine launcher unless the backend's service does. */
    default JobHosting hosting() {
        return JobHosting.LAUNCHER;
    }

    /**
     * Where a {@link JobHosting#SERVICE} backend's service writes the driver's output: URIs in the
     * workspace's staging (the attempt's {@link StagedAttempt#logs()}, or where the service puts them
     * in its bucket), stdout before stderr, an object whose name ends in {@code .gz} gzipped, a URI
     * ending in {@code *} standing for every object whose name begins with the rest, read in name
     * order (the numbered parts Dataproc writes). The control plane reads them with the workspace's store once the
     * attempt has ended and {@link #driverLogComplete} says the service wrote them for the last time. Empty for a launcher's cluster, whose launcher
     * ships the log itself.
     */
    default List<String> driverLogLocations(ClusterRef cluster) {
        return List.of();
    }

    /**
     * The driver's output of a {@link JobHosting#SERVICE} backend whose service hands it over its own
     * API (Livy's batch log, a Databricks run's output) instead of writing it to staging. The control
     * plane asks once the attempt has ended and {@link #driverLogComplete} is true, and only when
     * {@link #driverLogLocations} is empty. Empty when the service has none (any more).
     *
     * @throws EngineBackendException when the service cannot be asked
     */
    default Optional<DriverOutput> driverOutput(ClusterRef cluster) {
        return Optional.empty();
    }

    /**
     * Whether a {@link JobHosting#SERVICE} backend's service has written the driver's output for the
     * last time, after the attempt ended: EMR copies a step's logs every few minutes and once more as
     * its cluster terminates, so they are whole only once it has. True by default.
     *
     * @throws EngineBackendException when the backend cannot be asked
     */
    default boolean driverLogComplete(ClusterRef cluster) {
        return true;
    }

    /**
     * Every cluster of this profile that exists in the backend now, found by what Sparkplane marks
     * its clusters with (tags, labels), live or not yet gone. The control plane terminates those
     * whose attempt is over or that no attempt knows (made by a provision that crashed before it
     * recorded them): no cluster outlives its attempt. Empty for a backend whose clusters cannot
     * outlive the control plane's knowledge of them.
     *
     * @throws EngineBackendException when the backend cannot be asked
     */
    default List<ClusterRef> liveClusters() {
        return List.of();
    }

    /**
     * Whether this backend starts warm clusters for warm pools ({@link #prewarm}, {@link #provisionOnWarm},
     * {@link #describeWarm}). False by default: a profile of a backend that cannot has no pool.
     */
    default boolean warmable() {
        return false;
    }

    /**
     * Starts a warm cluster: the engine cluster of no run yet, whose driver the launcher starts from
     * {@code spec.launch()}, a template naming the cluster instead of a run (runId is the warm
     * cluster's id, the token empty), with {@code spec.initialWorkers()} workers, and returns at once.
     * It holds compute until {@link #terminate} (idle) or until the run that took it ends. Adopts a
     * warm cluster of the same name that exists.
     *
     * @throws EngineBackendException when it cannot be started
     */
    default ClusterRef prewarm(ClusterSpec spec) {
        throw new EngineBackendException("the " + name() + " backend has no warm clusters");
    }

    /**
     * Hands an attempt to a READY warm cluster of this backend: its launcher runs the attempt on the
     * driver that runs already. Only for a run that fits the cluster's template ({@link WarmFit}).
     * Returns the reference the attempt records (the warm cluster's, with the run's worker bounds);
     * the attempt's cluster is then this one, resized, described, released and terminated as any.
     * Idempotent for the same attempt.
     *
     * @throws EngineBackendException when the warm cluster is not ready or another run took it: the
     *     caller provisions the attempt cold instead and terminates the warm cluster
     */
    default ClusterRef provisionOnWarm(ClusterRef warm, ClusterSpec spec) {
        throw new EngineBackendException("the " + name() + " backend has no warm clusters");
    }

    /** What a warm cluster that no run has taken yet is doing. */
    default WarmClusterStatus describeWarm(ClusterRef warm) {
        return new WarmClusterStatus(WarmClusterStatus.Phase.GONE, "the " + name() + " backend has no warm clusters");
    }

    /** Stops the backend's own clients and threads (not the clusters it made); the control plane calls it once, at shutdown. */
    @Override
    default void close() {}
}
