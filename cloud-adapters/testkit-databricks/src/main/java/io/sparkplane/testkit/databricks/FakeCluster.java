package io.sparkplane.testkit.databricks;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One job cluster of the fake workspace, made for one run's task from its {@code new_cluster}: it
 * starts (PENDING, then RUNNING), may be resized while it runs, and is TERMINATED when its run ends,
 * as Databricks ends a job cluster with its run. Guarded by the state's lock.
 */
final class FakeCluster {

    final String clusterId;
    /** Databricks names a job cluster by its job and task run: {@code job-<job id>-run-<task run id>}. */
    final String clusterName;
    final String creator;
    /** The task's {@code new_cluster}, as submitted. */
    final ObjectNode spec;
    String state = "PENDING";
    String stateMessage = "Finding instances for new nodes, acquiring more instances if necessary";
    /** Fixed size; null while the cluster autoscales. */
    Integer numWorkers;
    Integer minWorkers;
    Integer maxWorkers;
    /** The worker counts clusters/resize asked for, in order. */
    final List<Integer> resizes = new ArrayList<>();

    FakeCluster(String clusterId, String clusterName, String creator, ObjectNode spec) {
        this.clusterId = requireNonNull(clusterId, "clusterId is null");
        this.clusterName = requireNonNull(clusterName, "clusterName is null");
        this.creator = requireNonNull(creator, "creator is null");
        this.spec = requireNonNull(spec, "spec is null");
        JsonNode autoscale = spec.get("autoscale");
        if (autoscale != null && autoscale.isObject()) {
            minWorkers = autoscale.path("min_workers").asInt();
            maxWorkers = autoscale.path("max_workers").asInt();
        } else {
            numWorkers = spec.path("num_workers").asInt(0);
        }
    }

    boolean terminated() {
        return state.equals("TERMINATING") || state.equals("TERMINATED");
    }

    void terminate(String message) {
        state = "TERMINATED";
        stateMessage = message;
    }

    ClusterView view() {
        return new ClusterView(clusterId, state, stateMessage, numWorkers, minWorkers, maxWorkers, List.copyOf(resizes), strings(spec.get("custom_tags")),
                strings(spec.get("spark_conf")), spec.deepCopy());
    }

    static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new TreeMap<>();
        if (object != null && object.isObject()) {
            object.properties().forEach(entry -> map.put(entry.getKey(), entry.getValue().asText()));
        }
        return map;
    }
}
