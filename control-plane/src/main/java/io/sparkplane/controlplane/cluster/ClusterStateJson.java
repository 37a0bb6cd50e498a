package io.sparkplane.controlplane.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.autoscaler.ClusterState;
import java.time.Instant;

/**
 * The stored form of the autoscaler's {@link ClusterState} of one attempt (column {@code
 * autoscaler_state}), with the instant of the last snapshot a decision was made on: each snapshot
 * is decided once, so a policy's ramp-up per decision is a ramp-up per snapshot however often the
 * loop runs.
 */
final class ClusterStateJson {

    record Stored(ClusterState state, Instant decidedSnapshotAt) {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ClusterStateJson() {}

    static String write(ClusterState state, Instant decidedSnapshotAt) {
        ObjectNode node = MAPPER.createObjectNode();
        putInstant(node, "decidedSnapshotAt", decidedSnapshotAt);
        node.put("currentWorkers", state.currentWorkers());
        node.put("minWorkers", state.minWorkers());
        node.put("maxWorkers", state.maxWorkers());
        node.put("coresPerWorker", state.coresPerWorker());
        putInstant(node, "lastScaleUpAt", state.lastScaleUpAt());
        putInstant(node, "lastScaleDownAt", state.lastScaleDownAt());
        putInstant(node, "lastBusyAt", state.lastBusyAt());
        putInstant(node, "backlogSince", state.backlogSince());
        node.put("lastAddedWorkers", state.lastAddedWorkers());
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the autoscaler state", e);
        }
    }

    static Stored read(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            return new Stored(new ClusterState(
                    node.get("currentWorkers").asInt(),
                    node.get("minWorkers").asInt(),
                    node.get("maxWorkers").asInt(),
                    node.get("coresPerWorker").asInt(),
                    instant(node, "lastScaleUpAt"),
                    instant(node, "lastScaleDownAt"),
                    instant(node, "lastBusyAt"),
                    instant(node, "backlogSince"),
                    node.get("lastAddedWorkers").asInt()), instant(node, "decidedSnapshotAt"));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("stored autoscaler state is unreadable: " + e.getMessage(), e);
        }
    }

    private static void putInstant(ObjectNode node, String name, Instant value) {
        if (value != null) {
            node.put(name, value.toString());
        }
    }

    private static Instant instant(JsonNode node, String name) {
        return node.hasNonNull(name) ? Instant.parse(node.get(name).asText()) : null;
    }
}
