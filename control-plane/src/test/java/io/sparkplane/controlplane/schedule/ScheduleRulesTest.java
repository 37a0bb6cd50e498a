package io.sparkplane.controlplane.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.controlplane.problem.FieldError;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleRulesTest {

    private static final String JOB = "6f1c2f0e-5b8d-4a7c-9e6f-1a2b3c4d5e6f";
    private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");

    private static List<String> fields(ScheduleSpec spec) {
        return ScheduleRules.check(spec, NOW).errors().stream().map(FieldError::field).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // job       | cron        | timeZone      | interval | startAt              | catchUp | maxCatchUpRuns | the field in error
            "-           | 0 2 * * *   | -             | -        | -                    | -       | -              | job",
            "not-a-uuid  | 0 2 * * *   | -             | -        | -                    | -       | -              | job",
            "JOB         | -           | -             | -        | -                    | -       | -              | cron",
            "JOB         | 0 2 * * *   | -             | PT1H     | -                    | -       | -              | interval",
            "JOB         | 0 2 * *     | -             | -        | -                    | -       | -              | cron",
            "JOB         | 61 2 * * *  | -             | -        | -                    | -       | -              | cron",
            "JOB         | 0 0 30 2 *  | -             | -        | -                    | -       | -              | cron",
            "JOB         | 0 2 * * *   | Mars/Olympus  | -        | -                    | -       | -              | timeZone",
            "JOB         | 0 2 * * *   | -             | -        | 2026-12-01T00:00:00Z | -       | -              | startAt",
            "JOB         | -           | UTC           | PT1H     | -                    | -       | -              | timeZone",
            "JOB         | -           | -             | PT30S    | -                    | -       | -              | interval",
            "JOB         | -           | -             | PT90.5S  | -                    | -       | -              | interval",
            "JOB         | -           | -             | 15m      | -                    | -       | -              | interval",
            "JOB         | -           | -             | PT1H     | yesterday            | -       | -              | startAt",
            "JOB         | -           | -             | PT1H     | 1900-01-01T00:00:00Z | -       | -              | startAt",
            "JOB         | 0 2 * * *   | -             | -        | -                    | SOMETIMES | -            | catchUp",
            "JOB         | 0 2 * * *   | -             | -        | -                    | LAST    | 5              | maxCatchUpRuns",
            "JOB         | 0 2 * * *   | -             | -        | -                    | ALL     | 101            | maxCatchUpRuns"})
    void eachWrongFieldIsNamed(String job, String cron, String zone, String interval, String startAt, String catchUp, Integer max, String field) {
        ScheduleSpec spec = new ScheduleSpec("JOB".equals(job) ? JOB : job, cron, zone, interval, startAt, null, catchUp, max, null, null);
        assertThat(fields(spec)).containsExactly(field);
    }

    @Test
    void defaultsAreFilledIn() {
        ScheduleRules.Result result = ScheduleRules.check(new ScheduleSpec(JOB, "0 2 * * *", null, null, null, null, null, null, Map.of("day", "1"),
                null), NOW);
        assertThat(result.valid()).isTrue();
        assertThat(result.definition().paused()).isFalse();
        assertThat(result.definition().catchUp()).isEqualTo(CatchUpPolicy.LAST);
        assertThat(result.definition().times().zone().getId()).isEqualTo("UTC");
        assertThat(result.definition().parameters()).containsEntry("day", "1");
        FireTimes.IntervalTimes interval = (FireTimes.IntervalTimes) ScheduleRules.check(new ScheduleSpec(JOB, null, null, "PT1H", null, null, null,
                null, null, null), NOW).definition().times();
        assertThat(interval.start()).isEqualTo(NOW);
    }
}
