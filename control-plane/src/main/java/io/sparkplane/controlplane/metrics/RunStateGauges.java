package io.sparkplane.controlplane.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sparkplane.controlplane.run.RunState;
import io.sparkplane.controlplane.run.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gauges read from PostgreSQL, so that every replica reports the database's view and not what
 * passed through it: {@code sparkplane_runs} by engine profile and state, {@code sparkplane_queue_depth}
 * per workspace and {@code sparkplane_autoscaler_desired_workers} per engine profile.
 *
 * <p>Read lazily: the first gauge a scrape asks reads the three grouped counts in one short
 * transaction, and the gauges after it (and any scrape within {@link #MAX_AGE}) use that reading.
 * Nothing queries the database while nobody scrapes. A failed reading keeps the last one and
 * is tried again after {@link #MAX_AGE}; a scrape never fails for it.
 */
@ApplicationScoped
public class RunStateGauges {

    /** How old a reading a scrape may be given: scrapes of several Prometheus servers, or a dashboard, share one. */
    static final Duration MAX_AGE = Duration.ofSeconds(5);
    /** A scrape waits at most this for the database; the last reading is shown after it. */
    private static final int QUERY_TIMEOUT_MILLIS = 2000;

    private final MeterRegistry registry;
    private final EntityManager entityManager;
    private final MeterGuard guard = new MeterGuard(RunStateGauges.class);
    private final Set<String> backends = ConcurrentHashMap.newKeySet();
    private final Map<String, Gauge> workspaces = new ConcurrentHashMap<>();

    private volatile RunCounts counts = RunCounts.NONE;
    /** When {@link #counts} was read ({@link System#nanoTime}); meaningless until {@link #read}. */
    private volatile long readAt;
    private volatile boolean read;

    RunStateGauges(MeterRegistry registry, EntityManager entityManager) {
        this.registry = registry;
        this.entityManager = entityManager;
    }

    /** The last reading, read again first when older than {@link #MAX_AGE}. */
    RunCounts counts() {
        if (!fresh()) {
            synchronized (this) {
                if (!fresh()) {
                    refresh();
                }
            }
        }
        return counts;
    }

    private boolean fresh() {
        return read && System.nanoTime() - readAt < MAX_AGE.toNanos();
    }

    /** Reads PostgreSQL now (the tests call it to see their own runs at once); a failure keeps the last reading. */
    public synchronized void refresh() {
        RunCounts latest = guard.get("reading the runs' counts from PostgreSQL", () -> Transactions.inNewTransaction(this::query), null);
        readAt = System.nanoTime();
        read = true;
        if (latest != null) {
            counts = latest;
            guard.run("registering the runs' gauges", () -> follow(latest));
        }
    }

    private RunCounts query() {
        Map<RunCounts.ByState, Long> runs = new HashMap<>();
        for (Object[] row : rows("select backend, state, count(*) from run"
                + " where state in ('QUEUED', 'PROVISIONING', 'RUNNING', 'CANCELLING') group by backend, state")) {
            runs.put(new RunCounts.ByState((String) row[0], RunState.valueOf((String) row[1])), ((Number) row[2]).longValue());
        }
        Map<String, Long> queued = new HashMap<>();
        for (Object[] row : rows("select w.id, count(r.id) from workspace w left join run r on r.workspace_id = w.id and r.state = 'QUEUED'"
                + " where w.deleted_at is null group by w.id")) {
            queued.put((String) row[0], ((Number) row[1]).longValue());
        }
        Map<String, Long> workers = new HashMap<>();
        for (Object[] row : rows("select r.backend, coalesce(sum(a.desired_workers), 0) from run_attempt a"
                + " join run r on r.id = a.run_id and r.attempt = a.attempt"
                + " where a.state in ('PROVISIONING', 'RUNNING') and a.torn_down_at is null group by r.backend")) {
            workers.put((String) row[0], ((Number) row[1]).longValue());
        }
        return new RunCounts(runs, queued, workers);
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql) {
        return entityManager.createNativeQuery(sql).setHint("jakarta.persistence.query.timeout", QUERY_TIMEOUT_MILLIS).getResultList();
    }

    /** Gauges for the profiles and workspaces of a reading that have none yet; a deleted workspace's goes. */
    private void follow(RunCounts latest) {
        latest.runs().keySet().forEach(key -> register(key.backend()));
        latest.desiredWorkers().keySet().forEach(this::register);
        for (String workspace : latest.queuedByWorkspace().keySet()) {
            workspaces.computeIfAbsent(workspace, id -> Gauge.builder(MetricNames.QUEUE_DEPTH, this, gauges -> gauges.counts().queued(id))
                    .description("QUEUED runs of the workspace, as PostgreSQL has them (every replica reports the same)")
                    .tag(MetricNames.WORKSPACE, id)
                    .strongReference(true)
                    .register(registry));
        }
        workspaces.keySet().removeIf(workspace -> {
            if (latest.queuedByWorkspace().containsKey(workspace)) {
                return false;
            }
            registry.remove(workspaces.get(workspace));
            return true;
        });
    }

    /** The engine profile's gauges: one a state, and its desired workers; zero until it has runs. */
    void register(String backend) {
        if (!backends.add(backend)) {
            return;
        }
        for (RunState state : RunCounts.NOT_ENDED) {
            Gauge.builder(MetricNames.RUNS, this, gauges -> gauges.counts().runs(backend, state))
                    .description("Runs not ended, by engine profile and state, as PostgreSQL has them (every replica reports the same)")
                    .tag(MetricNames.BACKEND, backend)
                    .tag(MetricNames.STATE, state.name())
                    .strongReference(true)
                    .register(registry);
        }
        Gauge.builder(MetricNames.AUTOSCALER_DESIRED_WORKERS, this, gauges -> gauges.counts().desiredWorkers(backend))
                .description("Workers wanted across the engine profile's going clusters (the autoscaler's last decisions), as PostgreSQL has them")
                .tag(MetricNames.BACKEND, backend)
                .strongReference(true)
                .register(registry);
    }
}
