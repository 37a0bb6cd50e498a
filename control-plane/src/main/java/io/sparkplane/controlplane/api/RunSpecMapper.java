package io.sparkplane.controlplane.api;

import static io.sparkplane.controlplane.api.RunSpecLimits.DEFAULT_CORES;
import static io.sparkplane.controlplane.api.RunSpecLimits.DEFAULT_MAX_EXECUTORS;
import static io.sparkplane.controlplane.api.RunSpecLimits.DEFAULT_MEMORY_MIB;
import static io.sparkplane.controlplane.api.RunSpecLimits.DEFAULT_MIN_EXECUTORS;
import static io.sparkplane.controlplane.api.RunSpecLimits.DEFAULT_POLICY;
import static io.sparkplane.controlplane.api.RunSpecLimits.MAX_ARGS;
import static io.sparkplane.controlplane.api.RunSpecLimits.MAX_ARG_LENGTH;
import static io.sparkplane.controlplane.api.RunSpecLimits.MAX_CORES;
import static io.sparkplane.controlplane.api.RunSpecLimits.MAX_EXECUTORS;
import static io.sparkplane.controlplane.api.RunSpecLimits.MAX_FILES;
import static io.sparkplane.controlplane.api.RunSpecLimits.MAX_LABELS;
import static io.sparkplane.controlplane.api.RunSpecLimits.MAX_LABEL_VALUE_LENGTH;
import static io.sparkplane.controlplane.api.RunSpecLimits.MAX_LOCATION_LENGTH;
import static io.sparkplane.controlplane.api.RunSpecLimits.MAX_MAIN_CLASS_LENGTH;
import static io.sparkplane.controlplane.api.RunSpecLimits.MAX_MEMORY_MIB;
import static io.sparkplane.controlplane.api.RunSpecLimits.MAX_NAME_LENGTH;
import static io.sparkplane.controlplane.api.RunSpecLimits.MAX_RETRIES;
import static io.sparkplane.controlplane.api.RunSpecLimits.MAX_SPARK_CONF;
import static io.sparkplane.controlplane.api.RunSpecLimits.MAX_SPARK_CONF_KEY_LENGTH;
import static io.sparkplane.controlplane.api.RunSpecLimits.MAX_TIMEOUT_SECONDS;
import static io.sparkplane.controlplane.api.RunSpecLimits.MIN_MEMORY_MIB;
import static io.sparkplane.controlplane.api.RunSpecLimits.RESERVED_SPARK_CONF;

import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.controlplane.run.AutoscalingPolicy;
import io.sparkplane.controlplane.run.RunDefinition;
import io.sparkplane.controlplane.run.SparkMemory;
import io.sparkplane.controlplane.staging.RunInput;
import io.sparkplane.controlplane.staging.RunInputParser;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.SecretSparkConf;
import io.sparkplane.spi.engine.ServiceSparkConf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The REST API's {@link RunSpec} to the domain's {@link RunDefinition}, checking every rule of a
 * submit (bounds and defaults in {@link RunSpecLimits}, locations in {@link InputLocationRules})
 * and naming each error by its field path; and a definition back to the spec a shown run carries.
 * Pure: the same spec and backends give the same answer, so every rule is pinned by a unit test.
 */
public final class RunSpecMapper {

    private static final Pattern LABEL_KEY = Pattern.compile("^[a-z0-9]([a-z0-9._/-]{0,61}[a-z0-9])?$");
    private static final Pattern JAVA_CLASS_NAME = Pattern.compile("^[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*$");

    /**
     * What a submit must know of an engine profile.
     *
     * @param reservedSparkConf the Spark properties the profile sets for every run, which a run may not
     * @param serviceHosted the profile's service runs spark-submit itself from staged inputs (EMR): the
     *     run's Spark conf goes to that service's API, where it shows
     * @param stagingSchemes the staging schemes that service reads; empty: any
     * @param refusal what the profile's service said is wrong with it when its backend last tried to start
     */
    public record Backend(int maxExecutorsPerRun, Set<String> reservedSparkConf, boolean serviceHosted, Set<String> stagingSchemes,
            Optional<String> refusal) {
        public Backend {
            reservedSparkConf = Set.copyOf(reservedSparkConf);
            stagingSchemes = Set.copyOf(stagingSchemes);
            Objects.requireNonNull(refusal, "refusal is null");
        }

        /** A profile whose attempts a launcher runs. */
        public Backend(int maxExecutorsPerRun, Set<String> reservedSparkConf) {
            this(maxExecutorsPerRun, reservedSparkConf, false, Set.of(), Optional.empty());
        }
    }

    private final Map<String, Backend> backends;
    private final String defaultBackend;
    private final InputLocationRules locations;
    private final String stagingScheme;

    /**
     * @param backends the engine profiles runs may name
     * @param defaultBackend the profile of a run that names none
     * @param inputs what code and file locations runs may name
     * @param stagingScheme the scheme of the workspace's staging location ({@code s3}, {@code file})
     */
    public RunSpecMapper(Map<String, Backend> backends, String defaultBackend, RunInputParser inputs, String stagingScheme) {
        this.backends = Map.copyOf(backends);
        this.defaultBackend = defaultBackend;
        this.locations = new InputLocationRules(inputs);
        this.stagingScheme = stagingScheme;
    }

    /** For a workspace staging on {@code file://}. */
    public RunSpecMapper(Map<String, Backend> backends, String defaultBackend, RunInputParser inputs) {
        this(backends, defaultBackend, inputs, "file");
    }

    /** Either the definition or every error found, never both. */
    public record Result(RunDefinition definition, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    public Result toDefinition(RunSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        if (spec == null) {
            errors.add(new FieldError("$", "the body must be a JSON object describing the run"));
            return new Result(null, errors);
        }
        Entrypoint entrypoint = entrypoint(spec.entrypoint(), errors);
        String name = spec.name();
        if (name == null && entrypoint != null) {
            name = fileName(entrypoint.location());
        }
        if (name != null && (name.isBlank() || name.length() > MAX_NAME_LENGTH || hasControlCharacter(name))) {
            errors.add(new FieldError("name", "must be 1 to " + MAX_NAME_LENGTH + " printable characters"));
        }
        List<String> args = strings("args", spec.args(), MAX_ARGS, 0, MAX_ARG_LENGTH, errors);
        List<String> pyFiles = locations("pyFiles", spec.pyFiles(), errors);
        List<String> jars = locations("jars", spec.jars(), errors);
        List<String> files = locations("files", spec.files(), errors);
        List<String> archives = locations("archives", spec.archives(), errors);
        String backend = spec.backend() == null ? defaultBackend : spec.backend();
        Backend rules = backends.get(backend);
        if (rules == null) {
            errors.add(new FieldError("backend", "unknown backend '" + printable(backend) + "'; available: "
                    + String.join(", ", new TreeSet<>(backends.keySet()))));
        } else if (rules.refusal().isPresent()) {
            errors.add(new FieldError("backend", "engine profile " + backend + " cannot run jobs until its configuration is fixed: "
                    + rules.refusal().get()));
        } else if (rules.serviceHosted() && !rules.stagingSchemes().isEmpty() && !rules.stagingSchemes().contains(stagingScheme)) {
            errors.add(new FieldError("backend", "the " + backend + " backend's service reads a run's inputs from "
                    + String.join(" or ", new TreeSet<>(rules.stagingSchemes()).stream().map(scheme -> scheme + "://").toList())
                    + " staging, and this workspace stages on " + stagingScheme + "://: submit to a workspace whose staging location is there"));
        }
        Map<String, String> sparkConf = sparkConf(spec.sparkConf(), backend, rules, errors);
        RunDefinition.Resources resources = resources(spec.resources(), errors);
        AutoscalingPolicy autoscaling = autoscaling(spec.autoscaling(), errors);
        if (rules != null && autoscaling != null && autoscaling.maxExecutors() > rules.maxExecutorsPerRun()) {
            errors.add(new FieldError("autoscaling.maxExecutors", "the " + backend + " backend gives a run at most "
                    + rules.maxExecutorsPerRun() + " executors"));
        }
        Integer timeoutSeconds = spec.timeoutSeconds();
        if (timeoutSeconds != null && (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS)) {
            errors.add(new FieldError("timeoutSeconds", "must be between 1 and " + MAX_TIMEOUT_SECONDS + " (7 days)"));
        }
        int maxRetries = spec.maxRetries() == null ? 0 : spec.maxRetries();
        if (maxRetries < 0 || maxRetries > MAX_RETRIES) {
            errors.add(new FieldError("maxRetries", "must be between 0 and " + MAX_RETRIES));
        }
        Map<String, String> labels = labels(spec.labels(), errors);
        if (!errors.isEmpty()) {
            return new Result(null, List.copyOf(errors));
        }
        return new Result(new RunDefinition(name, entrypoint, args, pyFiles, jars, files, archives, sparkConf, resources, autoscaling,
                backend, Optional.ofNullable(timeoutSeconds).map(Duration::ofSeconds), maxRetries, labels), List.of());
    }

    /**
     * Every input of a valid definition by field path, parsed ({@code entrypoint.pythonFile},
     * {@code pyFiles[0]}, ...; an archive without its {@code #alias}).
     */
    public Map<String, RunInput> inputs(RunDefinition definition) {
        return locations.parse(definition.inputLocations());
    }

    /** The spec a shown run carries: its definition as the API spells it, secret Spark conf values hidden. */
    public static RunSpec toSpec(RunDefinition definition) {
        RunSpec.Entrypoint entrypoint = definition.entrypoint() instanceof Entrypoint.Jar jar
                ? new RunSpec.Entrypoint(null, jar.location(), jar.mainClass())
                : new RunSpec.Entrypoint(definition.entrypoint().location(), null, null);
        AutoscalingPolicy autoscaling = definition.autoscaling();
        return new RunSpec(definition.name(), entrypoint, definition.args(), definition.pyFiles(), definition.jars(), definition.files(),
                definition.archives(), SecretSparkConf.redacted(new TreeMap<>(definition.sparkConf())),
                new RunSpec.Resources(shape(definition.resources().driver()), shape(definition.resources().executor())),
                new RunSpec.Autoscaling(autoscaling.name(), autoscaling.minExecutors(), autoscaling.maxExecutors()),
                definition.backend(), definition.timeout().map(timeout -> (int) timeout.toSeconds()).orElse(null), definition.maxRetries(),
                new TreeMap<>(definition.labels()), null);
    }

    private static RunSpec.Shape shape(RunDefinition.Shape shape) {
        return new RunSpec.Shape(shape.cores(), shape.memory());
    }

    private Entrypoint entrypoint(RunSpec.Entrypoint entrypoint, List<FieldError> errors) {
        if (entrypoint == null) {
            errors.add(new FieldError("entrypoint", "is required: {\"pythonFile\": ...} or {\"jar\": ..., \"mainClass\": ...}"));
            return null;
        }
        boolean python = entrypoint.pythonFile() != null;
        boolean jar = entrypoint.jar() != null;
        if (python == jar) {
            errors.add(new FieldError("entrypoint", "give exactly one of pythonFile or jar"));
            return null;
        }
        int before = errors.size();
        if (python) {
            locations.check("entrypoint.pythonFile", entrypoint.pythonFile(), errors);
            if (errors.size() == before && !fileName(entrypoint.pythonFile()).endsWith(".py")) {
                errors.add(new FieldError("entrypoint.pythonFile", "must name a .py file (an artifact names it after its hash: "
                        + RunInputParser.ARTIFACT_PREFIX + "<hash>/job.py)"));
            }
            if (entrypoint.mainClass() != null) {
                errors.add(new FieldError("entrypoint.mainClass", "only goes with jar"));
            }
            return errors.size() == before ? new Entrypoint.PythonFile(entrypoint.pythonFile()) : null;
        }
        locations.check("entrypoint.jar", entrypoint.jar(), errors);
        if (entrypoint.mainClass() == null) {
            errors.add(new FieldError("entrypoint.mainClass", "is required with jar"));
        } else if (!JAVA_CLASS_NAME.matcher(entrypoint.mainClass()).matches() || entrypoint.mainClass().length() > MAX_MAIN_CLASS_LENGTH) {
            errors.add(new FieldError("entrypoint.mainClass", "must be a fully qualified Java class name"));
        }
        return errors.size() == before ? new Entrypoint.Jar(entrypoint.jar(), entrypoint.mainClass()) : null;
    }

    private List<String> locations(String field, List<String> values, List<FieldError> errors) {
        List<String> checked = strings(field, values, MAX_FILES, 1, MAX_LOCATION_LENGTH, errors);
        for (int i = 0; i < checked.size(); i++) {
            locations.check(field + "[" + i + "]", checked.get(i), errors);
        }
        return checked;
    }

    private static List<String> strings(String field, List<String> values, int maxItems, int minLength, int maxLength, List<FieldError> errors) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > maxItems) {
            errors.add(new FieldError(field, "at most " + maxItems + " items"));
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null) {
                errors.add(new FieldError(field + "[" + i + "]", "must be a string, not null"));
            } else if (value.length() < minLength || value.length() > maxLength) {
                errors.add(new FieldError(field + "[" + i + "]", "must be " + minLength + " to " + maxLength + " characters"));
            }
        }
        return values.stream().map(value -> value == null ? "" : value).toList();
    }

    private static Map<String, String> sparkConf(Map<String, String> sparkConf, String backend, Backend rules, List<FieldError> errors) {
        if (sparkConf == null) {
            return Map.of();
        }
        if (sparkConf.size() > MAX_SPARK_CONF) {
            errors.add(new FieldError("sparkConf", "at most " + MAX_SPARK_CONF + " entries"));
            return Map.of();
        }
        Map<String, String> sorted = new TreeMap<>();
        sparkConf.forEach((key, value) -> {
            String field = "sparkConf." + printable(key);
            if (!key.startsWith("spark.") || key.length() > MAX_SPARK_CONF_KEY_LENGTH || hasControlCharacter(key)) {
                errors.add(new FieldError(field, "Spark properties start with 'spark.'"));
            } else if (RESERVED_SPARK_CONF.contains(key)) {
                errors.add(new FieldError(field, "is set by Sparkplane and cannot be overridden"));
            } else if (rules != null && rules.reservedSparkConf().contains(key)) {
                errors.add(new FieldError(field, "is set by the " + backend + " backend for every run and cannot be overridden"));
            } else if (rules != null && rules.serviceHosted() && ServiceSparkConf.SIZED.contains(key)) {
                errors.add(new FieldError(field, "is set by Sparkplane from the run's resources and autoscaling bounds, which the "
                        + backend + " backend's service keeps to: set those instead"));
            } else if (rules != null && rules.serviceHosted() && SecretSparkConf.isSecret(key) && !namesAClass(key)) {
                errors.add(new FieldError(field, "looks like a secret, and the " + backend + " backend hands a run's Spark conf to its"
                        + " service, whose API shows it: give the job its access through the service's role"));
            } else if (value == null || value.length() > MAX_ARG_LENGTH) {
                errors.add(new FieldError(field, "must be a string of at most " + MAX_ARG_LENGTH + " characters"));
            } else {
                sorted.put(key, value);
            }
        });
        return sorted;
    }

    /** A credentials provider's key holds a class name, not a secret ({@code spark.hadoop.fs.s3a.aws.credentials.provider}). */
    private static boolean namesAClass(String key) {
        return key.toLowerCase(Locale.ROOT).endsWith("provider");
    }

    private static RunDefinition.Resources resources(RunSpec.Resources resources, List<FieldError> errors) {
        RunSpec.Resources given = resources == null ? new RunSpec.Resources(null, null) : resources;
        RunDefinition.Shape driver = shape("resources.driver", given.driver(), errors);
        RunDefinition.Shape executor = shape("resources.executor", given.executor(), errors);
        return driver == null || executor == null ? null : new RunDefinition.Resources(driver, executor);
    }

    private static RunDefinition.Shape shape(String field, RunSpec.Shape shape, List<FieldError> errors) {
        int cores = shape == null || shape.cores() == null ? DEFAULT_CORES : shape.cores();
        boolean valid = true;
        if (cores < 1 || cores > MAX_CORES) {
            errors.add(new FieldError(field + ".cores", "must be between 1 and " + MAX_CORES));
            valid = false;
        }
        int memoryMib = DEFAULT_MEMORY_MIB;
        String memory = SparkMemory.format(DEFAULT_MEMORY_MIB);
        if (shape != null && shape.memory() != null) {
            Optional<Integer> parsed = SparkMemory.mib(shape.memory());
            if (parsed.isEmpty()) {
                errors.add(new FieldError(field + ".memory", "must be a Spark memory size like 512m or 4g"));
                valid = false;
            } else if (parsed.get() < MIN_MEMORY_MIB || parsed.get() > MAX_MEMORY_MIB) {
                errors.add(new FieldError(field + ".memory", "must be between 256m and 512g"));
                valid = false;
            } else {
                memoryMib = parsed.get();
                memory = shape.memory().toLowerCase(Locale.ROOT);
            }
        }
        return valid ? new RunDefinition.Shape(cores, memoryMib, memory) : null;
    }

    private static AutoscalingPolicy autoscaling(RunSpec.Autoscaling autoscaling, List<FieldError> errors) {
        RunSpec.Autoscaling given = autoscaling == null ? new RunSpec.Autoscaling(null, null, null) : autoscaling;
        String policy = given.policy() == null ? DEFAULT_POLICY : given.policy();
        int min = given.minExecutors() == null
                ? Math.min(DEFAULT_MIN_EXECUTORS, given.maxExecutors() == null ? DEFAULT_MIN_EXECUTORS : given.maxExecutors())
                : given.minExecutors();
        int max = given.maxExecutors() == null ? Math.max(DEFAULT_MAX_EXECUTORS, min) : given.maxExecutors();
        boolean valid = true;
        if (!AutoscalingPolicy.NAMES.contains(policy)) {
            errors.add(new FieldError("autoscaling.policy", "unknown policy '" + printable(policy) + "'; one of: "
                    + String.join(", ", AutoscalingPolicy.NAMES)));
            valid = false;
        }
        if (min < 0 || min > MAX_EXECUTORS) {
            errors.add(new FieldError("autoscaling.minExecutors", "must be between 0 and " + MAX_EXECUTORS));
            valid = false;
        }
        if (max < 1 || max > MAX_EXECUTORS) {
            errors.add(new FieldError("autoscaling.maxExecutors", "must be between 1 and " + MAX_EXECUTORS));
            return null;
        }
        if (valid && min > max) {
            errors.add(new FieldError("autoscaling.minExecutors", "must not exceed maxExecutors (" + max + ")"));
            valid = false;
        }
        // an unknown policy still has bounds the backend's limit is checked against
        return valid ? AutoscalingPolicy.of(policy, min, max).orElseThrow() : new AutoscalingPolicy.Static(0, max);
    }

    private static Map<String, String> labels(Map<String, String> labels, List<FieldError> errors) {
        if (labels == null) {
            return Map.of();
        }
        if (labels.size() > MAX_LABELS) {
            errors.add(new FieldError("labels", "at most " + MAX_LABELS + " labels"));
            return Map.of();
        }
        Map<String, String> sorted = new TreeMap<>();
        labels.forEach((key, value) -> {
            if (!LABEL_KEY.matcher(key).matches()) {
                errors.add(new FieldError("labels." + printable(key), "keys are 1 to 63 of a-z 0-9 . _ / -, starting and ending alphanumeric"));
            } else if (value == null || value.length() > MAX_LABEL_VALUE_LENGTH || hasControlCharacter(value)) {
                errors.add(new FieldError("labels." + key, "values are strings of at most " + MAX_LABEL_VALUE_LENGTH + " printable characters"));
            } else {
                sorted.put(key, value);
            }
        });
        return sorted;
    }

    private static String fileName(String location) {
        String trimmed = location.replaceAll("/+$", "");
        int slash = trimmed.lastIndexOf('/');
        String name = slash >= 0 ? trimmed.substring(slash + 1) : trimmed;
        return name.isEmpty() ? "run" : name.length() > MAX_NAME_LENGTH ? name.substring(0, MAX_NAME_LENGTH) : name;
    }

    static boolean hasControlCharacter(String value) {
        return value.chars().anyMatch(Character::isISOControl);
    }

    static String printable(String value) {
        String cleaned = value.replaceAll("\\p{Cntrl}", "?");
        return cleaned.length() > 80 ? cleaned.substring(0, 80) + "..." : cleaned;
    }
}
