package io.sparkplane.spi.engine;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * The engine cluster of one attempt of one run: a driver (with the engine launcher) and workers,
 * each worker holding one executor of {@link EngineResources#executorCores()} cores and
 * {@link EngineResources#executorMemoryMib()} MiB.
 *
 * @param clusterName deterministic from run id and attempt ({@link #nameFor}), so a retried
 *     provision after a crash finds what exists
 * @param resources driver and worker shape, and the bounds {@code minExecutors..maxExecutors} the
 *     worker count stays within
 * @param initialWorkers workers to start with, within the bounds
 * @param idleTimeout how long a worker may sit without a task before the autoscaler may stop it
 * @param sparkVersion the Spark version the job expects; a backend that cannot provide it refuses
 *     the cluster
 * @param launch what the engine launcher in the driver needs to run the job and report back
 * @param workspace the run's workspace; a backend may place the cluster by it (a namespace of its own)
 * @param staged for a {@link JobHosting#SERVICE} backend, what the control plane staged for the
 *     attempt; empty for a {@link JobHosting#LAUNCHER} one
 * @param mayExist a provision of this attempt may have run before (the control plane crashed or a
 *     call failed on the way): a backend whose creates are not idempotent looks for what it made
 *     first. False only when this is the attempt's first provision, so such a backend may skip the
 *     look (a cloud's list calls are slow and rate-limited)
 */
public record ClusterSpec(
        String clusterName,
        EngineResources resources,
        int initialWorkers,
        Duration idleTimeout,
        String sparkVersion,
        LaunchSpec launch,
        String workspace,
        Optional<StagedAttempt> staged,
        boolean mayExist) {

    public ClusterSpec {
        requireNonNull(clusterName, "clusterName is null");
        requireNonNull(resources, "resources is null");
        requireNonNull(idleTimeout, "idleTimeout is null");
        requireNonNull(sparkVersion, "sparkVersion is null");
        requireNonNull(launch, "launch is null");
        requireNonNull(workspace, "workspace is null");
        requireNonNull(staged, "staged is null");
        if (initialWorkers < resources.minExecutors() || initialWorkers > resources.maxExecutors()) {
            throw new IllegalArgumentException("initialWorkers " + initialWorkers + " is outside ["
                    + resources.minExecutors() + ", " + resources.maxExecutors() + "]");
        }
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout is negative");
        }
    }

    /** The spec of a {@link JobHosting#LAUNCHER} backend's cluster: nothing staged beforehand, and it may exist already. */
    public ClusterSpec(String clusterName, EngineResources resources, int initialWorkers, Duration idleTimeout, String sparkVersion,
            LaunchSpec launch, String workspace) {
        this(clusterName, resources, initialWorkers, idleTimeout, sparkVersion, launch, workspace, Optional.empty(), true);
    }

    /** A cluster with what was staged for it, which may exist already. */
    public ClusterSpec(String clusterName, EngineResources resources, int initialWorkers, Duration idleTimeout, String sparkVersion,
            LaunchSpec launch, String workspace, Optional<StagedAttempt> staged) {
        this(clusterName, resources, initialWorkers, idleTimeout, sparkVersion, launch, workspace, staged, true);
    }

    /** The same cluster with what was staged for it. */
    public ClusterSpec withStaged(LaunchSpec stagedLaunch, StagedAttempt attempt) {
        return new ClusterSpec(clusterName, resources, initialWorkers, idleTimeout, sparkVersion, stagedLaunch, workspace, Optional.of(attempt),
                mayExist);
    }

    /** The same cluster with another launch spec for its launcher. */
    public ClusterSpec withLaunch(LaunchSpec other) {
        return new ClusterSpec(clusterName, resources, initialWorkers, idleTimeout, sparkVersion, other, workspace, staged, mayExist);
    }

    /** The same cluster, known to be provisioned for the first time (or not). */
    public ClusterSpec withMayExist(boolean may) {
        return new ClusterSpec(clusterName, resources, initialWorkers, idleTimeout, sparkVersion, launch, workspace, staged, may);
    }

    /** The one naming rule for clusters: {@code sp-<runId>-<attempt>}. */
    public static String nameFor(String runId, int attempt) {
        return "sp-" + runId + "-" + attempt;
    }
}
