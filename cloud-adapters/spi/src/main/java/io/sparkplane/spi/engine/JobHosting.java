package io.sparkplane.spi.engine;

/** Who runs spark-submit for an attempt, and so how the control plane learns how the job goes. */
public enum JobHosting {

    /**
     * The engine launcher in the cluster's driver (local processes, Kubernetes pods): it fetches the
     * job's inputs through the engine API, runs spark-submit, ships the driver log and reports every
     * state itself; {@link EngineBackend#describe} only recovers an outcome it could not report.
     */
    LAUNCHER,

    /**
     * The backend's service runs spark-submit itself (an EMR step, an EMR Serverless job run) from
     * inputs the control plane staged beforehand ({@link ClusterSpec#staged()}): no launcher runs.
     * {@link EngineBackend#describe} is the job's state ({@link ClusterStatus.Active#jobStarted()},
     * {@link ClusterStatus.Finished}), {@link EngineBackend#driverLogLocations} its output, and the backlog
     * listener in the driver reports to the engine API itself when it can reach it.
     */
    SERVICE
}
