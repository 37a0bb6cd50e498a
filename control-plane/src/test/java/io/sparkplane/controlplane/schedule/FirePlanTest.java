package io.sparkplane.controlplane.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FirePlanTest {

    private static final Instant START = Instant.parse("2026-12-06T00:00:00Z");
    private static final FireTimes HOURLY = new FireTimes.IntervalTimes(START, Duration.ofHours(1));
    private static final Duration THRESHOLD = Duration.ofSeconds(60);

    private static Instant hour(double hours) {
        return START.plusSeconds((long) (hours * 3600));
    }

    @ParameterizedTest(name = "due at {0}h, now {1}h, {2}: fire {3}, missed {4}")
    @CsvSource(delimiter = '|', value = {
            // due (h) | now (h)  | catchUp | fired (h)   | missed count | next (h)
            "1         | 1        | LAST    | 1           | 0            | 2",
            "1         | 1.01     | LAST    | 1           | 0            | 2",
            // more than the threshold late: missed, and the policy decides
            "1         | 1.5      | NONE    | ''          | 1            | 2",
            "1         | 1.5      | LAST    | 1           | 0            | 2",
            "1         | 4.5      | LAST    | 4           | 3            | 5",
            "1         | 4.5      | ALL     | 3 4         | 2            | 5",
            "1         | 4.5      | NONE    | ''          | 4            | 5",
            // a fire time due now wins over catching up the last missed one
            "1         | 4.01     | LAST    | 4           | 3            | 5",
            "1         | 4.01     | ALL     | 2 3 4       | 1            | 5"})
    void theCatchUpPolicyDecidesWhatMissedTimesStart(double due, double now, CatchUpPolicy catchUp, String fired, int missed, double next) {
        FirePlan plan = FirePlan.of(HOURLY, hour(due), hour(now), THRESHOLD, catchUp, 2);
        List<Instant> expected = fired.isBlank() ? List.of() : java.util.Arrays.stream(fired.trim().split(" ")).map(h -> hour(Double.parseDouble(h)))
                .toList();
        assertThat(plan.fire()).isEqualTo(expected);
        assertThat(plan.missed().map(FirePlan.Missed::count).orElse(0)).isEqualTo(missed);
        assertThat(plan.next()).contains(hour(next));
    }

    @org.junit.jupiter.api.Test
    void aVeryLongDowntimeIsCountedInBulkAndCatchesNothingUp() {
        FireTimes everyMinute = new FireTimes.IntervalTimes(START, Duration.ofMinutes(1));
        Instant now = START.plus(Duration.ofDays(30));
        FirePlan plan = FirePlan.of(everyMinute, START, now, THRESHOLD, CatchUpPolicy.ALL, 100);
        assertThat(plan.fire()).isEmpty();
        assertThat(plan.missed().orElseThrow().atLeast()).isTrue();
        assertThat(plan.missed().orElseThrow().count()).isEqualTo(FirePlan.MAX_DUE);
        assertThat(plan.next()).contains(now.plus(Duration.ofMinutes(1)));
    }
}
