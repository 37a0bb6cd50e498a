package io.sparkplane.controlplane.pool;

import static io.sparkplane.controlplane.api.RunSpecLimits.DEFAULT_CORES;
import static io.sparkplane.controlplane.api.RunSpecLimits.DEFAULT_MEMORY_MIB;
import static io.sparkplane.controlplane.api.RunSpecLimits.MAX_CORES;
import static io.sparkplane.controlplane.api.RunSpecLimits.MAX_MEMORY_MIB;
import static io.sparkplane.controlplane.api.RunSpecLimits.MIN_MEMORY_MIB;

import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.controlplane.run.RunDefinition;
import io.sparkplane.controlplane.run.SparkMemory;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The rules of a warm pool's settings, for the configuration's {@code sparkplane.warm-pools.<name>.*}
 * and the API's body alike: field by field, every error named. Pure.
 */
public final class WarmPoolRules {

    static final Pattern NAME = Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
    static final int MAX_SIZE = 50;
    static final int MAX_WORKERS = 64;
    static final Duration DEFAULT_IDLE_TTL = Duration.ofMinutes(30);
    static final Duration MIN_IDLE_TTL = Duration.ofMinutes(1);
    static final Duration MAX_IDLE_TTL = Duration.ofDays(30);
    /** What a run that sets no resources asks for: a pool of these shapes serves such runs. */
    static final int DEFAULT_WORKERS = 1;
    static final Set<String> KEYS = Set.of("workspace", "profile", "size", "idle-ttl", "workers", "driver-cores", "driver-memory",
            "executor-cores", "executor-memory");

    private WarmPoolRules() {}

    /** The settings as given, by field: absent ones are null. */
    public record Given(String workspace, String profile, Integer size, String idleTtl, Integer workers, Integer driverCores,
            String driverMemory, Integer executorCores, String executorMemory) {}

    /** A pool spec, or the errors of its fields (named with {@code prefix}). */
    public record Checked(Optional<WarmPoolSpec> spec, List<FieldError> errors) {}

    /** The configuration's {@code sparkplane.warm-pools.<name>.*}: text values, unknown keys refused. */
    public static Checked fromConfiguration(String name, Map<String, String> settings) {
        List<FieldError> errors = new ArrayList<>();
        String prefix = "sparkplane.warm-pools." + name + ".";
        for (String key : new TreeSet<>(settings.keySet())) {
            if (!KEYS.contains(key)) {
                errors.add(new FieldError(prefix + key, "unknown setting; one of: " + String.join(", ", new TreeSet<>(KEYS))));
            }
        }
        Given given = new Given(settings.get("workspace"), settings.get("profile"),
                integer(settings, "size", prefix, errors), settings.get("idle-ttl"), integer(settings, "workers", prefix, errors),
                integer(settings, "driver-cores", prefix, errors), settings.get("driver-memory"),
                integer(settings, "executor-cores", prefix, errors), settings.get("executor-memory"));
        Checked checked = check(name, given, new ConfigurationFields(prefix));
        errors.addAll(checked.errors());
        return new Checked(errors.isEmpty() ? checked.spec() : Optional.empty(), errors);
    }

    /** How each field is named in errors: the configuration's keys or the API body's paths. */
    interface Fields {
        String name();

        String of(String setting);
    }

    record ConfigurationFields(String prefix) implements Fields {
        @Override
        public String name() {
            return prefix.substring(0, prefix.length() - 1);
        }

        @Override
        public String of(String setting) {
            return prefix + setting;
        }
    }

    /** The API body's field paths. */
    record BodyFields() implements Fields {
        private static final Map<String, String> PATHS = Map.of("idle-ttl", "idleTtl", "driver-cores", "resources.driver.cores",
                "driver-memory", "resources.driver.memory", "executor-cores", "resources.executor.cores", "executor-memory",
                "resources.executor.memory");

        @Override
        public String name() {
            return "name";
        }

        @Override
        public String of(String setting) {
            return PATHS.getOrDefault(setting, setting);
        }
    }

    public static Checked fromBody(String name, Given given) {
        return check(name, given, new BodyFields());
    }

    static Checked check(String name, Given given, Fields fields) {
        List<FieldError> errors = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            errors.add(new FieldError(fields.name(), "must be 1 to 63 lower-case letters, digits and dashes, starting with a letter"));
        }
        if (given.workspace() == null || given.workspace().isBlank()) {
            errors.add(new FieldError(fields.of("workspace"), "is required: the workspace whose runs the pool serves"));
        }
        if (given.profile() == null || given.profile().isBlank()) {
            errors.add(new FieldError(fields.of("profile"), "is required: the engine profile whose clusters the pool starts"));
        }
        int size = given.size() == null ? 1 : given.size();
        if (size < 0 || size > MAX_SIZE) {
            errors.add(new FieldError(fields.of("size"), "must be between 0 and " + MAX_SIZE));
        }
        Duration idleTtl = DEFAULT_IDLE_TTL;
        if (given.idleTtl() != null) {
            try {
                idleTtl = Duration.parse(given.idleTtl().toUpperCase(Locale.ROOT));
                if (idleTtl.compareTo(MIN_IDLE_TTL) < 0 || idleTtl.compareTo(MAX_IDLE_TTL) > 0) {
                    errors.add(new FieldError(fields.of("idle-ttl"), "must be between PT1M and P30D"));
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldError(fields.of("idle-ttl"), "must be an ISO-8601 duration such as PT30M"));
            }
        }
        int workers = given.workers() == null ? DEFAULT_WORKERS : given.workers();
        if (workers < 0 || workers > MAX_WORKERS) {
            errors.add(new FieldError(fields.of("workers"), "must be between 0 and " + MAX_WORKERS));
        }
        RunDefinition.Shape driver = shape(given.driverCores(), given.driverMemory(), "driver", fields, errors);
        RunDefinition.Shape executor = shape(given.executorCores(), given.executorMemory(), "executor", fields, errors);
        if (!errors.isEmpty()) {
            return new Checked(Optional.empty(), errors);
        }
        return new Checked(Optional.of(new WarmPoolSpec(name, given.workspace(), given.profile(), size, idleTtl, workers, driver, executor)),
                List.of());
    }

    private static RunDefinition.Shape shape(Integer cores, String memory, String role, Fields fields, List<FieldError> errors) {
        int coreCount = cores == null ? DEFAULT_CORES : cores;
        boolean valid = true;
        if (coreCount < 1 || coreCount > MAX_CORES) {
            errors.add(new FieldError(fields.of(role + "-cores"), "must be between 1 and " + MAX_CORES));
            valid = false;
        }
        int mib = DEFAULT_MEMORY_MIB;
        String spelt = SparkMemory.format(DEFAULT_MEMORY_MIB);
        if (memory != null) {
            Optional<Integer> parsed = SparkMemory.mib(memory);
            if (parsed.isEmpty() || parsed.get() < MIN_MEMORY_MIB || parsed.get() > MAX_MEMORY_MIB) {
                errors.add(new FieldError(fields.of(role + "-memory"), "must be a Spark memory size between 256m and 512g"));
                valid = false;
            } else {
                mib = parsed.get();
                spelt = memory.toLowerCase(Locale.ROOT);
            }
        }
        return valid ? new RunDefinition.Shape(coreCount, mib, spelt) : null;
    }

    private static Integer integer(Map<String, String> settings, String key, String prefix, List<FieldError> errors) {
        String value = settings.get(key);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            errors.add(new FieldError(prefix + key, "must be a whole number"));
            return null;
        }
    }
}
