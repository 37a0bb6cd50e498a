package io.sparkplane.controlplane.http;

import io.sparkplane.controlplane.problem.ProblemException;

/** Parses query parameters with errors that name the parameter (JAX-RS would answer 404 for a bad number). */
public final class QueryParameters {

    private QueryParameters() {}

    public static long longValue(String name, String value, long defaultValue, long min, long max) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed < min || parsed > max) {
                throw ProblemException.invalid("query:" + name, "must be between " + min + " and " + max);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("query:" + name, "must be an integer");
        }
    }

    public static int intValue(String name, String value, int defaultValue, int min, int max) {
        return (int) longValue(name, value, defaultValue, min, max);
    }

    public static boolean booleanValue(String name, String value, boolean defaultValue) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.invalid("query:" + name, "must be true or false");
        };
    }
}
