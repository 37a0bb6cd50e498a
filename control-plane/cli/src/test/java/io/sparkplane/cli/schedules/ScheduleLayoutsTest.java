package io.sparkplane.cli.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a schedule fires, as a person reads it: the cron expression in its zone, or the interval from its start. */
class ScheduleLayoutsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"cron\": \"30 2 * * *\", \"timeZone\": \"Europe/Berlin\"} | 30 2 * * * Europe/Berlin",
            "{\"cron\": \"@daily\"} | @daily UTC",
            "{\"interval\": \"PT15M\", \"startAt\": \"2026-12-01T00:00:00.000Z\"} | every PT15M from 2026-12-01T00:00:00Z",
            "{\"interval\": \"PT1H\"} | every PT1H",
            "{} | -",
    })
    void when(String schedule, String shown) throws Exception {
        assertThat(ScheduleLayouts.when(JSON.readTree(schedule))).isEqualTo(shown);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // a cron expression read in another zone says that zone's wall clock too, across a daylight-saving change
            "{\"timeZone\": \"Europe/Berlin\", \"nextFireTimes\": [\"2026-03-28T01:30:00Z\", \"2026-03-30T00:30:00Z\"]}"
                    + " | 2026-03-28T01:30:00Z  (Sat 2026-03-28 02:30 Europe/Berlin)\\n2026-03-30T00:30:00Z  (Mon 2026-03-30 02:30 Europe/Berlin)",
            "{\"timeZone\": \"UTC\", \"nextFireTimes\": [\"2026-12-08T02:30:00Z\"]} | 2026-12-08T02:30:00Z",
            "{\"interval\": \"PT15M\", \"nextFireTimes\": [\"2026-12-08T02:30:00.000Z\", \"2026-12-08T02:45:00Z\"]}"
                    + " | 2026-12-08T02:30:00Z\\n2026-12-08T02:45:00Z",
            "{\"paused\": true, \"nextFireTimes\": []} | none while paused",
    })
    void nextFireTimesOneALine(String schedule, String shown) throws Exception {
        assertThat(ScheduleLayouts.nextFireTimes(JSON.readTree(schedule))).isEqualTo(shown.replace("\\n", "\n"));
    }

    @Test
    void theDetailsKeepEachFireTimeInTheValuesColumn() throws Exception {
        String details = ScheduleLayouts.DETAILS.details(JSON.readTree("""
                {"id": "s", "job": "j", "cron": "@hourly", "timeZone": "UTC", "paused": false, "catchUp": "LAST", "parameters": {},
                 "nextFireTimes": ["2026-12-08T02:00:00Z", "2026-12-08T03:00:00Z"]}
                """));
        assertThat(details).contains("Next fire times: 2026-12-08T02:00:00Z\n                 2026-12-08T03:00:00Z\n");
    }
}
