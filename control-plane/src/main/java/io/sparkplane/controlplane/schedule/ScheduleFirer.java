package io.sparkplane.controlplane.schedule;

import io.sparkplane.controlplane.config.SparkplaneConfig;
import io.sparkplane.controlplane.job.JobAtMaxConcurrencyException;
import io.sparkplane.controlplane.job.JobRuns;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.run.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Starts the runs of due schedules. Any number of replicas call it at once: each takes a due schedule
 * with {@code FOR UPDATE SKIP LOCKED}, and each fire time is recorded in a row that only one
 * transaction can insert (the unique index {@code schedule_fire}), in the transaction that stores
 * its run. So a fire time starts exactly one run, or is recorded as skipped, failed or missed.
 */
@ApplicationScoped
public class ScheduleFirer {

    private static final Logger LOG = Logger.getLogger(ScheduleFirer.class);
    /** Schedules one pass fires at most, so a backlog after downtime does not hold one replica for long. */
    static final int MAX_PER_PASS = 100;

    private final EntityManager entityManager;
    private final Schedules schedules;
    private final JobRuns jobRuns;
    private final Duration misfireThreshold;

    ScheduleFirer(EntityManager entityManager, Schedules schedules, JobRuns jobRuns, SparkplaneConfig config) {
        this.entityManager = entityManager;
        this.schedules = schedules;
        this.jobRuns = jobRuns;
        this.misfireThreshold = config.schedules().misfireThreshold();
    }

    /** @param now the scheduler's clock; returns how many fire times started a run */
    public int fireDue(Instant now) {
        int started = 0;
        for (int i = 0; i < MAX_PER_PASS; i++) {
            Integer fired;
            try {
                fired = Transactions.inNewTransaction(() -> fireNext(now));
            } catch (BrokenSchedule broken) {
                // a schedule that cannot be fired must not hold up the others, which come after it by next fire time
                LOG.errorf(broken.getCause(), "schedule %s could not be fired; its fire time is recorded FAILED and it goes on", broken.schedule);
                Transactions.inNewTransaction(() -> passOver(broken.schedule, now, broken.getCause()));
                continue;
            }
            if (fired == null) {
                break;
            }
            started += fired;
        }
        if (started > 0) {
            jobRuns.queued();
        }
        return started;
    }

    /** Fires one due schedule that no other replica holds; null when there is none. */
    private Integer fireNext(Instant now) {
        @SuppressWarnings("unchecked")
        List<UUID> due = entityManager.createNativeQuery("select id from schedule where deleted_at is null and not paused and next_fire_at <= :now"
                        + " order by next_fire_at limit 1 for update skip locked", UUID.class)
                .setParameter("now", now)
                .getResultList();
        if (due.isEmpty()) {
            return null;
        }
        try {
            return fire(due.get(0), now);
        } catch (RuntimeException e) {
            if (Transactions.isRetryable(e)) {
                throw e;
            }
            throw new BrokenSchedule(due.get(0), e);
        }
    }

    /** A schedule whose firing failed with what a retry would not mend. */
    private static final class BrokenSchedule extends RuntimeException {
        private final UUID schedule;

        BrokenSchedule(UUID schedule, RuntimeException cause) {
            super(cause);
            this.schedule = schedule;
        }
    }

    /** Records the broken schedule's due fire time FAILED and moves it on to its next one after now (none when that cannot be read). */
    private Void passOver(UUID id, Instant now, Throwable cause) {
        @SuppressWarnings("unchecked")
        List<UUID> locked = entityManager.createNativeQuery("select id from schedule where id = :id and deleted_at is null and not paused"
                        + " and next_fire_at <= :now for update skip locked", UUID.class)
                .setParameter("id", id).setParameter("now", now).getResultList();
        if (locked.isEmpty()) {
            return null;
        }
        ScheduleEntity schedule = ScheduleEntity.findById(id);
        entityManager.refresh(schedule);
        record(schedule.id, ScheduleEventType.FAILED, schedule.nextFireAt, null, "no run was started: the schedule could not be fired ("
                + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")", now);
        Instant next;
        try {
            next = Schedules.times(schedule).next(now).orElse(null);
        } catch (RuntimeException e) {
            next = null;
        }
        schedule.nextFireAt = next;
        return null;
    }

    private Integer fire(UUID id, Instant now) {
        ScheduleEntity schedule = ScheduleEntity.findById(id);
        entityManager.refresh(schedule);
        ScheduleSpec spec = Schedules.spec(schedule);
        ScheduleDefinition definition = Schedules.checked(spec, schedule.createdAt);
        FirePlan plan = FirePlan.of(definition.times(), schedule.nextFireAt, now, misfireThreshold, definition.catchUp(), definition.maxCatchUpRuns());
        plan.missed().ifPresent(missed -> record(schedule.id, ScheduleEventType.MISSED, missed.first(), null, (missed.atLeast() ? "at least " : "")
                + missed.count() + " fire time(s) from " + missed.first() + " to " + missed.last() + " passed without a run (catchUp "
                + definition.catchUp() + ")", now));
        int started = 0;
        for (Instant fireTime : plan.fire()) {
            if (fire(schedule, definition, fireTime, now)) {
                started++;
            }
        }
        schedule.nextFireAt = plan.next().orElse(null);
        return started;
    }

    /** Starts the run of one fire time, unless another replica has recorded that fire time already. */
    private boolean fire(ScheduleEntity schedule, ScheduleDefinition definition, Instant fireTime, Instant now) {
        Long event = record(schedule.id, ScheduleEventType.FIRED, fireTime, null, "starting", now);
        if (event == null) {
            LOG.infof("fire time %s of schedule %s was handled already (by another replica)", fireTime, schedule.id);
            return false;
        }
        String late = Duration.between(fireTime, now).compareTo(misfireThreshold) > 0
                ? " (late by " + Duration.between(fireTime, now).toSeconds() + " s: caught up)" : "";
        try {
            RunEntity run = jobRuns.startScheduled(schedule.jobId, schedule.id, fireTime, definition.times().zone(), definition.parameters());
            update(event, ScheduleEventType.FIRED, run.id, "started run " + run.id + late);
            schedule.lastFireTime = fireTime;
            schedule.lastRunId = run.id;
            LOG.infof("schedule %s fired for %s: run %s", schedule.id, fireTime, run.id);
            return true;
        } catch (JobAtMaxConcurrencyException e) {
            update(event, ScheduleEventType.SKIPPED, null, e.getMessage());
        } catch (ProblemException e) {
            String errors = e.errors().stream().map(error -> error.field() + ": " + error.message()).collect(Collectors.joining("; "));
            update(event, ScheduleEventType.FAILED, null, "no run was started: " + e.getMessage() + (errors.isEmpty() ? "" : " (" + errors + ")"));
            LOG.warnf("schedule %s could not start a run for %s: %s", schedule.id, fireTime, e.getMessage());
        }
        schedule.lastFireTime = fireTime;
        return false;
    }

    /** The event's id; null when the fire time has its row already. */
    private Long record(UUID schedule, ScheduleEventType type, Instant fireTime, UUID run, String message, Instant at) {
        List<?> inserted = entityManager.createNativeQuery("insert into schedule_event (schedule_id, type, fire_time, run_id, message, at)"
                        + " values (:schedule, :type, :fireTime, :run, :message, :at)"
                        + " on conflict (schedule_id, fire_time) where fire_time is not null do nothing returning id")
                .setParameter("schedule", schedule)
                .setParameter("type", type.name())
                .setParameter("fireTime", fireTime)
                .setParameter("run", run)
                .setParameter("message", message)
                .setParameter("at", at)
                .getResultList();
        return inserted.isEmpty() ? null : ((Number) inserted.get(0)).longValue();
    }

    private void update(long event, ScheduleEventType type, UUID run, String message) {
        entityManager.createNativeQuery("update schedule_event set type = :type, run_id = :run, message = :message where id = :id")
                .setParameter("type", type.name())
                .setParameter("run", run)
                .setParameter("message", message)
                .setParameter("id", event)
                .executeUpdate();
    }
}
