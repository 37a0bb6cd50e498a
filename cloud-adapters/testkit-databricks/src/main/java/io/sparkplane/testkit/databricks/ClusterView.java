package io.sparkplane.testkit.databricks;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What a test sees of a job cluster of the fake workspace, at one moment.
 *
 * @param state PENDING, RUNNING or TERMINATED (Databricks' cluster states the fake uses)
 * @param numWorkers the fixed size, or null while the cluster autoscales
 * @param minWorkers the autoscale bounds' lower end, or null for a fixed size
 * @param maxWorkers the autoscale bounds' upper end, or null for a fixed size
 * @param resizes the worker counts clusters/resize asked for, in order
 * @param customTags the cluster's custom_tags as submitted
 * @param sparkConf the cluster's spark_conf as submitted
 * @param spec the task's new_cluster as submitted
 */
public record ClusterView(String clusterId, String state, String stateMessage, Integer numWorkers, Integer minWorkers, Integer maxWorkers,
        List<Integer> resizes, Map<String, String> customTags, Map<String, String> sparkConf, JsonNode spec) {

    public ClusterView {
        requireNonNull(clusterId, "clusterId is null");
        requireNonNull(state, "state is null");
        resizes = List.copyOf(resizes);
        customTags = Map.copyOf(customTags);
        sparkConf = Map.copyOf(sparkConf);
        requireNonNull(spec, "spec is null");
    }

    /** Whether the cluster is starting or running: holding, or about to hold, compute. */
    public boolean live() {
        return !state.equals("TERMINATING") && !state.equals("TERMINATED");
    }
}
