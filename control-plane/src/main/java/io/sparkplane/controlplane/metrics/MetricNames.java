package io.sparkplane.controlplane.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of the control plane's own meters and of their labels, in one place: what docs/metrics.md
 * documents one by one and the Grafana dashboard of the Helm chart queries (a test holds the three
 * together). Micrometer names are dotted; the Prometheus registry writes them with underscores and
 * the unit or {@code _total} suffix, which is how {@link #PROMETHEUS} lists them.
 *
 * <p>Labels carry names only (an engine profile, a workspace id, a state, a reason), never an id of
 * a run, a token, a path or a message: their values stay few and say nothing secret. 
 */
public final class MetricNames {

    private MetricNames() {}

    /** Runs by state and engine profile, as PostgreSQL has them: every replica reports the same numbers. */
    public static final String RUNS = "sparkplane.runs";
    /** QUEUED runs per workspace, as PostgreSQL has them. */
    public static final String QUEUE_DEPTH = "sparkplane.queue.depth";
    /** Runs stored as QUEUED by this replica (every surface: the API, Livy, jobs, schedules). */
    public static final String RUNS_SUBMITTED = "sparkplane.runs.submitted";
    /** Runs that reached an end state through this replica. */
    public static final String RUNS_FINISHED = "sparkplane.runs.finished";
    /** From a run's (re)queueing to its claim by the dispatcher. */
    public static final String DISPATCH_LATENCY = "sparkplane.dispatch.latency";
    /** How long {@code EngineBackend.provision} took. */
    public static final String PROVISION = "sparkplane.provision";
    /** From an attempt's start (PROVISIONING) to the engine's first RUNNING report. */
    public static final String ENGINE_START = "sparkplane.engine.start";
    /** The autoscaler's decisions on fresh backlog snapshots. */
    public static final String AUTOSCALER_DECISIONS = "sparkplane.autoscaler.decisions";
    /** The workers the autoscaler wants across an engine profile's going clusters, as PostgreSQL has them. */
    public static final String AUTOSCALER_DESIRED_WORKERS = "sparkplane.autoscaler.desired.workers";

    /** The warm pools there are (docs/warm-pools.md), as the control plane has them. */
    public static final String WARM_POOLS = "sparkplane.warm.pools";
    /** A warm pool's size setting: the warm clusters it keeps ready. */
    public static final String WARM_POOL_SIZE = "sparkplane.warm.pool.size";
    /** A warm pool's clusters no run has taken, by state (starting, ready), as PostgreSQL has them. */
    public static final String WARM_POOL_CLUSTERS = "sparkplane.warm.pool.clusters";
    /** Runs of a warm pool's workspace and profile: hit (took a warm cluster) or miss (started cold), as PostgreSQL counts them. */
    public static final String WARM_POOL_CLAIMS = "sparkplane.warm.pool.claims";

    /** The engine profile a run names (sparkplane.backends.&lt;profile&gt; or one made through the API). */
    public static final String BACKEND = "backend";
    public static final String STATE = "state";
    public static final String WORKSPACE = "workspace";
    /** A run's {@code TerminationReason}. */
    public static final String REASON = "reason";
    /** success or failure. */
    public static final String OUTCOME = "outcome";
    /** up, down or hold ({@link ScalingDirection}). */
    public static final String DIRECTION = "direction";
    /** A warm pool's name. */
    public static final String POOL = "pool";
    /** hit or miss. */
    public static final String RESULT = "result";

    /**
     * Every family of the control plane's own meters as Prometheus shows it, with its labels (a
     * histogram's {@code _bucket}, {@code _count}, {@code _sum} and {@code _max} series come with it).
     */
    public static final Map<String, List<String>> PROMETHEUS = prometheus();

    private static Map<String, List<String>> prometheus() {
        Map<String, List<String>> families = new LinkedHashMap<>();
        families.put("sparkplane_runs", List.of(BACKEND, STATE));
        families.put("sparkplane_queue_depth", List.of(WORKSPACE));
        families.put("sparkplane_runs_submitted_total", List.of(BACKEND));
        families.put("sparkplane_runs_finished_total", List.of(BACKEND, STATE, REASON));
        families.put("sparkplane_dispatch_latency_seconds", List.of(BACKEND));
        families.put("sparkplane_provision_seconds", List.of(BACKEND, OUTCOME));
        families.put("sparkplane_engine_start_seconds", List.of(BACKEND));
        families.put("sparkplane_autoscaler_decisions_total", List.of(BACKEND, DIRECTION));
        families.put("sparkplane_autoscaler_desired_workers", List.of(BACKEND));
        families.put("sparkplane_warm_pools", List.of());
        families.put("sparkplane_warm_pool_size", List.of(POOL));
        families.put("sparkplane_warm_pool_clusters", List.of(POOL, STATE));
        families.put("sparkplane_warm_pool_claims_total", List.of(POOL, RESULT));
        return java.util.Collections.unmodifiableMap(families);
    }
}
