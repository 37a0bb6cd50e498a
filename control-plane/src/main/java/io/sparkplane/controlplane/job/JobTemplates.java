package io.sparkplane.controlplane.job;

import io.sparkplane.controlplane.api.RunSpec;
import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.spi.engine.SecretSparkConf;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job's run template and its parameters: which {@code {{name}}} placeholders a template holds, the
 * values a start gives them, and the run spec they make. Pure.
 *
 * <p>Placeholders may stand in the run's name, its args, its sparkConf values and its labels' values:
 * what changes between runs of one job (dates, paths, sizes), not its code or engine profile, so a
 * job's template is checked once as a whole when it is saved. Besides the job's own parameters, two
 * are always there: {@code {{sparkplane.fireTime}}} (the instant a schedule fired for, or the start's
 * own for a start through the API, ISO-8601) and {@code {{sparkplane.fireDate}}} (its date in the
 * schedule's time zone, UTC otherwise), as a scheduled job that processes "yesterday" needs. A
 * parameter's value (its default, or a start's or a schedule's) may name these two as well.
 */
public final class JobTemplates {

    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.]*)\\s*\\}\\}");
    public static final String FIRE_TIME = "sparkplane.fireTime";
    public static final String FIRE_DATE = "sparkplane.fireDate";
    static final Set<String> BUILT_IN = Set.of(FIRE_TIME, FIRE_DATE);
    static final int MAX_VALUE_LENGTH = 4096;

    private JobTemplates() {}

    /** Errors for each placeholder of the template that names no parameter of the job, at its field. */
    public static List<FieldError> unknownPlaceholders(RunSpec template, Set<String> parameters) {
        List<FieldError> errors = new ArrayList<>();
        forEachText(template, (field, text) -> {
            Matcher matcher = PLACEHOLDER.matcher(text);
            while (matcher.find()) {
                String name = matcher.group(1);
                if (!parameters.contains(name) && !BUILT_IN.contains(name)) {
                    errors.add(new FieldError("template." + field, "names {{" + name + "}}, which is not a parameter of the job"
                            + (parameters.isEmpty() ? " (it has none)" : "; its parameters: " + String.join(", ", parameters))));
                }
            }
            return text;
        });
        return errors;
    }

    /**
     * The parameters whose values reach a secret-looking sparkConf value ({@code "spark.hadoop.fs.s3a.secret.key":
     * "{{s3_secret}}"}): their defaults and schedules' values are shown as {@code ***}, as that conf value is.
     */
    public static Set<String> secretParameters(RunSpec template) {
        Set<String> secret = new LinkedHashSet<>();
        if (template != null && template.sparkConf() != null) {
            template.sparkConf().forEach((key, value) -> {
                if (value != null && SecretSparkConf.isSecret(key)) {
                    Matcher matcher = PLACEHOLDER.matcher(value);
                    while (matcher.find()) {
                        secret.add(matcher.group(1));
                    }
                }
            });
        }
        return secret;
    }

    /** The values of one start: each parameter's given value, else its default; and the built-in ones. */
    public record Values(Map<String, String> values, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * @param given    the start's values, by parameter name ({@code parameters.<name>} in errors)
     * @param fireTime the instant the start is for
     * @param zone     the zone of {@code fireDate}
     */
    public static Values values(List<JobParameter> declared, Map<String, String> given, Instant fireTime, ZoneId zone) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> names = new LinkedHashSet<>();
        declared.forEach(parameter -> names.add(parameter.name()));
        for (Map.Entry<String, String> entry : given.entrySet()) {
            String field = "parameters." + entry.getKey();
            if (!names.contains(entry.getKey())) {
                errors.add(new FieldError(field, "the job has no parameter '" + entry.getKey() + "'"
                        + (names.isEmpty() ? " (it has none)" : "; its parameters: " + String.join(", ", names))));
            } else if (entry.getValue() == null) {
                errors.add(new FieldError(field, "must be a string, not null (leave the parameter out for its default)"));
            } else if (entry.getValue().length() > MAX_VALUE_LENGTH) {
                errors.add(new FieldError(field, "at most " + MAX_VALUE_LENGTH + " characters"));
            }
        }
        Map<String, String> builtIn = Map.of(FIRE_TIME, DateTimeFormatter.ISO_INSTANT.format(fireTime),
                FIRE_DATE, DateTimeFormatter.ISO_LOCAL_DATE.format(fireTime.atZone(zone)));
        for (JobParameter parameter : declared) {
            String value = given.get(parameter.name());
            if (value == null && !given.containsKey(parameter.name())) {
                value = parameter.defaultValue();
                if (value == null) {
                    errors.add(new FieldError("parameters." + parameter.name(), "required: the job's parameter has no default"));
                }
            }
            // a value may name the built-in ones ("out/{{sparkplane.fireDate}}"), not other parameters
            values.put(parameter.name(), value == null ? null : substitute(value, builtIn));
        }
        values.putAll(builtIn);
        return new Values(values, errors);
    }

    /** The run spec of one start: the template with each placeholder replaced, named for the job when the template names no run. */
    public static RunSpec instantiate(RunSpec template, Map<String, String> values, String jobName) {
        RunSpec filled = mapTexts(template, text -> substitute(text, values));
        if (filled.name() != null) {
            return filled;
        }
        return new RunSpec(jobName, filled.entrypoint(), filled.args(), filled.pyFiles(), filled.jars(), filled.files(), filled.archives(),
                filled.sparkConf(), filled.resources(), filled.autoscaling(), filled.backend(), filled.timeoutSeconds(), filled.maxRetries(),
                filled.labels(), filled.workspace());
    }

    static String substitute(String text, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            // checked when the job was saved; one that is not known stays as written, and the run's own rules judge it
            matcher.appendReplacement(result, Matcher.quoteReplacement(value == null ? matcher.group() : value));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private interface FieldText {
        String apply(String field, String text);
    }

    private static void forEachText(RunSpec template, FieldText visit) {
        if (template.name() != null) {
            visit.apply("name", template.name());
        }
        if (template.args() != null) {
            for (int i = 0; i < template.args().size(); i++) {
                if (template.args().get(i) != null) {
                    visit.apply("args[" + i + "]", template.args().get(i));
                }
            }
        }
        if (template.sparkConf() != null) {
            template.sparkConf().forEach((key, value) -> {
                if (value != null) {
                    visit.apply("sparkConf." + key, value);
                }
            });
        }
        if (template.labels() != null) {
            template.labels().forEach((key, value) -> {
                if (value != null) {
                    visit.apply("labels." + key, value);
                }
            });
        }
    }

    private static RunSpec mapTexts(RunSpec template, UnaryOperator<String> map) {
        List<String> args = template.args() == null ? null : template.args().stream().map(arg -> arg == null ? null : map.apply(arg)).toList();
        return new RunSpec(template.name() == null ? null : map.apply(template.name()), template.entrypoint(), args, template.pyFiles(),
                template.jars(), template.files(), template.archives(), mapValues(template.sparkConf(), map), template.resources(),
                template.autoscaling(), template.backend(), template.timeoutSeconds(), template.maxRetries(), mapValues(template.labels(), map),
                template.workspace());
    }

    private static Map<String, String> mapValues(Map<String, String> values, UnaryOperator<String> map) {
        if (values == null) {
            return null;
        }
        Map<String, String> mapped = new LinkedHashMap<>();
        values.forEach((key, value) -> mapped.put(key, value == null ? null : map.apply(value)));
        return mapped;
    }
}
