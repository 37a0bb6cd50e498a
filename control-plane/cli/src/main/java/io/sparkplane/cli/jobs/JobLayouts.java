package io.sparkplane.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.cli.output.Column;
import io.sparkplane.cli.output.TableLayout;
import java.util.ArrayList;
import java.util.List;

/** How jobs, their versions and their runs show as text. */
public final class JobLayouts {

    private JobLayouts() {}

    private static final Column ENTRYPOINT = new Column("Entrypoint", List.of("template.entrypoint"), job -> {
        JsonNode entrypoint = job.path("template").path("entrypoint");
        return entrypoint.has("jar") ? entrypoint.path("jar").asText() + " " + entrypoint.path("mainClass").asText()
                : Column.text(entrypoint.path("pythonFile"));
    });

    private static final Column PARAMETERS = new Column("Parameters", List.of("parameters"), JobLayouts::parameters);

    private static final Column CONCURRENCY = new Column("Concurrency", List.of("maxConcurrentRuns", "concurrencyPolicy"),
            job -> job.path("maxConcurrentRuns").asText() + " at once, then " + job.path("concurrencyPolicy").asText());

    public static final TableLayout LIST = new TableLayout("Job", List.of(
            Column.field("ID", "id"),
            Column.field("NAME", "name"),
            Column.field("WORKSPACE", "workspace"),
            Column.field("VERSION", "version"),
            Column.field("MAX-RUNS", "maxConcurrentRuns"),
            Column.field("POLICY", "concurrencyPolicy"),
            Column.time("UPDATED", "updatedAt")));

    public static final TableLayout DETAILS = new TableLayout("Job", List.of(
            Column.field("ID", "id"),
            Column.field("Name", "name"),
            Column.field("Workspace", "workspace"),
            Column.field("Description", "description"),
            Column.field("Version", "version"),
            ENTRYPOINT,
            Column.list("Args", "template.args"),
            Column.field("Run name", "template.name"),
            Column.field("Backend", "template.backend"),
            PARAMETERS,
            CONCURRENCY,
            Column.list("Labels", "labels"),
            Column.list("Run labels", "template.labels"),
            Column.time("Created", "createdAt"),
            Column.time("Updated", "updatedAt")));

    public static final TableLayout VERSIONS = new TableLayout("JobVersion", List.of(
            Column.field("VERSION", "version"),
            Column.field("NAME", "name"),
            new Column("ENTRYPOINT", ENTRYPOINT.fields(), ENTRYPOINT.value()),
            Column.time("CREATED", "createdAt"),
            Column.field("BY", "createdBy")));

    public static final TableLayout VERSION = new TableLayout("JobVersion", List.of(
            Column.field("Version", "version"),
            Column.field("Name", "name"),
            Column.field("Description", "description"),
            ENTRYPOINT,
            Column.list("Args", "template.args"),
            Column.field("Run name", "template.name"),
            Column.field("Backend", "template.backend"),
            PARAMETERS,
            CONCURRENCY,
            Column.list("Labels", "labels"),
            Column.list("Run labels", "template.labels"),
            Column.time("Created", "createdAt"),
            Column.field("Created by", "createdBy")));

    /** A job's runs: which version each followed, and the fire time of those a schedule started. */
    public static final TableLayout RUNS = new TableLayout("Run", List.of(
            Column.field("ID", "id"),
            Column.field("NAME", "name"),
            Column.field("VERSION", "job.version"),
            Column.field("STATE", "state"),
            Column.field("REASON", "reason"),
            Column.time("FIRE-TIME", "job.fireTime"),
            Column.time("CREATED", "createdAt"),
            Column.duration("DURATION", "createdAt", "endedAt")));

    /** Every layout, for the test that checks their fields against the contract. */
    public static final List<TableLayout> ALL = List.of(LIST, DETAILS, VERSIONS, VERSION, RUNS);

    /** {@code date=2026-01-01, input (required)}: each parameter with its default, or marked as one every run must give. */
    static String parameters(JsonNode job) {
        List<String> shown = new ArrayList<>();
        for (JsonNode parameter : job.path("parameters")) {
            String name = parameter.path("name").asText();
            shown.add(parameter.has("default") ? name + "=" + parameter.path("default").asText() : name + " (required)");
        }
        return shown.isEmpty() ? "-" : String.join(", ", shown);
    }
}
