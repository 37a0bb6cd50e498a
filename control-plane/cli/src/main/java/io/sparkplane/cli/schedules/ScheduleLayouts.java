package io.sparkplane.cli.schedules;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.cli.output.Column;
import io.sparkplane.cli.output.TableLayout;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How schedules and their events show as text. */
public final class ScheduleLayouts {

    private ScheduleLayouts() {}

    private static final DateTimeFormatter WALL_CLOCK = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ROOT);

    private static final Column WHEN = new Column("WHEN", List.of("cron", "timeZone", "interval", "startAt"), ScheduleLayouts::when);

    private static final Column STATE = new Column("STATE", List.of("paused"), schedule -> schedule.path("paused").asBoolean() ? "PAUSED" : "ACTIVE");

    public static final TableLayout LIST = new TableLayout("Schedule", List.of(
            Column.field("ID", "id"),
            Column.field("JOB", "job"),
            WHEN,
            STATE,
            new Column("NEXT", List.of("nextFireTimes"), schedule -> Column.instant(Column.text(schedule.path("nextFireTimes").path(0)))),
            Column.time("LAST", "lastFireTime"),
            Column.field("LAST-RUN", "lastRunId")));

    public static final TableLayout DETAILS = new TableLayout("Schedule", List.of(
            Column.field("ID", "id"),
            Column.field("Job", "job"),
            Column.field("Workspace", "workspace"),
            Column.field("Description", "description"),
            new Column("When", WHEN.fields(), WHEN.value()),
            new Column("State", STATE.fields(), STATE.value()),
            new Column("Catch-up", List.of("catchUp", "maxCatchUpRuns"), schedule -> schedule.path("catchUp").asText()
                    + (schedule.has("maxCatchUpRuns") ? " (at most " + schedule.path("maxCatchUpRuns").asText() + ")" : "")),
            Column.list("Parameters", "parameters"),
            new Column("Next fire times", List.of("nextFireTimes", "timeZone", "paused"), ScheduleLayouts::nextFireTimes),
            Column.time("Last fire time", "lastFireTime"),
            Column.field("Last run", "lastRunId"),
            Column.time("Created", "createdAt"),
            Column.time("Updated", "updatedAt")));

    public static final TableLayout EVENTS = new TableLayout("ScheduleEvent", List.of(
            Column.time("TIME", "at"),
            Column.field("TYPE", "type"),
            Column.time("FIRE-TIME", "fireTime"),
            Column.field("RUN", "runId"),
            Column.field("MESSAGE", "message").truncatedTo(100)));

    /** Every layout, for the test that checks their fields against the contract. */
    public static final List<TableLayout> ALL = List.of(LIST, DETAILS, EVENTS);

    /** {@code 30 2 * * * Europe/Berlin}, or {@code every PT15M from 2026-12-01T00:00:00Z}. */
    static String when(JsonNode schedule) {
        if (schedule.path("cron").isTextual()) {
            return schedule.path("cron").asText() + " " + schedule.path("timeZone").asText("UTC");
        }
        if (schedule.path("interval").isTextual()) {
            return "every " + schedule.path("interval").asText()
                    + (schedule.path("startAt").isTextual() ? " from " + Column.instant(schedule.path("startAt").asText()) : "");
        }
        return "-";
    }

    /**
     * One fire time a line, in UTC as every time the CLI shows, and for a cron expression read in
     * another zone also on that zone's wall clock, which is what the expression says.
     */
    static String nextFireTimes(JsonNode schedule) {
        JsonNode times = schedule.path("nextFireTimes");
        if (times.isEmpty()) {
            return schedule.path("paused").asBoolean() ? "none while paused" : "-";
        }
        Optional<ZoneId> zone = zone(schedule.path("timeZone").asText(""));
        List<String> lines = new ArrayList<>();
        for (JsonNode time : times) {
            String line = Column.instant(time.asText());
            if (zone.isPresent()) {
                try {
                    line += "  (" + WALL_CLOCK.format(Instant.parse(time.asText()).atZone(zone.get())) + " " + zone.get().getId() + ")";
                } catch (DateTimeParseException e) {
                    // shown as the API gave it
                }
            }
            lines.add(line);
        }
        return String.join("\n", lines);
    }

    /** A zone other than UTC's, if it is one. */
    private static Optional<ZoneId> zone(String id) {
        try {
            ZoneId zone = ZoneId.of(id);
            return zone.normalized().equals(ZoneOffset.UTC) ? Optional.empty() : Optional.of(zone);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
