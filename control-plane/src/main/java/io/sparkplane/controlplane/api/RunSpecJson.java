package io.sparkplane.controlplane.api;

import com.fasterxml.jackson.core.JsonProcessingException;
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
            .build();

    private RunSpecJson() {}

    public static String write(SubmitRunRequest normalized) {
        try {
            return MAPPER.writeValueAsString(normalized);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a run definition", e);
        }
    }

    public static SubmitRunRequest read(String json) {
        try {
            return MAPPER.readValue(json, SubmitRunRequest.class);
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
