package io.sparkplane.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them on a command line: {@code 90} (seconds), {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 7d}. */
public final class Durations {

    private static final Pattern WHOLE = Pattern.compile("([0-9]+[dhms])+");
    private static final Pattern PART = Pattern.compile("([0-9]+)([dhms])");

    private Durations() {}

    /** @param option names the option in the error */
    public static Duration parse(String text, String option) {
        String value = text.strip().toLowerCase(java.util.Locale.ROOT);
        try {
            if (value.matches("[0-9]+")) {
                return positive(Duration.ofSeconds(Long.parseLong(value)), text, option);
            }
            if (WHOLE.matcher(value).matches()) {
                Duration total = Duration.ZERO;
                Matcher part = PART.matcher(value);
                while (part.find()) {
                    long amount = Long.parseLong(part.group(1));
                    total = total.plus(switch (part.group(2)) {
                        case "d" -> Duration.ofDays(amount);
                        case "h" -> Duration.ofHours(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        default -> Duration.ofSeconds(amount);
                    });
                }
                return positive(total, text, option);
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // too large: said below
        }
        throw CliException.usage(option + ": '" + text + "' is not a duration such as 90, 90s, 10m, 1h30m or 7d");
    }

    private static Duration positive(Duration duration, String text, String option) {
        if (duration.isZero()) {
            throw CliException.usage(option + ": '" + text + "' must be longer than 0");
        }
        return duration;
    }
}
