package io.sparkplane.controlplane.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
 * The warm pools' meters, read from PostgreSQL as {@link RunStateGauges}' are (every replica reports
 * the database's view; read at most every {@link #MAX_AGE}, only while something scrapes):
 * {@code sparkplane_warm_pools}, {@code sparkplane_warm_pool_size}, {@code sparkplane_warm_pool_clusters} by state (starting, ready)
 * and {@code sparkplane_warm_pool_claims_total} by result (hit: a run took one of its clusters; miss: a
 * run of its workspace and profile started cold).
 */
@ApplicationScoped
public class WarmPoolGauges {

    static final Duration MAX_AGE = Duration.ofSeconds(5);
    static final List<String> STATES = List.of("starting", "ready");

    /** One reading: each pool's size, clusters by state, and claims by result. */
    record Reading(Map<String, Integer> sizes, Map<String, Map<String, Long>> clusters, Map<String, Map<String, Long>> claims) {

        static final Reading NONE = new Reading(Map.of(), Map.of(), Map.of());

        long clusters(String pool, String state) {
            return clusters.getOrDefault(pool, Map.of()).getOrDefault(state, 0L);
        }

        long claims(String pool, String result) {
            return claims.getOrDefault(pool, Map.of()).getOrDefault(result, 0L);
        }
    }

    private final MeterRegistry registry;
    private final EntityManager entityManager;
    private final MeterGuard guard = new MeterGuard(WarmPoolGauges.class);
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private volatile Reading reading = Reading.NONE;
    private volatile long readAt;
    private volatile boolean read;

    WarmPoolGauges(MeterRegistry registry, EntityManager entityManager) {
        this.registry = registry;
        this.entityManager = entityManager;
    }

    Reading reading() {
        if (!(read && System.nanoTime() - readAt < MAX_AGE.toNanos())) {
            synchronized (this) {
                if (!(read && System.nanoTime() - readAt < MAX_AGE.toNanos())) {
                    refresh();
                }
            }
        }
        return reading;
    }

    /** Reads PostgreSQL now, and registers the meters of pools that have none yet; a failure keeps the last reading. */
    public synchronized void refresh() {
        Reading latest = guard.get("reading the warm pools from PostgreSQL", this::query, null);
        readAt = System.nanoTime();
        read = true;
        if (latest != null) {
            reading = latest;
            guard.run("registering the warm pools' meters", () -> latest.sizes().keySet().forEach(this::register));
        }
    }

    private Reading query() {
        Map<String, Integer> sizes = new HashMap<>();
        Map<String, Map<String, Long>> clusters = new HashMap<>();
        Map<String, Map<String, Long>> claims = new HashMap<>();
        Transactions.inNewTransaction(() -> {
            for (Object[] row : rows("select pool_name, lower(state), count(*) from warm_pool_member where taken_run_id is null"
                    + " and state in ('STARTING', 'READY') group by pool_name, state")) {
                clusters.computeIfAbsent((String) row[0], pool -> new HashMap<>()).put((String) row[1], ((Number) row[2]).longValue());
            }
            // the keeper keeps a row a pool, with its size, from its first pass
            for (Object[] row : rows("select pool_name, hits, misses, size from warm_pool_activity")) {
                claims.put((String) row[0], Map.of("hit", ((Number) row[1]).longValue(), "miss", ((Number) row[2]).longValue()));
                sizes.put((String) row[0], ((Number) row[3]).intValue());
            }
        });
        return new Reading(sizes, clusters, claims);
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql) {
        return entityManager.createNativeQuery(sql).setHint("jakarta.persistence.query.timeout", 2000).getResultList();
    }

    /** The count of pools, registered at start: reading it registers the meters of pools made since. */
    void registerAtStart() {
        Gauge.builder(MetricNames.WARM_POOLS, this, gauges -> gauges.reading().sizes().size())
                .description("Warm pools there are: the configuration's and those made through the API")
                .strongReference(true)
                .register(registry);
    }

    /** A pool's meters; a deleted pool's stay at their last values until the control plane restarts (counters never go back). */
    void register(String pool) {
        if (!registered.add(pool)) {
            return;
        }
        Gauge.builder(MetricNames.WARM_POOL_SIZE, this, gauges -> gauges.reading().sizes().getOrDefault(pool, 0))
                .description("Warm clusters the pool keeps ready (its size setting)")
                .tag(MetricNames.POOL, pool)
                .strongReference(true)
                .register(registry);
        for (String state : STATES) {
            Gauge.builder(MetricNames.WARM_POOL_CLUSTERS, this, gauges -> gauges.reading().clusters(pool, state))
                    .description("The pool's warm clusters no run has taken, by state, as PostgreSQL has them")
                    .tag(MetricNames.POOL, pool)
                    .tag(MetricNames.STATE, state)
                    .strongReference(true)
                    .register(registry);
        }
        for (String result : List.of("hit", "miss")) {
            FunctionCounter.builder(MetricNames.WARM_POOL_CLAIMS, this, gauges -> gauges.reading().claims(pool, result))
                    .description("Runs of the pool's workspace and profile: hit, took one of its warm clusters; miss, started cold")
                    .tag(MetricNames.POOL, pool)
                    .tag(MetricNames.RESULT, result)
                    .register(registry);
        }
    }
}
