package io.sparkplane.backend.kubernetes;

import java.util.Map;

/** The labels every object of an engine cluster carries, so one run's objects are one selector. */
public final class EngineLabels {

    public static final String RUN = "sparkplane.io/run";
    public static final String ATTEMPT = "sparkplane.io/attempt";
    public static final String ROLE = "sparkplane.io/role";
    public static final String CLUSTER = "sparkplane.io/cluster";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String DRIVER = "driver";
    public static final String WORKER = "worker";
    /** An annotation of the driver pod: the highest worker index the cluster has used. */
    public static final String HIGHEST_WORKER = "sparkplane.io/highest-worker";

    private EngineLabels() {}

    static Map<String, String> of(String clusterName, String runId, int attempt, String role) {
        return Map.of(RUN, runId, ATTEMPT, Integer.toString(attempt), ROLE, role, CLUSTER, clusterName, MANAGED_BY, "sparkplane");
    }

    /** What selects the cluster's pods in one role. */
    static Map<String, String> role(String clusterName, String role) {
        return Map.of(CLUSTER, clusterName, MANAGED_BY, "sparkplane", ROLE, role);
    }

    /** What selects every object of the cluster. */
    static Map<String, String> cluster(String clusterName) {
        return Map.of(CLUSTER, clusterName, MANAGED_BY, "sparkplane");
    }
}
