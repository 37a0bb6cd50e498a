package io.sparkplane.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;

/**
 * One column of a table (or one line of a detail view): a header and how to show the value of the
 * API's fields it reads. The fields are named so that a test can check them against the contract.
 *
 * @param fields the response fields it reads, dotted for nested ones ({@code quotas.maxActiveRuns})
 */
public record Column(String header, List<String> fields, Function<JsonNode, String> value, int maxWidth) {

    public Column(String header, List<String> fields, Function<JsonNode, String> value) {
        this(header, fields, value, Integer.MAX_VALUE);
    }

    /** This column, its cells cut to {@code width} characters in a table (free text such as messages). */
    public Column truncatedTo(int width) {
        return new Column(header, fields, value, width);
    }

    /** A field as text; null and absent as {@code -}. */
    public static Column field(String header, String field) {
        return new Column(header, List.of(field), node -> text(at(node, field)));
    }

    /** An instant, to the second. */
    public static Column time(String header, String field) {
        return new Column(header, List.of(field), node -> instant(text(at(node, field))));
    }

    /** A list as comma-separated values, an object as {@code key=value} pairs. */
    public static Column list(String header, String field) {
        return new Column(header, List.of(field), node -> joined(at(node, field)));
    }

    /** The time from one instant to another, or to now while the second is null. */
    public static Column duration(String header, String from, String to) {
        return new Column(header, List.of(from, to), node -> {
            try {
                JsonNode start = at(node, from);
                if (start.isNull() || start.isMissingNode()) {
                    return "-";
                }
                JsonNode end = at(node, to);
                Instant until = end.isNull() || end.isMissingNode() ? Instant.now() : Instant.parse(end.asText());
                return duration(Duration.between(Instant.parse(start.asText()), until));
            } catch (DateTimeParseException e) {
                return "-";
            }
        });
    }

    public static JsonNode at(JsonNode node, String field) {
        JsonNode current = node;
        for (String part : field.split("\\.")) {
            current = current.path(part);
        }
        return current;
    }

    public static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "-";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    static String joined(JsonNode value) {
        if (value.isArray()) {
            StringBuilder text = new StringBuilder();
            value.forEach(item -> text.append(text.length() == 0 ? "" : ",").append(item.asText()));
            return text.length() == 0 ? "-" : text.toString();
        }
        if (value.isObject()) {
            StringBuilder text = new StringBuilder();
            value.fields().forEachRemaining(entry -> text.append(text.length() == 0 ? "" : ",").append(entry.getKey()).append('=')
                    .append(entry.getValue().asText()));
            return text.length() == 0 ? "-" : text.toString();
        }
        return text(value);
    }

    /** {@code 2026-12-06T15:30:01.123456Z} as {@code 2026-12-06T15:30:01Z}. */
    public static String instant(String value) {
        try {
            return Instant.parse(value).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        } catch (DateTimeParseException e) {
            return value;
        }
    }

    /** {@code 1h 2m 3s}, {@code 2m 3s}, {@code 3.4s}. */
    public static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return String.format(java.util.Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
        }
        if (seconds < 3600) {
            return (seconds / 60) + "m " + (seconds % 60) + "s";
        }
        return (seconds / 3600) + "h " + (seconds % 3600 / 60) + "m " + (seconds % 60) + "s";
    }
}
