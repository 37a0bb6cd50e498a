package io.sparkplane.controlplane.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The stored form of a normalized run definition, and its fingerprint for idempotent submits. */
public final class RunSpecJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            // definitions stored by an older version may carry fields since moved (resources.minExecutors)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private RunSpecJson() {}

    /** The stored form: without the workspace, which is the run's own column. */
    public static String write(SubmitRunRequest normalized) {
        try {
            return MAPPER.writeValueAsString(normalized.withoutWorkspace());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a run definition", e);
        }
    }

    public static SubmitRunRequest read(String json) {
        try {
            SubmitRunRequest stored = MAPPER.readValue(json, SubmitRunRequest.class);
            if (stored.autoscaling() != null && stored.archives() != null) {
                return stored;
            }
            // runs stored before autoscaling and archives existed
            SubmitRunRequest.Autoscaling autoscaling = stored.autoscaling() != null ? stored.autoscaling() : new SubmitRunRequest.Autoscaling(
                    RunRequestValidator.DEFAULT_POLICY, RunRequestValidator.DEFAULT_MIN_EXECUTORS, RunRequestValidator.DEFAULT_MAX_EXECUTORS);
            return new SubmitRunRequest(stored.name(), stored.entrypoint(), stored.args(), stored.pyFiles(), stored.jars(),
                    stored.files(), stored.archives() == null ? java.util.List.of() : stored.archives(), stored.sparkConf(), stored.resources(),
                    autoscaling, stored.backend(), stored.timeoutSeconds(), stored.maxRetries(), stored.labels(), null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored run definition is unreadable", e);
        }
    }

    /** Labels as a JSON object, for a {@code labels @> ...} containment query. */
    public static String labelsJson(java.util.Map<String, String> labels) {
        try {
            return MAPPER.writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize labels", e);
        }
    }

    /** SHA-256 of the canonical JSON: equal for requests that mean the same run. */
    public static String fingerprint(SubmitRunRequest normalized) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(write(normalized).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
