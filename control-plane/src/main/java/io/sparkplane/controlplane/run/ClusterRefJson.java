package io.sparkplane.controlplane.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sparkplane.spi.engine.ClusterRef;
import java.util.LinkedHashMap;
import java.util.Map;

/** The stored form of a {@link ClusterRef} in {@code run_attempt.cluster}. */
public final class ClusterRefJson {

    private static final JsonMapper MAPPER = new JsonMapper();

    private ClusterRefJson() {}

    public static String write(ClusterRef cluster) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("backend", cluster.backend());
        json.put("clusterName", cluster.clusterName());
        json.put("attributes", cluster.attributes());
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a cluster reference", e);
        }
    }

    public static ClusterRef read(String json) {
        try {
            Map<String, Object> map = MAPPER.readValue(json, new TypeReference<>() {});
            @SuppressWarnings("unchecked")
            Map<String, String> attributes = (Map<String, String>) map.get("attributes");
            return new ClusterRef((String) map.get("backend"), (String) map.get("clusterName"), attributes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored cluster reference is unreadable", e);
        }
    }
}
