package io.sparkplane.controlplane.api;

import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.controlplane.staging.RunInput;
import io.sparkplane.controlplane.staging.RunInputParser;
import io.sparkplane.controlplane.workspace.Workspaces;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks a submit request and fills its defaults. Pure: the same request and backend names give
 * the same answer, so every rule is pinned by a unit test.
 */
public final class RunRequestValidator {

    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_LOCATION_LENGTH = 4096;
    public static final int MAX_ARGS = 1000;
    public static final int MAX_ARG_LENGTH = 65_536;
    public static final int MAX_FILES = 100;
    public static final int MAX_SPARK_CONF = 200;
    public static final int MAX_CORES = 64;
    public static final int MAX_EXECUTORS = 1000;
    public static final int MIN_MEMORY_MIB = 256;
    public static final int MAX_MEMORY_MIB = 512 * 1024;
    public static final int MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;
    public static final int MAX_RETRIES = 10;
    public static final int MAX_LABELS = 32;
    public static final int MAX_LABEL_VALUE_LENGTH = 63;
    public static final SubmitRunRequest.Shape DEFAULT_SHAPE = new SubmitRunRequest.Shape(1, "1g");
    public static final int DEFAULT_MIN_EXECUTORS = 1;
    public static final int DEFAULT_MAX_EXECUTORS = 2;
    public static final String DEFAULT_POLICY = "backlog";
    public static final List<String> POLICIES = List.of("backlog", "dynamic-allocation", "static");

    /** Set by Sparkplane itself; a run may not override them. */
    public static final Set<String> RESERVED_SPARK_CONF = Set.of("spark.master", "spark.submit.deployMode", "spark.app.name",
            // the cluster's shape and its scaling are Sparkplane's: set them with resources and autoscaling
            "spark.executor.cores", "spark.executor.memory", "spark.executor.instances", "spark.dynamicAllocation.enabled",
            "spark.decommission.enabled");

    private static final Pattern MEMORY = Pattern.compile("^([1-9][0-9]{0,6})([mMgG])$");
    private static final Pattern LABEL_KEY = Pattern.compile("^[a-z0-9]([a-z0-9._/-]{0,61}[a-z0-9])?$");
    private static final Pattern JAVA_CLASS_NAME = Pattern.compile("^[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*$");

    private static final Pattern ARCHIVE_ALIAS = Pattern.compile("[A-Za-z0-9._-]{1,255}");

    private final Map<String, Integer> maxExecutorsByBackend;
    private final String defaultBackend;
    private final RunInputParser inputs;

    /**
     * @param maxExecutorsByBackend the backends runs may name, each with the most executors it gives one run
     * @param defaultBackend the backend of a run that names none
     * @param inputs what code and file locations runs may name
     */
    public RunRequestValidator(Map<String, Integer> maxExecutorsByBackend, String defaultBackend, RunInputParser inputs) {
        this.maxExecutorsByBackend = Map.copyOf(maxExecutorsByBackend);
        this.defaultBackend = defaultBackend;
        this.inputs = inputs;
    }

    /**
     * Every input of a valid request by field path, parsed ({@code entrypoint.pythonFile},
     * {@code pyFiles[0]}, ...; an archive without its {@code #alias}).
     */
    public Map<String, RunInput> inputs(SubmitRunRequest normalized) {
        Map<String, RunInput> parsed = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> entry : locationsByField(normalized).entrySet()) {
            try {
                parsed.put(entry.getKey(), inputs.parse(withoutAlias(entry.getKey(), entry.getValue())));
            } catch (RunInputParser.InvalidInputException e) {
                throw new IllegalArgumentException(entry.getKey() + ": " + e.getMessage(), e);
            }
        }
        return parsed;
    }

    /** Every location a request names, by field path, in the order the engine fetches them. */
    public static Map<String, String> locationsByField(SubmitRunRequest request) {
        Map<String, String> locations = new java.util.LinkedHashMap<>();
        SubmitRunRequest.Entrypoint entrypoint = request.entrypoint();
        if (entrypoint != null && entrypoint.pythonFile() != null) {
            locations.put("entrypoint.pythonFile", entrypoint.pythonFile());
        }
        if (entrypoint != null && entrypoint.jar() != null) {
            locations.put("entrypoint.jar", entrypoint.jar());
        }
        put(locations, "pyFiles", request.pyFiles());
        put(locations, "jars", request.jars());
        put(locations, "files", request.files());
        put(locations, "archives", request.archives());
        return locations;
    }

    private static void put(Map<String, String> locations, String field, List<String> values) {
        if (values != null) {
            for (int i = 0; i < values.size(); i++) {
                locations.put(field + "[" + i + "]", values.get(i));
            }
        }
    }

    /** An archive may end in {@code #alias}, the directory name Spark unpacks it to; the rest is its location. */
    private static String withoutAlias(String field, String value) {
        int hash = value.lastIndexOf('#');
        return field.startsWith("archives[") && hash > 0 ? value.substring(0, hash) : value;
    }

    /** Either the normalized request or every error found, never both. */
    public record Result(SubmitRunRequest normalized, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    public Result validate(SubmitRunRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null) {
            errors.add(new FieldError("$", "the body must be a JSON object describing the run"));
            return new Result(null, errors);
        }
        SubmitRunRequest.Entrypoint entrypoint = entrypoint(request.entrypoint(), errors);
        String name = request.name();
        if (name == null && entrypoint != null) {
            name = fileName(entrypoint.pythonFile() != null ? entrypoint.pythonFile() : entrypoint.jar());
        }
        if (name != null && (name.isBlank() || name.length() > MAX_NAME_LENGTH || hasControlCharacter(name))) {
            errors.add(new FieldError("name", "must be 1 to " + MAX_NAME_LENGTH + " printable characters"));
        }
        List<String> args = strings("args", request.args(), MAX_ARGS, 0, MAX_ARG_LENGTH, errors);
        List<String> pyFiles = strings("pyFiles", request.pyFiles(), MAX_FILES, 1, MAX_LOCATION_LENGTH, errors);
        List<String> jars = strings("jars", request.jars(), MAX_FILES, 1, MAX_LOCATION_LENGTH, errors);
        List<String> files = strings("files", request.files(), MAX_FILES, 1, MAX_LOCATION_LENGTH, errors);
        List<String> archives = strings("archives", request.archives(), MAX_FILES, 1, MAX_LOCATION_LENGTH, errors);
        locations("pyFiles", pyFiles, errors);
        locations("jars", jars, errors);
        locations("files", files, errors);
        locations("archives", archives, errors);
        Map<String, String> sparkConf = sparkConf(request.sparkConf(), errors);
        SubmitRunRequest.Resources resources = resources(request.resources(), errors);
        SubmitRunRequest.Autoscaling autoscaling = autoscaling(request.autoscaling(), errors);
        String backend = request.backend() == null ? defaultBackend : request.backend();
        if (!maxExecutorsByBackend.containsKey(backend)) {
            errors.add(new FieldError("backend", "unknown backend '" + printable(backend) + "'; available: "
                    + String.join(", ", new java.util.TreeSet<>(maxExecutorsByBackend.keySet()))));
        } else if (autoscaling.maxExecutors() <= MAX_EXECUTORS && autoscaling.maxExecutors() > maxExecutorsByBackend.get(backend)) {
            errors.add(new FieldError("autoscaling.maxExecutors", "the " + backend + " backend gives a run at most "
                    + maxExecutorsByBackend.get(backend) + " executors"));
        }
        Integer timeoutSeconds = request.timeoutSeconds();
        if (timeoutSeconds != null && (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS)) {
            errors.add(new FieldError("timeoutSeconds", "must be between 1 and " + MAX_TIMEOUT_SECONDS + " (7 days)"));
        }
        int maxRetries = request.maxRetries() == null ? 0 : request.maxRetries();
        if (maxRetries < 0 || maxRetries > MAX_RETRIES) {
            errors.add(new FieldError("maxRetries", "must be between 0 and " + MAX_RETRIES));
        }
        Map<String, String> labels = labels(request.labels(), errors);
        if (!errors.isEmpty()) {
            return new Result(null, List.copyOf(errors));
        }
        SubmitRunRequest normalized = new SubmitRunRequest(name, entrypoint, args, pyFiles, jars, files, archives, sparkConf,
                resources, autoscaling, backend, timeoutSeconds, maxRetries, labels,
                request.workspace() == null ? Workspaces.DEFAULT : request.workspace());
        return new Result(normalized, List.of());
    }

    /** Parses Spark-style memory ({@code 512m}, {@code 2g}) to MiB. */
    public static int memoryMib(String memory) {
        var matcher = MEMORY.matcher(memory);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a memory size: " + memory);
        }
        long amount = Long.parseLong(matcher.group(1));
        long mib = matcher.group(2).toLowerCase(Locale.ROOT).equals("g") ? amount * 1024 : amount;
        return (int) Math.min(Integer.MAX_VALUE, mib);
    }

    private SubmitRunRequest.Entrypoint entrypoint(SubmitRunRequest.Entrypoint entrypoint, List<FieldError> errors) {
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
            int known = errors.size();
            location("entrypoint.pythonFile", entrypoint.pythonFile(), errors);
            if (errors.size() == known && !fileName(entrypoint.pythonFile()).endsWith(".py")) {
                errors.add(new FieldError("entrypoint.pythonFile", "must name a .py file (an artifact names it after its hash: "
                        + RunInputParser.ARTIFACT_PREFIX + "<hash>/job.py)"));
            }
            if (entrypoint.mainClass() != null) {
                errors.add(new FieldError("entrypoint.mainClass", "only goes with jar"));
            }
        } else {
            location("entrypoint.jar", entrypoint.jar(), errors);
            if (entrypoint.mainClass() == null) {
                errors.add(new FieldError("entrypoint.mainClass", "is required with jar"));
            } else if (!JAVA_CLASS_NAME.matcher(entrypoint.mainClass()).matches() || entrypoint.mainClass().length() > 1000) {
                errors.add(new FieldError("entrypoint.mainClass", "must be a fully qualified Java class name"));
            }
        }
        return errors.size() == before ? entrypoint : null;
    }

    private void locations(String field, List<String> values, List<FieldError> errors) {
        for (int i = 0; i < values.size(); i++) {
            location(field + "[" + i + "]", values.get(i), errors);
        }
    }

    /** An artifact, an allowed store or web URI, or (in development) a local path under an allowed root. */
    private void location(String field, String value, List<FieldError> errors) {
        if (value.isEmpty() || value.length() > MAX_LOCATION_LENGTH || hasControlCharacter(value)) {
            errors.add(new FieldError(field, "must be 1 to " + MAX_LOCATION_LENGTH + " printable characters"));
            return;
        }
        int hash = value.lastIndexOf('#');
        if (field.startsWith("archives[") && hash > 0) {
            String alias = value.substring(hash + 1);
            if (!ARCHIVE_ALIAS.matcher(alias).matches() || alias.equals(".") || alias.equals("..")) {
                errors.add(new FieldError(field, "the alias after '#' must be 1 to 255 letters, digits or ._- (the directory the archive is unpacked to)"));
                return;
            }
        }
        try {
            inputs.parse(withoutAlias(field, value));
        } catch (RunInputParser.InvalidInputException e) {
            errors.add(new FieldError(field, "'" + printable(value) + "': " + e.getMessage()));
        }
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

    private static Map<String, String> sparkConf(Map<String, String> sparkConf, List<FieldError> errors) {
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
            if (!key.startsWith("spark.") || key.length() > 256 || hasControlCharacter(key)) {
                errors.add(new FieldError(field, "Spark properties start with 'spark.'"));
            } else if (RESERVED_SPARK_CONF.contains(key)) {
                errors.add(new FieldError(field, "is set by Sparkplane and cannot be overridden"));
            } else if (value == null || value.length() > MAX_ARG_LENGTH) {
                errors.add(new FieldError(field, "must be a string of at most " + MAX_ARG_LENGTH + " characters"));
            } else {
                sorted.put(key, value);
            }
        });
        return sorted;
    }

    private static SubmitRunRequest.Resources resources(SubmitRunRequest.Resources resources, List<FieldError> errors) {
        SubmitRunRequest.Resources given = resources == null ? new SubmitRunRequest.Resources(null, null) : resources;
        SubmitRunRequest.Shape driver = shape("resources.driver", given.driver(), errors);
        SubmitRunRequest.Shape executor = shape("resources.executor", given.executor(), errors);
        return new SubmitRunRequest.Resources(driver, executor);
    }

    private static SubmitRunRequest.Autoscaling autoscaling(SubmitRunRequest.Autoscaling autoscaling, List<FieldError> errors) {
        SubmitRunRequest.Autoscaling given = autoscaling == null ? new SubmitRunRequest.Autoscaling(null, null, null) : autoscaling;
        String policy = given.policy() == null ? DEFAULT_POLICY : given.policy();
        if (!POLICIES.contains(policy)) {
            errors.add(new FieldError("autoscaling.policy", "unknown policy '" + printable(policy) + "'; one of: " + String.join(", ", POLICIES)));
        }
        int min = given.minExecutors() == null ? Math.min(DEFAULT_MIN_EXECUTORS, given.maxExecutors() == null ? DEFAULT_MIN_EXECUTORS : given.maxExecutors()) : given.minExecutors();
        int max = given.maxExecutors() == null ? Math.max(DEFAULT_MAX_EXECUTORS, min) : given.maxExecutors();
        boolean boundsValid = true;
        if (min < 0 || min > MAX_EXECUTORS) {
            errors.add(new FieldError("autoscaling.minExecutors", "must be between 0 and " + MAX_EXECUTORS));
            boundsValid = false;
        }
        if (max < 1 || max > MAX_EXECUTORS) {
            errors.add(new FieldError("autoscaling.maxExecutors", "must be between 1 and " + MAX_EXECUTORS));
            boundsValid = false;
        }
        if (boundsValid && min > max) {
            errors.add(new FieldError("autoscaling.minExecutors", "must not exceed maxExecutors (" + max + ")"));
        }
        return new SubmitRunRequest.Autoscaling(policy, min, max);
    }

    private static SubmitRunRequest.Shape shape(String field, SubmitRunRequest.Shape shape, List<FieldError> errors) {
        if (shape == null) {
            return DEFAULT_SHAPE;
        }
        int cores = shape.cores() == null ? DEFAULT_SHAPE.cores() : shape.cores();
        if (cores < 1 || cores > MAX_CORES) {
            errors.add(new FieldError(field + ".cores", "must be between 1 and " + MAX_CORES));
        }
        String memory = shape.memory() == null ? DEFAULT_SHAPE.memory() : shape.memory();
        if (!MEMORY.matcher(memory).matches()) {
            errors.add(new FieldError(field + ".memory", "must be a Spark memory size like 512m or 4g"));
        } else {
            int mib = memoryMib(memory);
            if (mib < MIN_MEMORY_MIB || mib > MAX_MEMORY_MIB) {
                errors.add(new FieldError(field + ".memory", "must be between 256m and 512g"));
            }
        }
        return new SubmitRunRequest.Shape(cores, memory.toLowerCase(Locale.ROOT));
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

    private static boolean hasControlCharacter(String value) {
        return value.chars().anyMatch(Character::isISOControl);
    }

    private static String printable(String value) {
        String cleaned = value.replaceAll("\\p{Cntrl}", "?");
        return cleaned.length() > 80 ? cleaned.substring(0, 80) + "..." : cleaned;
    }
}
