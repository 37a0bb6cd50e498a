package io.sparkplane.spi.engine;

import static java.util.Objects.requireNonNull;

/**
 * The engine cluster of one attempt of one run.
 *
 * @param clusterName deterministic from run id and attempt ({@link #nameFor}), so a retried
 *     provision after a crash finds what exists
 * @param resources driver and executor shape
 * @param launch what the engine launcher in the driver needs to run the job and report back
 */
public record ClusterSpec(String clusterName, EngineResources resources, LaunchSpec launch) {

    public ClusterSpec {
        requireNonNull(clusterName, "clusterName is null");
        requireNonNull(resources, "resources is null");
        requireNonNull(launch, "launch is null");
    }

    /** The one naming rule for clusters: {@code sp-<runId>-<attempt>}. */
    public static String nameFor(String runId, int attempt) {
        return "sp-" + runId + "-" + attempt;
    }
}
