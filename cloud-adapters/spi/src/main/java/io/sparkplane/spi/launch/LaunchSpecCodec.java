package io.sparkplane.spi.launch;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link LaunchSpec} in {@code launch.json}: backends write it, the launcher
 * reads it. Jackson tree model, so the SPI stays free of annotations.
 *
 * <pre>
 * {"formatVersion":1,"runId":"r1","attempt":1,"runName":"n","controlPlaneUrl":"http://...","token":"...",
 *  "entrypoint":{"type":"python","location":"/x/main.py"}          (or "type":"jar" with "mainClass"),
 *  "args":[],"pyFiles":[],"jars":[],"files":[],"archives":[],"sparkConf":{},"storageConf":{},
 *  "resources":{"driverCores":1,"driverMemoryMib":1024,"executorCores":1,"executorMemoryMib":1024,
 *               "minExecutors":1,"maxExecutors":2},
 *  "traceParent":"00-...-...-01"}                                   (optional: absent when the run is not traced)
 * </pre>
 */
public final class LaunchSpecCodec {

    static final int FORMAT_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LaunchSpecCodec() {}

    public static byte[] encode(LaunchSpec spec) {
        requireNonNull(spec, "spec is null");
        ObjectNode root = MAPPER.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        root.put("runId", spec.runId());
        root.put("attempt", spec.attempt());
        root.put("runName", spec.runName());
        root.put("controlPlaneUrl", spec.controlPlaneUrl());
        root.put("token", spec.token());
        ObjectNode entrypoint = root.putObject("entrypoint");
        // Java 17: no pattern matching for switch yet; Entrypoint is sealed to these two records
        if (spec.entrypoint() instanceof Entrypoint.Jar jar) {
            entrypoint.put("type", "jar");
            entrypoint.put("location", jar.location());
            entrypoint.put("mainClass", jar.mainClass());
        } else {
            entrypoint.put("type", "python");
            entrypoint.put("location", spec.entrypoint().location());
        }
        strings(root.putArray("args"), spec.args());
        strings(root.putArray("pyFiles"), spec.pyFiles());
        strings(root.putArray("jars"), spec.jars());
        strings(root.putArray("files"), spec.files());
        strings(root.putArray("archives"), spec.archives());
        ObjectNode sparkConf = root.putObject("sparkConf");
        new java.util.TreeMap<>(spec.sparkConf()).forEach(sparkConf::put);
        ObjectNode storageConf = root.putObject("storageConf");
        new java.util.TreeMap<>(spec.storageConf()).forEach(storageConf::put);
        EngineResources resources = spec.resources();
        ObjectNode resourcesNode = root.putObject("resources");
        resourcesNode.put("driverCores", resources.driverCores());
        resourcesNode.put("driverMemoryMib", resources.driverMemoryMib());
        resourcesNode.put("executorCores", resources.executorCores());
        resourcesNode.put("executorMemoryMib", resources.executorMemoryMib());
        resourcesNode.put("minExecutors", resources.minExecutors());
        resourcesNode.put("maxExecutors", resources.maxExecutors());
        if (!spec.traceParent().isEmpty()) {
            root.put("traceParent", spec.traceParent());
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the launch spec of run " + spec.runId(), e);
        }
    }

    /** @throws IllegalArgumentException when the JSON is not a launch spec of a known format */
    public static LaunchSpec decode(byte[] json) {
        requireNonNull(json, "json is null");
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("launch spec is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("launch spec is not a JSON object");
        }
        int formatVersion = integer(root, "formatVersion");
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("launch spec has formatVersion " + formatVersion
                    + ", this launcher reads " + FORMAT_VERSION);
        }
        JsonNode entrypointNode = object(root, "entrypoint");
        String type = text(entrypointNode, "type");
        Entrypoint entrypoint = switch (type) {
            case "python" -> new Entrypoint.PythonFile(text(entrypointNode, "location"));
            case "jar" -> new Entrypoint.Jar(text(entrypointNode, "location"), text(entrypointNode, "mainClass"));
            default -> throw new IllegalArgumentException("launch spec has unknown entrypoint type " + type);
        };
        JsonNode resourcesNode = object(root, "resources");
        EngineResources resources = new EngineResources(
                integer(resourcesNode, "driverCores"),
                integer(resourcesNode, "driverMemoryMib"),
                integer(resourcesNode, "executorCores"),
                integer(resourcesNode, "executorMemoryMib"),
                integer(resourcesNode, "minExecutors"),
                integer(resourcesNode, "maxExecutors"));
        return new LaunchSpec(
                text(root, "runId"),
                integer(root, "attempt"),
                text(root, "runName"),
                text(root, "controlPlaneUrl"),
                text(root, "token"),
                entrypoint,
                strings(root, "args"),
                strings(root, "pyFiles"),
                strings(root, "jars"),
                strings(root, "files"),
                strings(root, "archives"),
                stringMap(root, "sparkConf"),
                stringMap(root, "storageConf"),
                resources,
                root.path("traceParent").asText(""));
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("launch spec has no " + name);
        }
        return value;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("launch spec field " + name + " is not a string");
        }
        return value.textValue();
    }

    private static int integer(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isInt()) {
            throw new IllegalArgumentException("launch spec field " + name + " is not an integer");
        }
        return value.intValue();
    }

    private static JsonNode object(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isObject()) {
            throw new IllegalArgumentException("launch spec field " + name + " is not an object");
        }
        return value;
    }

    private static List<String> strings(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isArray()) {
            throw new IllegalArgumentException("launch spec field " + name + " is not an array");
        }
        List<String> result = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw new IllegalArgumentException("launch spec field " + name + " holds a non-string");
            }
            result.add(element.textValue());
        }
        return result;
    }

    private static Map<String, String> stringMap(JsonNode node, String name) {
        JsonNode value = object(node, name);
        Map<String, String> result = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.properties().iterator(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = fields.next();
            if (!entry.getValue().isTextual()) {
                throw new IllegalArgumentException("launch spec field " + name + "." + entry.getKey() + " is not a string");
            }
            result.put(entry.getKey(), entry.getValue().textValue());
        }
        return result;
    }
}
