package io.sparkplane.controlplane.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.spi.engine.Entrypoint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The stored form of a {@link RunDefinition} ({@code run.spec}), and its fingerprint for idempotent
 * submits. Format 2 holds memory in MiB and the timeout in seconds:
 *
 * <pre>
 * {"formatVersion":2,"name":"n","entrypoint":{"pythonFile":"..."} | {"jar":"...","mainClass":"..."},
 *  "args":[],"pyFiles":[],"jars":[],"files":[],"archives":[],"sparkConf":{},
 *  "resources":{"driver":{"cores":1,"memoryMib":1024,"memory":"1g"},"executor":{"cores":1,"memoryMib":1024,"memory":"1024m"}},
 *  "autoscaling":{"policy":"backlog","minExecutors":1,"maxExecutors":2},
 *  "backend":"local","timeoutSeconds":600|null,"maxRetries":0,"labels":{}}
 * </pre>
 *
 * Runs stored before it hold the request as the API took it (memory as {@code 1g}, sometimes no
 * {@code autoscaling} or {@code archives}): they are read as that request meant.
 */
public final class RunDefinitionJson {

    static final int FORMAT_VERSION = 2;
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
    private static final RunDefinition.Shape LEGACY_SHAPE = new RunDefinition.Shape(1, 1024);

    private RunDefinitionJson() {}

    public static String write(RunDefinition definition) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        root.put("name", definition.name());
        ObjectNode entrypoint = root.putObject("entrypoint");
        if (definition.entrypoint() instanceof Entrypoint.Jar jar) {
            entrypoint.put("jar", jar.location());
            entrypoint.put("mainClass", jar.mainClass());
        } else {
            entrypoint.put("pythonFile", definition.entrypoint().location());
        }
        strings(root.putArray("args"), definition.args());
        strings(root.putArray("pyFiles"), definition.pyFiles());
        strings(root.putArray("jars"), definition.jars());
        strings(root.putArray("files"), definition.files());
        strings(root.putArray("archives"), definition.archives());
        map(root.putObject("sparkConf"), definition.sparkConf());
        ObjectNode resources = root.putObject("resources");
        shape(resources.putObject("driver"), definition.resources().driver());
        shape(resources.putObject("executor"), definition.resources().executor());
        ObjectNode autoscaling = root.putObject("autoscaling");
        autoscaling.put("policy", definition.autoscaling().name());
        autoscaling.put("minExecutors", definition.autoscaling().minExecutors());
        autoscaling.put("maxExecutors", definition.autoscaling().maxExecutors());
        root.put("backend", definition.backend());
        if (definition.timeout().isPresent()) {
            root.put("timeoutSeconds", definition.timeout().get().toSeconds());
        } else {
            root.putNull("timeoutSeconds");
        }
        root.put("maxRetries", definition.maxRetries());
        map(root.putObject("labels"), definition.labels());
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a run definition", e);
        }
    }

    /** @throws IllegalStateException when the stored definition is unreadable */
    public static RunDefinition read(String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            boolean legacy = !root.has("formatVersion");
            if (!legacy && root.get("formatVersion").asInt() != FORMAT_VERSION) {
                throw new IllegalStateException("stored run definition has formatVersion " + root.get("formatVersion") + ", this control plane reads "
                        + FORMAT_VERSION);
            }
            JsonNode entrypoint = root.path("entrypoint");
            JsonNode autoscaling = root.path("autoscaling");
            JsonNode resources = root.path("resources");
            JsonNode timeout = root.path("timeoutSeconds");
            AutoscalingPolicy policy = autoscaling.isObject()
                    ? AutoscalingPolicy.of(autoscaling.path("policy").asText(), autoscaling.path("minExecutors").asInt(),
                            autoscaling.path("maxExecutors").asInt())
                            .orElseThrow(() -> new IllegalStateException("unknown autoscaling policy " + autoscaling.path("policy")))
                    : new AutoscalingPolicy.Backlog(1, 2); // stored before autoscaling existed: the defaults then
            return new RunDefinition(
                    root.path("name").asText(),
                    entrypoint.hasNonNull("jar")
                            ? new Entrypoint.Jar(entrypoint.get("jar").asText(), entrypoint.path("mainClass").asText())
                            : new Entrypoint.PythonFile(entrypoint.path("pythonFile").asText()),
                    strings(root.path("args")),
                    strings(root.path("pyFiles")),
                    strings(root.path("jars")),
                    strings(root.path("files")),
                    strings(root.path("archives")),
                    map(root.path("sparkConf")),
                    new RunDefinition.Resources(shape(resources.path("driver"), legacy), shape(resources.path("executor"), legacy)),
                    policy,
                    root.path("backend").asText(),
                    timeout.isNumber() ? Optional.of(Duration.ofSeconds(timeout.asLong())) : Optional.empty(),
                    root.path("maxRetries").asInt(0),
                    map(root.path("labels")));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("stored run definition is unreadable: " + e.getMessage(), e);
        }
    }

    /** SHA-256 of the canonical form: equal for requests that mean the same run. */
    public static String fingerprint(RunDefinition definition) {
        return fingerprintOf(write(definition));
    }

    /** The fingerprint of a definition {@link #write} wrote: a submit writes its definition once, for the run and its fingerprint. */
    public static String fingerprintOf(String written) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(written.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** Labels as a JSON object, for a {@code labels @> ...} containment query. */
    public static String labelsJson(Map<String, String> labels) {
        try {
            return MAPPER.writeValueAsString(new TreeMap<>(labels));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize labels", e);
        }
    }

    private static void shape(ObjectNode node, RunDefinition.Shape shape) {
        node.put("cores", shape.cores());
        node.put("memoryMib", shape.memoryMib());
        node.put("memory", shape.memory());
    }

    /** A legacy shape holds memory as the request gave it ({@code 1g}). */
    private static RunDefinition.Shape shape(JsonNode node, boolean legacy) {
        if (!node.isObject()) {
            return LEGACY_SHAPE;
        }
        int cores = node.path("cores").asInt();
        if (legacy) {
            String memory = node.path("memory").asText().toLowerCase(Locale.ROOT);
            int memoryMib = SparkMemory.mib(memory).orElseThrow(() -> new IllegalStateException("memory " + node.path("memory")));
            return new RunDefinition.Shape(cores, memoryMib, memory);
        }
        return new RunDefinition.Shape(cores, node.path("memoryMib").asInt(), node.path("memory").asText());
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static void map(ObjectNode node, Map<String, String> values) {
        new TreeMap<>(values).forEach(node::put);
    }

    private static Map<String, String> map(JsonNode node) {
        Map<String, String> values = new LinkedHashMap<>();
        node.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue().asText()));
        return values;
    }
}
