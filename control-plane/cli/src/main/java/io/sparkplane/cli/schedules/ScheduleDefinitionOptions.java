package io.sparkplane.cli.schedules;

import io.sparkplane.cli.ApiCommand;
import io.sparkplane.cli.FieldHints;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options {@code schedules create} and {@code schedules update} share: when it fires, and what its runs are given. */
abstract class ScheduleDefinitionOptions extends ApiCommand implements FieldHints {

    @Option(names = "--cron", paramLabel = "EXPR",
            description = "Five fields (minute hour day-of-month month day-of-week), as '30 2 * * *', or @hourly, @daily, @weekly, @monthly, @yearly.")
    String cron;

    @Option(names = "--time-zone", paramLabel = "ZONE", description = "The IANA time zone --cron is read in, such as Europe/Berlin (default UTC).")
    String timeZone;

    @Option(names = "--interval", paramLabel = "DURATION", description = "Fire every so long instead: 15m, 1h, 1d or ISO-8601 (PT15M); at least 1m.")
    String interval;

    @Option(names = "--start-at", paramLabel = "TIME",
            description = "The first fire time of an --interval, ISO-8601 such as 2026-12-01T00:00:00Z (default: when the schedule was made).")
    String startAt;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A value of one of the job's parameters for the runs it starts; repeatable.")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--catch-up", paramLabel = "POLICY", completionCandidates = CatchUpPolicies.class,
            description = "Fire times missed while no control plane was up: NONE starts none, LAST (default) the latest, ALL up to --max-catch-up-runs.")
    String catchUp;

    @Option(names = "--max-catch-up-runs", paramLabel = "N", description = "With --catch-up ALL: at most this many (default 10).")
    Integer maxCatchUpRuns;

    @Option(names = "--description", paramLabel = "TEXT", description = "What the schedule is for; 'none' clears it.")
    String description;

    /** The options as given; {@code removed} and {@code paused} are the command's own. */
    ScheduleOptions options(List<String> removed, boolean paused) {
        return new ScheduleOptions(Optional.ofNullable(cron), Optional.ofNullable(timeZone), Optional.ofNullable(interval), Optional.ofNullable(startAt),
                parameters, removed, Optional.ofNullable(catchUp), Optional.ofNullable(maxCatchUpRuns), paused, Optional.ofNullable(description));
    }

    @Override
    public Optional<String> optionFor(String field) {
        return FieldHints.longestPrefix(ScheduleRequestBuilder.FIELD_OPTIONS, field);
    }

    /** For completion. */
    static final class CatchUpPolicies extends ArrayList<String> {
        CatchUpPolicies() {
            super(List.of("NONE", "LAST", "ALL"));
        }
    }
}
