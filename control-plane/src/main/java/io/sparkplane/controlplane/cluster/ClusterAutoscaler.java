package io.sparkplane.controlplane.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.autoscaler.BacklogSnapshot;
import io.sparkplane.autoscaler.ClusterState;
import io.sparkplane.autoscaler.ScalingDecision;
import io.sparkplane.autoscaler.ScalingPolicy;
import io.sparkplane.controlplane.backend.EngineProfiles;
import io.sparkplane.controlplane.config.SparkplaneConfig;
import io.sparkplane.controlplane.run.AutoscalingPolicy;
import io.sparkplane.controlplane.run.Clocks;
import io.sparkplane.controlplane.run.ClusterRefJson;
import io.sparkplane.controlplane.run.RunDefinition;
import io.sparkplane.controlplane.run.RunDefinitionJson;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.run.RunEventType;
import io.sparkplane.controlplane.run.RunLifecycle;
import io.sparkplane.controlplane.run.RunLogContext;
import io.sparkplane.controlplane.run.Transactions;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterTopology;
import io.sparkplane.spi.engine.EngineBackendException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Runs each running cluster's scaling policy on the driver's latest snapshot and applies the
 * decision through {@code EngineBackend.resize}, which also repairs the cluster (replaces dead
 * workers, stops drained ones). One pass handles every running attempt; a replica works on an
 * attempt only while it holds the run's and the attempt's rows (SKIP LOCKED), so two replicas never
 * decide for the same cluster at once.
 *
 * <p>The autoscaler's columns of {@code run_attempt} are written with plain updates, so they never
 * bump the attempt's version and race the state machine's optimistic locking.
 */
@ApplicationScoped
public class ClusterAutoscaler {

    private static final Logger LOG = Logger.getLogger(ClusterAutoscaler.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final EntityManager entityManager;
    private final EngineProfiles backends;
    private final RunMetricStore metrics;
    private final RunLifecycle lifecycle;
    private final Clocks clocks;
    private final SparkplaneConfig config;
    /** Counts each decision for the metrics (sparkplane_autoscaler_decisions_total); never fails a pass. */
    @jakarta.inject.Inject
    io.sparkplane.controlplane.metrics.AutoscalerDecisions decisions;

    ClusterAutoscaler(EntityManager entityManager, EngineProfiles backends, RunMetricStore metrics, RunLifecycle lifecycle,
            Clocks clocks, SparkplaneConfig config) {
        this.entityManager = entityManager;
        this.backends = backends;
        this.metrics = metrics;
        this.lifecycle = lifecycle;
        this.clocks = clocks;
        this.config = config;
    }

    record Target(UUID runId, int attempt, String backend, ClusterRef cluster, Instant startedAt) {}

    private record Desired(int workers) {}

    public void scaleOnce() {
        for (Target target : Transactions.inNewTransaction(this::targets)) {
            try (RunLogContext ignored = RunLogContext.of(target.runId(), target.attempt())) {
                scale(target);
            } catch (RuntimeException e) {
                LOG.errorf(e, "autoscaling failed; will try again");
            }
        }
    }

    private List<Target> targets() {
        List<?> rows = entityManager.createNativeQuery(
                        "select a.run_id, a.attempt, r.backend, cast(a.cluster as text), coalesce(a.started_at, a.provisioning_at)"
                                + " from run_attempt a join run r on r.id = a.run_id and r.attempt = a.attempt"
                                + " where r.state = 'RUNNING' and a.state = 'RUNNING' and a.cluster is not null and a.torn_down_at is null")
                .getResultList();
        return rows.stream().map(row -> {
            Object[] columns = (Object[]) row;
            return new Target((UUID) columns[0], ((Number) columns[1]).intValue(), (String) columns[2],
                    ClusterRefJson.read((String) columns[3]), RunMetricStore.instant(columns[4]));
        }).toList();
    }

    void scale(Target target) {
        Desired desired = Transactions.inNewTransaction(() -> decide(target));
        if (desired == null) {
            return;
        }
        ClusterTopology topology;
        try {
            topology = backends.get(target.backend()).resize(target.cluster(), desired.workers());
        } catch (EngineBackendException e) {
            LOG.warnf("resizing the cluster to %d workers failed: %s", desired.workers(), e.getMessage());
            return;
        }
        Transactions.inNewTransaction(() -> {
            if (!topology.repairs().isEmpty()) {
                RunEntity run = RunEntity.findById(target.runId());
                for (String repair : topology.repairs()) {
                    LOG.warnf("cluster repaired: %s", repair);
                    lifecycle.event(run, RunEventType.CLUSTER_REPAIRED, null, null, null, repair);
                }
            }
            entityManager.createNativeQuery("update run_attempt set topology = cast(:topology as jsonb), topology_at = :now"
                            + " where run_id = :run and attempt = :attempt")
                    .setParameter("topology", json(topology))
                    .setParameter("now", OffsetDateTime.ofInstant(clocks.now(), ZoneOffset.UTC))
                    .setParameter("run", target.runId())
                    .setParameter("attempt", target.attempt())
                    .executeUpdate();
        });
    }

    /** The worker count to apply now, or null when another replica holds the attempt or it is no longer running. */
    private Desired decide(Target target) {
        List<?> locked = entityManager.createNativeQuery("select cast(r.spec as text), r.workspace_id from run r where r.id = :run and r.attempt = :attempt"
                        + " and r.state = 'RUNNING' for update skip locked")
                .setParameter("run", target.runId())
                .setParameter("attempt", target.attempt())
                .getResultList();
        if (locked.isEmpty()) {
            return null;
        }
        List<?> rows = entityManager.createNativeQuery("select cast(autoscaler_state as text) from run_attempt"
                        + " where run_id = :run and attempt = :attempt and state = 'RUNNING' for update skip locked")
                .setParameter("run", target.runId())
                .setParameter("attempt", target.attempt())
                .getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] run = (Object[]) locked.get(0);
        RunDefinition definition = RunDefinitionJson.read((String) run[0]);
        String workspace = (String) run[1];
        AutoscalingPolicy autoscaling = definition.autoscaling();
        String storedState = (String) rows.get(0);
        int coresPerWorker = definition.resources().executor().cores();
        ClusterStateJson.Stored stored = storedState == null
                ? new ClusterStateJson.Stored(ClusterState.created(autoscaling.initialWorkers(),
                        autoscaling.minExecutors(), autoscaling.maxExecutors(), coresPerWorker, target.startedAt()), null)
                : ClusterStateJson.read(storedState);
        ClusterState state = stored.state();
        Instant decidedSnapshotAt = stored.decidedSnapshotAt();
        Instant now = clocks.now();
        String reason = null;
        Optional<MetricPoint> latest = metrics.latest(target.runId(), target.attempt());
        boolean fresh = latest.isPresent()
                && Duration.between(latest.get().at(), now).compareTo(config.autoscaler().snapshotMaxAge()) <= 0
                && (decidedSnapshotAt == null || latest.get().at().isAfter(decidedSnapshotAt));
        if (fresh) {
            BacklogSnapshot snapshot = snapshot(latest.get());
            decidedSnapshotAt = snapshot.at();
            state = state.afterObserving(snapshot);
            ScalingPolicy policy = ScalingPolicies.of(autoscaling, config.autoscaler().idleTimeout());
            ScalingDecision decision = policy.decide(snapshot, state, now);
            reason = decision.reason();
            int desired = decision.desiredWorkers();
            if (desired > state.currentWorkers()) {
                int allowed = withinExecutorsQuota(workspace, target, state.currentWorkers(), desired);
                if (allowed < desired) {
                    reason = reason + "; held to " + allowed + " by workspace " + workspace + "'s executors quota";
                    desired = allowed;
                }
            }
            decisions.decided(target.backend(), state.currentWorkers(), desired);
            if (desired != state.currentWorkers()) {
                String message = state.currentWorkers() + " → " + desired + " workers: " + reason;
                LOG.infof("resize %s", message);
                RunEntity entity = RunEntity.findById(target.runId());
                lifecycle.event(entity, RunEventType.CLUSTER_RESIZED, null, null, null, message);
                state = state.afterResize(desired, now);
            }
        }
        entityManager.createNativeQuery("update run_attempt set desired_workers = :desired, autoscaler_state = cast(:state as jsonb),"
                        + " last_decision = coalesce(:reason, last_decision) where run_id = :run and attempt = :attempt")
                .setParameter("desired", state.currentWorkers())
                .setParameter("state", ClusterStateJson.write(state, decidedSnapshotAt))
                .setParameter("reason", reason)
                .setParameter("run", target.runId())
                .setParameter("attempt", target.attempt())
                .executeUpdate();
        return new Desired(state.currentWorkers());
    }

    /**
     * How far a run may grow within its workspace's executors quota: what the quota leaves beside the
     * workspace's other going runs, never below what the run has. The workspace's growing runs take
     * turns (an advisory lock held to the end of the transaction that records the decision), so two
     * replicas cannot both spend the same room.
     */
    private int withinExecutorsQuota(String workspace, Target target, int current, int wanted) {
        List<?> quota = entityManager.createNativeQuery("select max_executors from workspace where id = :workspace")
                .setParameter("workspace", workspace).getResultList();
        if (quota.isEmpty() || quota.get(0) == null) {
            return wanted;
        }
        entityManager.createNativeQuery("select pg_advisory_xact_lock(hashtext(:key))")
                .setParameter("key", "sparkplane.executors." + workspace).getSingleResult();
        long others = ((Number) entityManager.createNativeQuery("select coalesce(sum(coalesce(a.desired_workers, 0)), 0) from run_attempt a"
                        + " join run r on r.id = a.run_id and r.attempt = a.attempt where r.workspace_id = :workspace"
                        + " and a.state in ('PROVISIONING', 'RUNNING') and a.torn_down_at is null and not (a.run_id = :run and a.attempt = :attempt)")
                .setParameter("workspace", workspace)
                .setParameter("run", target.runId())
                .setParameter("attempt", target.attempt())
                .getSingleResult()).longValue();
        return ExecutorsQuota.allowedWorkers(((Number) quota.get(0)).intValue(), (int) others, current, wanted);
    }

    private static BacklogSnapshot snapshot(MetricPoint point) {
        return new BacklogSnapshot(point.at(), point.pendingTasks(), point.runningTasks(), point.executorsAlive(),
                Math.min(point.executorsBusy(), point.executorsAlive()),
                point.meanTaskMillis() == null ? null : Duration.ofMillis(point.meanTaskMillis()));
    }

    /** The observed counts and endpoints; the repairs are events, not state. */
    static String json(ClusterTopology topology) {
        try {
            return MAPPER.writeValueAsString(Map.of(
                    "desiredWorkers", topology.desiredWorkers(),
                    "aliveWorkers", topology.aliveWorkers(),
                    "decommissioningWorkers", topology.decommissioningWorkers(),
                    "endpoints", topology.endpoints()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a cluster topology", e);
        }
    }
}
