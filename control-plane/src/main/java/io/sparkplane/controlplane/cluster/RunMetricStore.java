package io.sparkplane.controlplane.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.controlplane.run.NativeValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.query.NativeQuery;

/** The per-attempt series of scheduler snapshots, in table {@code run_metric}. */
@ApplicationScoped
public class RunMetricStore {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String COLUMNS = "at, pending_tasks, running_tasks, completed_tasks, executors_alive, executors_busy,"
            + " desired_workers, alive_workers, mean_task_millis";

    private final EntityManager entityManager;

    RunMetricStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Stores a snapshot with the attempt's current desired and alive workers. A snapshot sent twice
     * (the launcher beats faster than the listener writes) is stored once.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(UUID runId, int attempt, HeartbeatBody.Backlog backlog) {
        String stages;
        try {
            stages = MAPPER.writeValueAsString(backlog.stages());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize stages", e);
        }
        NativeQuery<?> insert = entityManager.createNativeQuery(
                        "insert into run_metric (run_id, attempt, at, workspace_id, pending_tasks, running_tasks, completed_tasks,"
                                + " failed_tasks, executors_alive, executors_busy, mean_task_millis, desired_workers, alive_workers, stages)"
                                + " select a.run_id, a.attempt, :at, a.workspace_id, :pending, :running, :completed, :failed, :alive, :busy,"
                                + " :mean, coalesce(a.desired_workers, 0), coalesce((a.topology ->> 'aliveWorkers')::int, 0),"
                                + " cast(:stages as jsonb)"
                                + " from run_attempt a where a.run_id = :run and a.attempt = :attempt"
                                + " on conflict do nothing")
                .unwrap(NativeQuery.class);
        insert.setParameter("at", OffsetDateTime.ofInstant(Instant.parse(backlog.at()), ZoneOffset.UTC))
                .setParameter("pending", backlog.pendingTasks())
                .setParameter("running", backlog.runningTasks())
                .setParameter("completed", backlog.completedTasks())
                .setParameter("failed", backlog.failedTasks())
                .setParameter("alive", backlog.executorsAlive())
                .setParameter("busy", backlog.executorsBusy())
                .setParameter("mean", backlog.meanTaskMillis(), Long.class)
                .setParameter("stages", stages)
                .setParameter("run", runId)
                .setParameter("attempt", attempt)
                .executeUpdate();
    }

    /** Points strictly after {@code after} (all when null), oldest first, at most {@code limit}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<MetricPoint> series(UUID runId, int attempt, Instant after, int limit) {
        List<?> rows = entityManager.createNativeQuery("select " + COLUMNS + " from run_metric"
                        + " where run_id = :run and attempt = :attempt and at > :after order by at limit :limit")
                .setParameter("run", runId)
                .setParameter("attempt", attempt)
                .setParameter("after", OffsetDateTime.ofInstant(after == null ? Instant.EPOCH : after, ZoneOffset.UTC))
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(row -> point((Object[]) row)).toList();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<MetricPoint> latest(UUID runId, int attempt) {
        List<?> rows = entityManager.createNativeQuery("select " + COLUMNS + " from run_metric"
                        + " where run_id = :run and attempt = :attempt order by at desc limit 1")
                .setParameter("run", runId)
                .setParameter("attempt", attempt)
                .getResultList();
        return rows.stream().findFirst().map(row -> point((Object[]) row));
    }

    private static MetricPoint point(Object[] row) {
        return new MetricPoint(instant(row[0]), number(row[1]), number(row[2]), number(row[3]), number(row[4]), number(row[5]),
                number(row[6]), number(row[7]), row[8] == null ? null : ((Number) row[8]).longValue());
    }

    private static int number(Object value) {
        return ((Number) value).intValue();
    }

    static Instant instant(Object value) {
        return NativeValues.instant(value);
    }
}
