package io.sparkplane.controlplane.job;

import io.sparkplane.controlplane.problem.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a job as sent ({@link JobSpec}) and fills in its defaults ({@link JobDefinition}), naming
 * each error by its field. Pure. The run template's own rules (engine profile, sizes, locations) are
 * the runs API's, checked where the workspace is known.
 */
public final class JobRules {

    static final int MAX_NAME_LENGTH = 128;
    static final int MAX_DESCRIPTION_LENGTH = 1000;
    static final int MAX_PARAMETERS = 64;
    static final int MAX_CONCURRENT_RUNS = 1000;
    static final int MAX_LABELS = 32;
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern LABEL_KEY = Pattern.compile("[a-z0-9]([a-z0-9._/-]{0,61}[a-z0-9])?");

    private JobRules() {}

    public record Result(JobDefinition definition, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    public static Result check(JobSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        if (spec.name() == null || spec.name().isBlank()) {
            errors.add(new FieldError("name", "required: the job's name, unique in its workspace"));
        } else {
            text("name", spec.name(), MAX_NAME_LENGTH, false, errors);
        }
        if (spec.description() != null) {
            text("description", spec.description(), MAX_DESCRIPTION_LENGTH, true, errors);
        }
        List<JobParameter> parameters = spec.parameters() == null ? List.of() : spec.parameters();
        Set<String> names = new LinkedHashSet<>();
        if (parameters.size() > MAX_PARAMETERS) {
            errors.add(new FieldError("parameters", "at most " + MAX_PARAMETERS + " parameters"));
        }
        for (int i = 0; i < parameters.size(); i++) {
            JobParameter parameter = parameters.get(i);
            String field = "parameters[" + i + "]";
            if (parameter == null) {
                errors.add(new FieldError(field, "must be an object with a name"));
                continue;
            }
            if (parameter.name() == null || !PARAMETER_NAME.matcher(parameter.name()).matches()) {
                errors.add(new FieldError(field + ".name", "required: a letter or underscore, then up to 63 letters, digits and underscores"));
            } else if (!names.add(parameter.name())) {
                errors.add(new FieldError(field + ".name", "names '" + parameter.name() + "' a second time"));
            }
            if (parameter.defaultValue() != null) {
                text(field + ".default", parameter.defaultValue(), JobTemplates.MAX_VALUE_LENGTH, true, errors);
            }
            if (parameter.description() != null) {
                text(field + ".description", parameter.description(), MAX_DESCRIPTION_LENGTH, true, errors);
            }
        }
        if (spec.template() == null) {
            errors.add(new FieldError("template", "required: the run each start of the job makes, as POST /api/v1/runs takes it"));
        } else {
            if (spec.template().workspace() != null) {
                errors.add(new FieldError("template.workspace", "a job's runs are in the job's workspace: set workspace on the job, not in its template"));
            }
            errors.addAll(JobTemplates.unknownPlaceholders(spec.template(), names));
        }
        int maxConcurrentRuns = spec.maxConcurrentRuns() == null ? JobDefinition.DEFAULT_MAX_CONCURRENT_RUNS : spec.maxConcurrentRuns();
        if (maxConcurrentRuns < 1 || maxConcurrentRuns > MAX_CONCURRENT_RUNS) {
            errors.add(new FieldError("maxConcurrentRuns", "must be 1 to " + MAX_CONCURRENT_RUNS));
        }
        ConcurrencyPolicy policy = ConcurrencyPolicy.QUEUE;
        if (spec.concurrencyPolicy() != null) {
            try {
                policy = ConcurrencyPolicy.valueOf(spec.concurrencyPolicy());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("concurrencyPolicy", "one of " + List.of(ConcurrencyPolicy.values()) + ", not '"
                        + printable(spec.concurrencyPolicy()) + "'"));
            }
        }
        Map<String, String> labels = spec.labels() == null ? Map.of() : spec.labels();
        if (labels.size() > MAX_LABELS) {
            errors.add(new FieldError("labels", "at most " + MAX_LABELS + " labels"));
        }
        labels.forEach((key, value) -> {
            if (!LABEL_KEY.matcher(key).matches()) {
                errors.add(new FieldError("labels", "key '" + printable(key) + "' must be 1 to 63 lower-case letters, digits, '.', '_', '/' or '-',"
                        + " starting and ending with a letter or digit"));
            } else if (value == null) {
                errors.add(new FieldError("labels." + key, "must be a string"));
            } else {
                text("labels." + key, value, 63, false, errors);
            }
        });
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        return new Result(new JobDefinition(spec.name(), Optional.ofNullable(spec.description()), spec.template(), List.copyOf(parameters),
                maxConcurrentRuns, policy, new LinkedHashMap<>(labels)), List.of());
    }

    private static void text(String field, String value, int maxLength, boolean lines, List<FieldError> errors) {
        if (value.length() > maxLength) {
            errors.add(new FieldError(field, "at most " + maxLength + " characters"));
        }
        boolean control = value.chars().anyMatch(c -> Character.isISOControl(c) && !(lines && (c == '\n' || c == '\t' || c == '\r')));
        if (control) {
            errors.add(new FieldError(field, "must not contain control characters"));
        }
    }

    /** A value as an error may show it: shortened, control characters as '?'. */
    static String printable(String value) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return shown.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
