package io.sparkplane.spi.engine;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * What the control plane stores to find a cluster again, after a restart too.
 *
 * @param backend the backend's {@link EngineBackend#name()}
 * @param clusterName the deterministic name from the {@link ClusterSpec}
 * @param attributes backend-specific handles (a process id, a pod name), never secrets
 */
public record ClusterRef(String backend, String clusterName, Map<String, String> attributes) {

    public ClusterRef {
        requireNonNull(backend, "backend is null");
        requireNonNull(clusterName, "clusterName is null");
        attributes = Map.copyOf(requireNonNull(attributes, "attributes is null"));
    }

    public String attribute(String key) {
        String value = attributes.get(key);
        if (value == null) {
            throw new IllegalArgumentException("cluster " + clusterName + " has no attribute " + key);
        }
        return value;
    }
}
