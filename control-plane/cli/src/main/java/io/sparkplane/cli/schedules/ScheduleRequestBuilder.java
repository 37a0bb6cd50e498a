package io.sparkplane.cli.schedules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.cli.CliException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Builds a schedule's request body ({@code ScheduleRequest}) from {@code schedules create}'s options,
 * or from {@code schedules update}'s over the schedule as it is now: the API replaces a schedule's
 * definition whole ({@code PUT}), so an update sends everything it keeps. A schedule fires by a cron
 * expression in a time zone or by an interval from a start, never both: switching one way drops the
 * other's fields. Pure.
 */
public final class ScheduleRequestBuilder {

    /** The fields of {@code ScheduleRequest} an update keeps; {@code job} cannot change and is left out. */
    private static final List<String> DEFINITION = List.of("cron", "timeZone", "interval", "startAt", "paused", "catchUp", "maxCatchUpRuns",
            "parameters", "description");

    private ScheduleRequestBuilder() {}

    /**
     * The body of {@code POST /api/v1/schedules}.
     *
     * @param jobId asked only once the options are known to be good, since finding a job by its name asks the control plane
     */
    public static ObjectNode create(ScheduleOptions options, Supplier<String> jobId) {
        if (options.cron().isEmpty() && options.interval().isEmpty()) {
            throw CliException.usage("when should it run? give --cron EXPR (with --time-zone ZONE) or --interval DURATION (with --start-at TIME)");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        apply(body, options);
        if (options.paused()) {
            body.put("paused", true);
        }
        body.put("job", jobId.get());
        return body;
    }

    /**
     * The body of {@code PUT /api/v1/schedules/{id}}.
     *
     * @param current the schedule as {@code GET /api/v1/schedules/{id}} answers
     */
    public static ObjectNode update(JsonNode current, ScheduleOptions options) {
        if (options.changeNothing()) {
            throw CliException.usage("nothing to change: give --cron, --time-zone, --interval, --start-at, --param, --remove-param, --catch-up,"
                    + " --max-catch-up-runs or --description");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        for (String field : DEFINITION) {
            JsonNode value = current.get(field);
            if (value != null && !value.isNull()) {
                body.set(field, value.deepCopy());
            }
        }
        apply(body, options);
        return body;
    }

    private static void apply(ObjectNode body, ScheduleOptions options) {
        if (options.cron().isPresent() && options.interval().isPresent()) {
            throw CliException.usage("--cron and --interval exclude each other: a schedule fires by one of them");
        }
        options.cron().ifPresent(cron -> {
            body.remove(List.of("interval", "startAt"));
            body.put("cron", cron);
        });
        options.interval().ifPresent(interval -> {
            body.remove(List.of("cron", "timeZone"));
            body.put("interval", Intervals.iso(interval, "--interval"));
        });
        options.timeZone().ifPresent(zone -> {
            if (!body.has("cron")) {
                throw CliException.usage("--time-zone is for a --cron schedule; an interval is elapsed time, whatever the zone");
            }
            body.put("timeZone", zone);
        });
        options.startAt().ifPresent(start -> {
            if (!body.has("interval")) {
                throw CliException.usage("--start-at is for an --interval schedule; a cron expression says its own times");
            }
            body.put("startAt", start);
        });
        if (!options.parameters().isEmpty() || !options.removed().isEmpty()) {
            ObjectNode parameters = body.get("parameters") instanceof ObjectNode existing ? existing : body.putObject("parameters");
            parameters.remove(options.removed());
            new TreeMap<>(options.parameters()).forEach(parameters::put);
        }
        options.catchUp().ifPresent(catchUp -> body.put("catchUp", catchUp.toUpperCase(Locale.ROOT)));
        if (body.path("catchUp").asText("LAST").equals("ALL")) {
            options.maxCatchUpRuns().ifPresent(count -> body.put("maxCatchUpRuns", count));
        } else {
            if (options.maxCatchUpRuns().isPresent()) {
                throw CliException.usage("--max-catch-up-runs is for --catch-up ALL");
            }
            // the API takes maxCatchUpRuns only with ALL: a schedule that leaves ALL drops it
            body.remove("maxCatchUpRuns");
        }
        options.description().ifPresent(description -> {
            if (description.equals("none")) {
                body.remove("description");
            } else {
                body.put("description", description);
            }
        });
    }

    /** The option behind each field of a schedule's body, for an error's field hints. */
    static final Map<String, String> FIELD_OPTIONS = Map.of("job", "--job", "cron", "--cron", "timeZone", "--time-zone", "interval", "--interval",
            "startAt", "--start-at", "paused", "--paused", "catchUp", "--catch-up", "maxCatchUpRuns", "--max-catch-up-runs", "parameters", "--param",
            "description", "--description");
}
