package io.sparkplane.controlplane.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FireTimesTest {

    private static FireTimes times(String cron, String zone, String interval, String startAt) {
        ScheduleRules.Result result = ScheduleRules.check(new ScheduleSpec("6f1c2f0e-5b8d-4a7c-9e6f-1a2b3c4d5e6f", cron, zone, interval, startAt,
                null, null, null, null, null), Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(result.errors()).isEmpty();
        return result.definition().times();
    }

    @ParameterizedTest(name = "{0} in {1} after {2}")
    @CsvSource(delimiter = '|', value = {
            // minute hour day-of-month month day-of-week, in UTC
            "0 2 * * *    | UTC           | 2026-12-06T01:59:59Z | 2026-12-06T02:00:00Z",
            "0 2 * * *    | UTC           | 2026-12-06T02:00:00Z | 2026-12-07T02:00:00Z",
            "*/15 * * * * | UTC           | 2026-12-06T10:07:00Z | 2026-12-06T10:15:00Z",
            "0 9 * * 1-5  | UTC           | 2026-12-05T12:00:00Z | 2026-12-07T09:00:00Z",
            "@daily       | UTC           | 2026-12-06T12:00:00Z | 2026-12-07T00:00:00Z",
            "@hourly      | UTC           | 2026-12-06T12:00:00Z | 2026-12-06T13:00:00Z",
            "0 0 1 * *    | UTC           | 2026-12-06T12:00:00Z | 2027-01-01T00:00:00Z",
            // wall-clock times in a zone: 02:30 in Berlin is 01:30Z in winter, 00:30Z in summer
            "30 2 * * *   | Europe/Berlin | 2026-12-06T12:00:00Z | 2026-12-07T01:30:00Z",
            "30 2 * * *   | Europe/Berlin | 2026-07-06T12:00:00Z | 2026-07-07T00:30:00Z",
            // on 2026-03-29 Berlin's clocks jump from 02:00 to 03:00: 03:00 is there, 02:30 is not and fires next on the 30th
            "0 3 * * *    | Europe/Berlin | 2026-03-28T12:00:00Z | 2026-03-29T01:00:00Z",
            "30 2 * * *   | Europe/Berlin | 2026-03-28T12:00:00Z | 2026-03-30T00:30:00Z"})
    void cronFiresAtTheNextMatchingWallClockTime(String cron, String zone, String after, String expected) {
        assertThat(times(cron.trim(), zone.trim(), null, null).next(Instant.parse(after.trim()))).contains(Instant.parse(expected.trim()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PT15M | 2026-12-06T00:00:00Z | 2026-12-06T00:07:00Z | 2026-12-06T00:15:00Z",
            "PT15M | 2026-12-06T00:00:00Z | 2026-12-06T00:15:00Z | 2026-12-06T00:30:00Z",
            "PT15M | 2026-12-06T00:00:00Z | 2026-12-05T00:00:00Z | 2026-12-06T00:00:00Z",
            "P1D   | 2026-12-06T06:00:00Z | 2027-03-01T07:00:00Z | 2027-03-02T06:00:00Z"})
    void intervalFiresEveryIntervalFromItsStart(String interval, String start, String after, String expected) {
        assertThat(times(null, null, interval.trim(), start.trim()).next(Instant.parse(after.trim()))).contains(Instant.parse(expected.trim()));
    }

    @org.junit.jupiter.api.Test
    void upcomingIncludesTheFirstWhenItIsAFireTime() {
        FireTimes times = times(null, null, "PT1H", "2026-12-06T00:00:00Z");
        assertThat(times.upcoming(Instant.parse("2026-12-06T01:00:00Z"), 3)).isEqualTo(List.of(Instant.parse("2026-12-06T01:00:00Z"),
                Instant.parse("2026-12-06T02:00:00Z"), Instant.parse("2026-12-06T03:00:00Z")));
    }
}
