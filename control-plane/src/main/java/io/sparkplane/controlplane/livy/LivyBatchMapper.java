package io.sparkplane.controlplane.livy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.controlplane.api.RunSpec;
import io.sparkplane.controlplane.problem.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a Livy batch request to the run the REST API would take ({@link RunSpec}), and the REST
 * API's field names in its errors back to Livy's, so a Livy client is told about the fields it sent.
 * Pure.
 *
 * <p>What Livy has and Sparkplane spells otherwise: the workspace and the engine profile are the
 * Spark properties {@value #WORKSPACE_CONF} and {@value #BACKEND_CONF} (a Livy client can always
 * send conf); the sizes Livy also takes as Spark properties ({@code spark.driver.memory},
 * {@code spark.executor.instances}, ...) become the run's resources and a static executor count, the
 * request's own fields winning as in Livy; Spark's dynamic allocation properties become the
 * {@code dynamic-allocation} policy's bounds; {@code spark.app.name} the run's name. Memory takes
 * Spark's spellings ({@code 4GB}, {@code 512mb}, {@code 1t}, {@code 4096k}). {@code proxyUser} and
 * {@code queue} (YARN's) are refused: a run runs as its engine profile's identity, in its
 * workspace's queue.
 */
public final class LivyBatchMapper {

    public static final String WORKSPACE_CONF = "spark.sparkplane.workspace";
    public static final String BACKEND_CONF = "spark.sparkplane.backend";

    private static final String DRIVER_MEMORY = "spark.driver.memory";
    private static final String DRIVER_CORES = "spark.driver.cores";
    private static final String EXECUTOR_MEMORY = "spark.executor.memory";
    private static final String EXECUTOR_CORES = "spark.executor.cores";
    private static final String EXECUTOR_INSTANCES = "spark.executor.instances";
    private static final String APP_NAME = "spark.app.name";
    private static final String DYNAMIC_ALLOCATION = "spark.dynamicAllocation.enabled";
    private static final String DYNAMIC_MIN = "spark.dynamicAllocation.minExecutors";
    private static final String DYNAMIC_MAX = "spark.dynamicAllocation.maxExecutors";
    private static final String DYNAMIC_INITIAL = "spark.dynamicAllocation.initialExecutors";
    private static final Pattern MEMORY = Pattern.compile("([0-9]{1,9})([kmgt])b?", Pattern.CASE_INSENSITIVE);

    private LivyBatchMapper() {}

    /** The run, or what is wrong with the request (in Livy's field names); never both. */
    public record Result(RunSpec spec, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    public static Result toRunSpec(LivyBatchRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.proxyUser() != null) {
            errors.add(new FieldError("proxyUser", "is not supported: a run runs as its engine profile's identity; leave it out"));
        }
        if (request.queue() != null) {
            errors.add(new FieldError("queue", "is not supported: runs wait in their workspace's queue (conf " + WORKSPACE_CONF
                    + " names the workspace); leave it out"));
        }
        Map<String, String> conf = conf(request.conf(), errors);
        RunSpec.Entrypoint entrypoint = entrypoint(request.file(), request.className(), errors);
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        String workspace = conf.remove(WORKSPACE_CONF);
        String backend = conf.remove(BACKEND_CONF);
        String appName = conf.remove(APP_NAME);
        RunSpec.Shape driver = shape(request.driverCores(), request.driverMemory(), conf, DRIVER_CORES, DRIVER_MEMORY, errors);
        RunSpec.Shape executor = shape(request.executorCores(), request.executorMemory(), conf, EXECUTOR_CORES, EXECUTOR_MEMORY, errors);
        String confInstances = conf.remove(EXECUTOR_INSTANCES);
        Integer instances = request.numExecutors() != null ? request.numExecutors() : whole(confInstances, "conf." + EXECUTOR_INSTANCES, errors);
        RunSpec.Autoscaling autoscaling = autoscaling(instances, conf, errors);
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        RunSpec.Resources resources = driver == null && executor == null ? null : new RunSpec.Resources(driver, executor);
        RunSpec spec = new RunSpec(request.name() != null ? request.name() : appName, entrypoint, request.args(), request.pyFiles(),
                request.jars(), request.files(), request.archives(), conf.isEmpty() ? null : conf, resources, autoscaling, backend, null, null,
                null, workspace);
        return new Result(spec, List.of());
    }

    /**
     * A REST API field in an error, as the Livy request named it: {@code entrypoint.pythonFile} is
     * {@code file}, {@code resources.executor.memory} is {@code executorMemory}, {@code sparkConf.x}
     * is {@code conf.x}. One the Livy request has no name for stays as it is.
     */
    public static String livyField(String field) {
        if (field.equals("entrypoint") || field.startsWith("entrypoint.pythonFile") || field.startsWith("entrypoint.jar")) {
            return "file";
        }
        if (field.startsWith("entrypoint.mainClass")) {
            return "className";
        }
        if (field.equals("workspace")) {
            return "conf." + WORKSPACE_CONF;
        }
        if (field.equals("backend")) {
            return "conf." + BACKEND_CONF;
        }
        if (field.startsWith("sparkConf")) {
            return "conf" + field.substring("sparkConf".length());
        }
        if (field.startsWith("autoscaling")) {
            return "numExecutors";
        }
        for (String role : List.of("driver", "executor")) {
            String prefix = "resources." + role;
            if (field.startsWith(prefix + ".memory")) {
                return role + "Memory";
            }
            if (field.startsWith(prefix + ".cores")) {
                return role + "Cores";
            }
            if (field.startsWith(prefix)) {
                return role + "Memory";
            }
        }
        return field;
    }

    private static RunSpec.Entrypoint entrypoint(String file, String className, List<FieldError> errors) {
        if (file == null || file.isBlank()) {
            errors.add(new FieldError("file", "is required: the application's .py file or jar"));
            return null;
        }
        String lower = file.toLowerCase(Locale.ROOT);
        if (className != null && lower.endsWith(".py")) {
            errors.add(new FieldError("className", "goes with a jar; a Python file (file) takes none"));
            return null;
        }
        if (className != null) {
            return new RunSpec.Entrypoint(null, file, className);
        }
        if (lower.endsWith(".jar")) {
            errors.add(new FieldError("className", "is required with a jar: Sparkplane does not read the main class from the jar's manifest"));
            return null;
        }
        // anything else is taken for a Python file, whose rules (a .py name) the run's own checks hold it to
        return new RunSpec.Entrypoint(file, null, null);
    }

    /** The conf's values as Spark takes them (strings); numbers and booleans as Livy's clients send them. */
    private static Map<String, String> conf(Map<String, JsonNode> conf, List<FieldError> errors) {
        Map<String, String> values = new LinkedHashMap<>();
        if (conf == null) {
            return values;
        }
        conf.forEach((key, value) -> {
            if (value == null || value.isNull() || value.isContainerNode()) {
                errors.add(new FieldError("conf." + key, "must be a string, number or boolean"));
            } else if (value.isBigDecimal()) {
                // as written, not as a double prints it (1e3 is 1000, not 1000.0)
                values.put(key, value.decimalValue().stripTrailingZeros().toPlainString());
            } else {
                values.put(key, value.asText());
            }
        });
        return values;
    }

    /** The request's fields first, then the same sizes given as Spark properties; null when neither says anything. */
    private static RunSpec.Shape shape(Integer cores, String memory, Map<String, String> conf, String coresKey, String memoryKey,
            List<FieldError> errors) {
        String confCores = conf.remove(coresKey);
        String confMemory = conf.remove(memoryKey);
        Integer givenCores = cores != null ? cores : whole(confCores, "conf." + coresKey, errors);
        String givenMemory = memory != null ? sparkMemory(memory) : confMemory == null ? null : sparkMemory(confMemory);
        return givenCores == null && givenMemory == null ? null : new RunSpec.Shape(givenCores, givenMemory);
    }

    /**
     * A size in Spark's spellings as the run takes it ({@code m} or {@code g}): {@code 4GB} is
     * {@code 4g}, {@code 1t} is {@code 1024g}, {@code 4096k} is {@code 4m} (kibibytes rounded up to a
     * mebibyte). Anything else is passed on as given, for the run's own check to name.
     */
    static String sparkMemory(String given) {
        Matcher matcher = MEMORY.matcher(given.trim());
        if (!matcher.matches()) {
            return given;
        }
        long amount = Long.parseLong(matcher.group(1));
        switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
            case "k":
                return ((amount + 1023) / 1024) + "m";
            case "t":
                return (amount * 1024) + "g";
            default:
                return amount + matcher.group(2).toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A static count when one is given (Livy's numExecutors, as spark.executor.instances); else
     * Spark's dynamic allocation when the conf turns it on or bounds it; else the run's default.
     * Spark's dynamic allocation properties are taken out of the conf either way: the policy sets them.
     */
    private static RunSpec.Autoscaling autoscaling(Integer instances, Map<String, String> conf, List<FieldError> errors) {
        String enabled = conf.remove(DYNAMIC_ALLOCATION);
        conf.remove(DYNAMIC_INITIAL);
        Integer min = whole(conf.remove(DYNAMIC_MIN), "conf." + DYNAMIC_MIN, errors);
        Integer max = whole(conf.remove(DYNAMIC_MAX), "conf." + DYNAMIC_MAX, errors);
        if (instances != null) {
            // Livy's numExecutors is spark.executor.instances: that many executors throughout
            return new RunSpec.Autoscaling("static", instances, instances);
        }
        if ("true".equalsIgnoreCase(enabled) || min != null || max != null) {
            return new RunSpec.Autoscaling("dynamic-allocation", min, max);
        }
        return null;
    }

    private static Integer whole(String value, String field, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, "must be a whole number"));
            return null;
        }
    }
}
