package io.sparkplane.cli.schedules;

import io.sparkplane.cli.CliException;
import io.sparkplane.cli.Durations;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * A schedule's interval as the API takes it, an ISO-8601 duration ({@code PT15M}), from what a person
 * types: that ISO form, or the CLI's own durations ({@code 15m}, {@code 1h30m}, {@code 1d}). Pure.
 */
final class Intervals {

    private static final long DAY = Duration.ofDays(1).toSeconds();

    private Intervals() {}

    /** @param option names the option in the error */
    static String iso(String text, String option) {
        String value = text.strip();
        if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
            String iso = value.toUpperCase(Locale.ROOT);
            try {
                Duration.parse(iso);
            } catch (DateTimeParseException e) {
                throw CliException.usage(option + ": '" + text + "' is not a duration such as 15m, 1h, 1d or PT15M");
            }
            return iso;
        }
        Duration duration = Durations.parse(value, option);
        long seconds = duration.toSeconds();
        // whole days read better as P1D than as Java's PT24H; both are the same duration to the API
        return seconds % DAY == 0 ? "P" + seconds / DAY + "D" : duration.toString();
    }
}
