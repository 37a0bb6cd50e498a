package io.sparkplane.controlplane.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.time.ExecutionTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** When a schedule fires. Pure. */
public sealed interface FireTimes {

    /** The first fire time strictly after {@code after}; empty when there is none (a cron expression that never matches). */
    Optional<Instant> next(Instant after);

    /** The zone of the schedule's dates ({@code sparkplane.fireDate}). */
    ZoneId zone();

    /** Up to {@code count} fire times from {@code from} on, {@code from} itself included when it is one. */
    default List<Instant> upcoming(Instant from, int count) {
        List<Instant> times = new ArrayList<>();
        Optional<Instant> next = next(from.minusNanos(1));
        while (next.isPresent() && times.size() < count) {
            times.add(next.get());
            next = next(next.get());
        }
        return times;
    }

    /** A cron expression read in a time zone: wall-clock times, so "02:30 daily" stays at 02:30 across daylight-saving changes. */
    record CronTimes(Cron cron, ZoneId zone) implements FireTimes {
        @Override
        public Optional<Instant> next(Instant after) {
            return ExecutionTime.forCron(cron).nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
        }
    }

    /** Every {@code interval} (whole seconds) from {@code start}: fixed elapsed time, whatever the clocks on walls say. */
    record IntervalTimes(Instant start, Duration interval) implements FireTimes {
        @Override
        public Optional<Instant> next(Instant after) {
            if (after.isBefore(start)) {
                return Optional.of(start);
            }
            long periods = Duration.between(start, after).getSeconds() / interval.getSeconds();
            return Optional.of(start.plus(interval.multipliedBy(periods + 1)));
        }

        @Override
        public ZoneId zone() {
            return java.time.ZoneOffset.UTC;
        }
    }
}
