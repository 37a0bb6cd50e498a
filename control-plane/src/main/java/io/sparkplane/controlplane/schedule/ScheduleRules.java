package io.sparkplane.controlplane.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.sparkplane.controlplane.problem.FieldError;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Checks a schedule as sent ({@link ScheduleSpec}) and fills in its defaults ({@link ScheduleDefinition}), naming each error by its field. Pure. */
public final class ScheduleRules {

    static final Duration MIN_INTERVAL = Duration.ofMinutes(1);
    static final Duration MAX_INTERVAL = Duration.ofDays(366);
    static final int MAX_CATCH_UP_RUNS = 100;
    static final int MAX_DESCRIPTION_LENGTH = 1000;
    private static final Instant EARLIEST_START = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST_START = Instant.parse("2200-01-01T00:00:00Z");
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** The nicknames of Vixie cron, as their five fields. */
    private static final Map<String, String> NICKNAMES = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");

    private ScheduleRules() {}

    public record Result(ScheduleDefinition definition, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /** @param createdAt when the schedule was first made: an interval's first fire time when it names none */
    public static Result check(ScheduleSpec spec, Instant createdAt) {
        List<FieldError> errors = new ArrayList<>();
        UUID job = null;
        if (spec.job() == null) {
            errors.add(new FieldError("job", "required: the id of the job the schedule starts"));
        } else {
            try {
                job = UUID.fromString(spec.job());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("job", "is not a job id (a UUID)"));
            }
        }
        FireTimes times = null;
        if (spec.cron() != null && spec.interval() != null) {
            errors.add(new FieldError("interval", "give either cron or interval, not both"));
        } else if (spec.cron() != null) {
            if (spec.startAt() != null) {
                errors.add(new FieldError("startAt", "only an interval has a start; a cron expression says its own times"));
            }
            ZoneId zone = ZoneId.of("UTC");
            if (spec.timeZone() != null) {
                try {
                    zone = ZoneId.of(spec.timeZone());
                } catch (DateTimeException e) {
                    errors.add(new FieldError("timeZone", "not a time zone: give an IANA zone id such as Europe/Berlin or UTC"));
                }
            }
            Cron cron = cron(spec.cron(), errors);
            if (cron != null) {
                times = new FireTimes.CronTimes(cron, zone);
                if (times.next(createdAt).isEmpty()) {
                    errors.add(new FieldError("cron", "never fires (no date matches it)"));
                }
            }
        } else if (spec.interval() != null) {
            if (spec.timeZone() != null) {
                errors.add(new FieldError("timeZone", "only a cron expression has a time zone; an interval is elapsed time"));
            }
            Duration interval = interval(spec.interval(), errors);
            Instant start = createdAt;
            if (spec.startAt() != null) {
                try {
                    start = Instant.parse(spec.startAt());
                    if (start.isBefore(EARLIEST_START) || start.isAfter(LATEST_START)) {
                        errors.add(new FieldError("startAt", "must be between 2000 and 2200"));
                    }
                } catch (DateTimeParseException e) {
                    errors.add(new FieldError("startAt", "not an instant: give an ISO-8601 UTC time such as 2026-12-01T00:00:00Z"));
                }
            }
            if (interval != null) {
                times = new FireTimes.IntervalTimes(start, interval);
            }
        } else {
            errors.add(new FieldError("cron", "required: a cron expression (or an interval)"));
        }
        CatchUpPolicy catchUp = CatchUpPolicy.LAST;
        if (spec.catchUp() != null) {
            try {
                catchUp = CatchUpPolicy.valueOf(spec.catchUp());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("catchUp", "one of " + List.of(CatchUpPolicy.values())));
            }
        }
        int maxCatchUpRuns = ScheduleDefinition.DEFAULT_MAX_CATCH_UP_RUNS;
        if (spec.maxCatchUpRuns() != null) {
            if (catchUp != CatchUpPolicy.ALL) {
                errors.add(new FieldError("maxCatchUpRuns", "only with catchUp ALL"));
            } else if (spec.maxCatchUpRuns() < 1 || spec.maxCatchUpRuns() > MAX_CATCH_UP_RUNS) {
                errors.add(new FieldError("maxCatchUpRuns", "must be 1 to " + MAX_CATCH_UP_RUNS));
            } else {
                maxCatchUpRuns = spec.maxCatchUpRuns();
            }
        }
        Map<String, String> parameters = spec.parameters() == null ? Map.of() : spec.parameters();
        parameters.forEach((name, value) -> {
            if (value == null) {
                errors.add(new FieldError("parameters." + name, "must be a string, not null"));
            }
        });
        if (spec.description() != null) {
            if (spec.description().length() > MAX_DESCRIPTION_LENGTH) {
                errors.add(new FieldError("description", "at most " + MAX_DESCRIPTION_LENGTH + " characters"));
            }
            if (spec.description().chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r')) {
                errors.add(new FieldError("description", "must not contain control characters"));
            }
        }
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        return new Result(new ScheduleDefinition(job, times, Boolean.TRUE.equals(spec.paused()), catchUp, maxCatchUpRuns,
                new LinkedHashMap<>(parameters)), List.of());
    }

    private static Cron cron(String expression, List<FieldError> errors) {
        String fields = NICKNAMES.getOrDefault(expression.trim().toLowerCase(Locale.ROOT), expression);
        if (fields.length() > 200 || fields.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("cron", "not a cron expression"));
            return null;
        }
        try {
            Cron cron = UNIX.parse(fields);
            cron.validate();
            return cron;
        } catch (RuntimeException e) {
            errors.add(new FieldError("cron", "not a cron expression of five fields (minute hour day-of-month month day-of-week, as '0 2 * * *')"
                    + " or a nickname (@hourly, @daily, @weekly, @monthly, @yearly): " + e.getMessage()));
            return null;
        }
    }

    private static Duration interval(String text, List<FieldError> errors) {
        Duration interval;
        try {
            interval = Duration.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("interval", "not an ISO-8601 duration: give one such as PT15M, PT1H or P1D"));
            return null;
        }
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            errors.add(new FieldError("interval", "must be at least PT1M and at most P366D"));
            return null;
        }
        if (interval.getNano() != 0) {
            errors.add(new FieldError("interval", "must be whole seconds"));
            return null;
        }
        return interval;
    }
}
