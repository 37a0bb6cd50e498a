package io.sparkplane.cli.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.cli.output.Column;
import io.sparkplane.cli.output.TableLayout;
import java.util.List;

/** How runs and their events show as text. */
public final class RunLayouts {

    private RunLayouts() {}

    private static final Column ENTRYPOINT = new Column("Entrypoint", List.of("entrypoint"), run -> {
        JsonNode entrypoint = run.path("entrypoint");
        return entrypoint.has("jar") ? entrypoint.path("jar").asText() + " " + entrypoint.path("mainClass").asText()
                : Column.text(entrypoint.path("pythonFile"));
    });

    /** The saved job a run was started from, its version, and the schedule and fire time that started it; {@code -} for a run of its own. */
    private static final Column JOB = new Column("Job", List.of("job.id", "job.version", "job.scheduleId", "job.fireTime"), run -> {
        JsonNode job = run.path("job");
        if (!job.isObject()) {
            return "-";
        }
        String origin = job.path("id").asText() + " version " + job.path("version").asText();
        if (job.path("scheduleId").isTextual()) {
            origin += ", schedule " + job.path("scheduleId").asText() + " for " + Column.instant(job.path("fireTime").asText());
        }
        return origin;
    });

    public static final TableLayout LIST = new TableLayout("Run", List.of(
            Column.field("ID", "id"),
            Column.field("NAME", "name"),
            Column.field("WORKSPACE", "workspace"),
            Column.field("STATE", "state"),
            Column.field("REASON", "reason"),
            Column.time("CREATED", "createdAt"),
            Column.duration("DURATION", "createdAt", "endedAt")));

    public static final TableLayout DETAILS = new TableLayout("Run", List.of(
            Column.field("ID", "id"),
            Column.field("Name", "name"),
            Column.field("Workspace", "workspace"),
            Column.field("State", "state"),
            Column.field("Reason", "reason"),
            Column.field("Message", "message"),
            Column.field("Attempt", "attempt"),
            Column.field("Backend", "backend"),
            JOB,
            ENTRYPOINT,
            Column.list("Args", "args"),
            Column.list("Labels", "labels"),
            Column.time("Created", "createdAt"),
            Column.time("Started", "startedAt"),
            Column.time("Ended", "endedAt"),
            Column.duration("Duration", "createdAt", "endedAt"),
            // the application's page on the control plane's Spark History Server (sparkplane.history.url), once its event log is there
            Column.field("Spark UI", "historyUrl")));

    public static final TableLayout EVENTS = new TableLayout("RunEvent", List.of(
            Column.time("TIME", "at"),
            Column.field("ATTEMPT", "attempt"),
            Column.field("TYPE", "type"),
            Column.field("FROM", "fromState"),
            Column.field("TO", "toState"),
            Column.field("REASON", "reason"),
            Column.field("MESSAGE", "message").truncatedTo(100)));

    /** Every layout, for the test that checks their fields against the contract. */
    public static final List<TableLayout> ALL = List.of(LIST, DETAILS, EVENTS);
}
