package io.sparkplane.controlplane.api;

import static io.sparkplane.controlplane.api.RunSpecLimits.MAX_LOCATION_LENGTH;

import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.controlplane.staging.RunInput;
import io.sparkplane.controlplane.staging.RunInputParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a run's code and file fields may hold, field by field: printable text of a bounded length,
 * an archive's {@code #alias}, and a location its workspace's input rules accept. Those rules (the
 * schemes allowed, artifacts, public web addresses only, local roots) are {@link RunInputParser}'s.
 */
final class InputLocationRules {

    private static final Pattern ARCHIVE_ALIAS = Pattern.compile("[A-Za-z0-9._-]{1,255}");

    private final RunInputParser parser;

    InputLocationRules(RunInputParser parser) {
        this.parser = parser;
    }

    /** Adds to {@code errors} what is wrong with {@code value} as the location in {@code field}. */
    void check(String field, String value, List<FieldError> errors) {
        if (value.isEmpty() || value.length() > MAX_LOCATION_LENGTH || RunSpecMapper.hasControlCharacter(value)) {
            errors.add(new FieldError(field, "must be 1 to " + MAX_LOCATION_LENGTH + " printable characters"));
            return;
        }
        int hash = value.lastIndexOf('#');
        if (isArchive(field) && hash > 0) {
            String alias = value.substring(hash + 1);
            if (!ARCHIVE_ALIAS.matcher(alias).matches() || alias.equals(".") || alias.equals("..")) {
                errors.add(new FieldError(field, "the alias after '#' must be 1 to 255 letters, digits or ._- (the directory the archive is unpacked to)"));
                return;
            }
        }
        try {
            parser.parse(withoutAlias(field, value));
        } catch (RunInputParser.InvalidInputException e) {
            errors.add(new FieldError(field, "'" + RunSpecMapper.printable(value) + "': " + e.getMessage()));
        }
    }

    /**
     * Every location of checked fields, parsed, by field path ({@code entrypoint.pythonFile},
     * {@code pyFiles[0]}, ...; an archive without its {@code #alias}).
     */
    Map<String, RunInput> parse(Map<String, String> locationsByField) {
        Map<String, RunInput> parsed = new LinkedHashMap<>();
        locationsByField.forEach((field, location) -> {
            try {
                parsed.put(field, parser.parse(withoutAlias(field, location)));
            } catch (RunInputParser.InvalidInputException e) {
                throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
            }
        });
        return parsed;
    }

    /** An archive may end in {@code #alias}, the directory name Spark unpacks it to; the rest is its location. */
    static String withoutAlias(String field, String value) {
        int hash = value.lastIndexOf('#');
        return isArchive(field) && hash > 0 ? value.substring(0, hash) : value;
    }

    private static boolean isArchive(String field) {
        return field.startsWith("archives[");
    }
}
