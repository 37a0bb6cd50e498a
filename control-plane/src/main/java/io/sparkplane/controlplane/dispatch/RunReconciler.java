package io.sparkplane.controlplane.dispatch;

import io.sparkplane.controlplane.backend.EngineProfiles;
import io.sparkplane.controlplane.config.SparkplaneConfig;
import io.sparkplane.controlplane.run.AttemptState;
import io.sparkplane.controlplane.run.Clocks;
import io.sparkplane.controlplane.run.ClusterRefJson;
import io.sparkplane.controlplane.run.RunAttemptEntity;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.run.RunEventType;
import io.sparkplane.controlplane.run.RunLifecycle;
import io.sparkplane.controlplane.run.RunLogContext;
import io.sparkplane.controlplane.run.RunState;
import io.sparkplane.controlplane.run.TerminationReason;
import io.sparkplane.controlplane.run.Transactions;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.JobHosting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Drives every run that is not finished towards an end: carries out cancels, enforces the
 * deadlines of each non-final state (provisioning, heartbeats, the run's timeout), recovers
 * outcomes the control plane missed while it was down, and tears down the clusters of ended
 * attempts. Each step re-reads the run and does nothing if the run has moved on.
 */
@ApplicationScoped
public class RunReconciler {

    private static final Logger LOG = Logger.getLogger(RunReconciler.class);
    /** How long after a service-hosted attempt ended its logs are waited for before what is there is taken. */
    static final Duration OUTPUTS_DEADLINE = Duration.ofMinutes(15);

    private final EntityManager entityManager;
    private final EngineProfiles backends;
    private final RunLifecycle lifecycle;
    private final RunDispatcher dispatcher;
    private final AttemptOutcomes outcomes;
    private final ServiceDriverLogs driverLogs;
    private final ServiceEventLogs eventLogs;
    private final ServiceStaging staging;
    private final Clocks clocks;
    private final SparkplaneConfig.Deadlines deadlines;
    private volatile boolean recovered;
    /** Silence is counted from here at the earliest: while this process was down, nobody listened. */
    private final Instant listeningSince;

    RunReconciler(EntityManager entityManager, EngineProfiles backends, RunLifecycle lifecycle, RunDispatcher dispatcher,
            AttemptOutcomes outcomes, ServiceDriverLogs driverLogs,
            ServiceEventLogs eventLogs, ServiceStaging staging, Clocks clocks, SparkplaneConfig config) {
        this.entityManager = entityManager;
        this.backends = backends;
        this.lifecycle = lifecycle;
        this.dispatcher = dispatcher;
        this.outcomes = outcomes;
        this.driverLogs = driverLogs;
        this.eventLogs = eventLogs;
        this.staging = staging;
        this.clocks = clocks;
        this.deadlines = config.deadlines();
        this.listeningSince = clocks.now();
    }

    /** A snapshot of an unfinished run and its current attempt, read in one transaction. */
    record Snapshot(UUID runId, RunState state, String backend, int attempt, Integer timeoutSeconds, AttemptState attemptState,
            ClusterRef cluster, Instant provisioningAt, Instant lastSignOfLife) {}

    public void reconcileOnce() {
        // The first pass after a start asks the backends about every engine, so outcomes missed
        // while the control plane was down are recovered at once, not after a heartbeat timeout.
        boolean recovery = !recovered;
        for (Snapshot snapshot : Transactions.inNewTransaction(this::unfinishedRuns)) {
            try (RunLogContext ignored = RunLogContext.of(snapshot.runId(), snapshot.attempt())) {
                reconcile(snapshot, recovery);
            } catch (RuntimeException e) {
                LOG.errorf(e, "reconciling failed; will try again");
            }
        }
        recovered = true;
        tearDownEndedClusters();
        collectServiceOutputs();
    }

    private List<Snapshot> unfinishedRuns() {
        List<RunEntity> runs = RunEntity.list("state in ?1", List.of(RunState.PROVISIONING, RunState.RUNNING, RunState.CANCELLING));
        return runs.stream().map(run -> {
            RunAttemptEntity attempt = RunAttemptEntity.findById(new RunAttemptEntity.Key(run.id, run.attempt));
            if (attempt == null) {
                return new Snapshot(run.id, run.state, run.backend, run.attempt, run.timeoutSeconds, null, null, null, null);
            }
            Instant lastSign = latest(attempt.heartbeatAt, attempt.startedAt, attempt.provisioningAt);
            return new Snapshot(run.id, run.state, run.backend, run.attempt, run.timeoutSeconds, attempt.state,
                    attempt.cluster == null ? null : ClusterRefJson.read(attempt.cluster), attempt.provisioningAt, lastSign);
        }).toList();
    }

    private void reconcile(Snapshot run, boolean recovery) {
        Instant now = clocks.now();
        if (run.state() == RunState.CANCELLING) {
            cancel(run);
            return;
        }
        if (run.attemptState() == null || run.attemptState().isEnded()) {
            return;
        }
        if (run.timeoutSeconds() != null && now.isAfter(run.provisioningAt().plusSeconds(run.timeoutSeconds()))) {
            terminate(run);
            end(run, AttemptState.TIMED_OUT, TerminationReason.TIMEOUT, "the run exceeded its timeout of " + run.timeoutSeconds() + " s");
            return;
        }
        if (run.cluster() == null) {
            // a service-hosted attempt stages its inputs before its cluster is made, and its cloud's
            // deadline is its own; a restart does not count against it
            boolean serviceHosted = backends.names().contains(run.backend()) && backends.hosting(run.backend()) == JobHosting.SERVICE;
            Duration timeout = serviceHosted ? backends.provisioningTimeout(run.backend()) : deadlines.provisioningTimeout();
            Instant since = serviceHosted ? latest(run.provisioningAt(), listeningSince) : run.provisioningAt();
            if (elapsed(since, now).compareTo(timeout) > 0) {
                end(run, AttemptState.FAILED, TerminationReason.PROVISIONING_FAILED,
                        "no engine cluster was started within " + timeout.toSeconds() + " s");
            } else if (elapsed(run.provisioningAt(), now).compareTo(deadlines.provisionRetryAfter()) > 0) {
                // Claimed by a dispatcher that died before it provisioned: provision (or adopt) now.
                dispatcher.provision(new RunDispatcher.Claim(run.runId(), run.attempt()));
            }
            return;
        }
        EngineBackend backend = backends.get(run.backend());
        if (backend.hosting() == JobHosting.SERVICE) {
            reconcileServiceHosted(run, backend, now);
            return;
        }
        Duration silence = elapsed(latest(run.lastSignOfLife(), listeningSince), now);
        boolean stillStarting = run.attemptState() == AttemptState.PROVISIONING;
        if (stillStarting && elapsed(latest(run.provisioningAt(), listeningSince), now).compareTo(deadlines.provisioningTimeout()) > 0) {
            terminate(run);
            end(run, AttemptState.FAILED, TerminationReason.PROVISIONING_FAILED,
                    "the engine did not start the job within " + deadlines.provisioningTimeout().toSeconds() + " s");
            return;
        }
        ClusterStatus status = backend.describe(run.cluster());
        if (status instanceof ClusterStatus.Failed failed) {
            // the backend knows why the cluster cannot go on: that ends the attempt now, heartbeats or not
            event(run, RunEventType.ENGINE_ERROR, failed.detail());
            terminate(run);
            end(run, AttemptState.FAILED, TerminationReason.of(failed.failure()), failed.detail());
            return;
        }
        if (!recovery && silence.compareTo(deadlines.heartbeatTimeout()) <= 0) {
            // Reporting, but part of the engine may be gone under the launcher (a standalone master
            // killed): that ends the attempt now, not after a heartbeat deadline. A finished engine
            // is left to the launcher's own report, which comes after its log.
            if (status instanceof ClusterStatus.Gone gone) {
                event(run, RunEventType.ENGINE_ERROR, gone.detail());
                terminate(run);
                end(run, AttemptState.FAILED, TerminationReason.ENGINE_LOST, "the engine was lost: " + gone.detail());
            }
            return;
        }
        if (status instanceof ClusterStatus.Finished finished) {
            LOG.infof("recovered the outcome of an engine that finished unheard");
            outcomes.apply(run.runId(), run.attempt(), finished.outcome());
        } else if (status instanceof ClusterStatus.Gone gone) {
            event(run, RunEventType.ENGINE_ERROR, gone.detail());
            end(run, AttemptState.FAILED, TerminationReason.ENGINE_LOST, "the engine was lost: " + gone.detail());
        } else if (!stillStarting && silence.compareTo(deadlines.unresponsiveTimeout()) > 0) {
            // Active, but silent for too long: wedged, or cut off from the control plane.
            terminate(run);
            end(run, AttemptState.FAILED, TerminationReason.ENGINE_LOST,
                    "the engine stopped reporting for " + silence.toSeconds() + " s");
        }
    }

    /**
     * The backend's service runs the job: what it says is the attempt's state, asked every pass (the
     * backend reuses its observations within its own poll interval). The listener's reports, when the
     * service's network reaches the control plane, feed the autoscaler; their silence ends nothing.
     * The driver's output comes from where the service wrote it once the job is over.
     */
    private void reconcileServiceHosted(Snapshot run, EngineBackend backend, Instant now) {
        ClusterStatus status;
        try {
            status = backend.describe(run.cluster());
        } catch (RuntimeException e) {
            // a backend that cannot be asked, or whose service keeps refusing the job, still meets the deadline
            if (provisioningOverdue(run, now)) {
                terminate(run);
                end(run, AttemptState.FAILED, TerminationReason.PROVISIONING_FAILED, "the " + run.backend()
                        + " backend's service did not start the job within " + backends.provisioningTimeout(run.backend()).toSeconds()
                        + " s (" + e.getMessage() + ")");
                return;
            }
            throw e;
        }
        if (status instanceof ClusterStatus.Active active) {
            if (active.jobStarted() && run.attemptState() == AttemptState.PROVISIONING) {
                running(run);
                return;
            }
            if (provisioningOverdue(run, now)) {
                terminate(run);
                end(run, AttemptState.FAILED, TerminationReason.PROVISIONING_FAILED,
                        "the " + run.backend() + " backend's service did not start the job within "
                                + backends.provisioningTimeout(run.backend()).toSeconds() + " s (" + active.detail() + ")");
            }
        } else if (status instanceof ClusterStatus.Finished finished) {
            outcomes.apply(run.runId(), run.attempt(), finished.outcome());
        } else if (status instanceof ClusterStatus.Failed failed) {
            event(run, RunEventType.ENGINE_ERROR, failed.detail());
            terminate(run);
            end(run, AttemptState.FAILED, TerminationReason.of(failed.failure()), failed.detail());
        } else if (status instanceof ClusterStatus.Gone gone) {
            event(run, RunEventType.ENGINE_ERROR, gone.detail());
            end(run, AttemptState.FAILED, TerminationReason.ENGINE_LOST, "the engine was lost: " + gone.detail());
        }
    }

    /** A service-hosted attempt still provisioning past its type's provisioning timeout. */
    private boolean provisioningOverdue(Snapshot run, Instant now) {
        return run.attemptState() == AttemptState.PROVISIONING
                && elapsed(latest(run.provisioningAt(), listeningSince), now).compareTo(backends.provisioningTimeout(run.backend())) > 0;
    }

    /** The service started the job: the attempt runs, as a launcher's report would say. */
    private void running(Snapshot run) {
        Transactions.inNewTransaction(() -> {
            RunEntity entity = RunEntity.findById(run.runId());
            RunAttemptEntity attempt = RunAttemptEntity.findById(new RunAttemptEntity.Key(run.runId(), run.attempt()));
            if (entity.attempt == run.attempt() && !attempt.state.isEnded()) {
                lifecycle.attemptRunning(entity, attempt);
            }
        });
    }

    /**
     * Ended service-hosted attempts whose driver log and event log are still where the service wrote
     * them: brought in once the service has written them for the last time ({@link
     * EngineBackend#driverLogComplete}), or as they are {@link #OUTPUTS_DEADLINE} after the attempt
     * ended. Whatever way the attempt ended, cancel and timeout included; what cannot be read stays
     * in the attempt's staging.
     */
    private void collectServiceOutputs() {
        List<RunAttemptEntity> pending = Transactions.inNewTransaction(() -> RunAttemptEntity.<RunAttemptEntity>list(
                "outputsPending = true and cluster is not null and state in ?1",
                List.of(AttemptState.SUCCEEDED, AttemptState.FAILED, AttemptState.CANCELLED, AttemptState.TIMED_OUT)));
        Instant now = clocks.now();
        for (RunAttemptEntity attempt : pending) {
            try (RunLogContext ignored = RunLogContext.of(attempt.runId(), attempt.attempt())) {
                ClusterRef cluster = ClusterRefJson.read(attempt.cluster);
                if (backends.names().contains(cluster.backend())) {
                    EngineBackend backend = backends.get(cluster.backend());
                    boolean late = attempt.endedAt != null && elapsed(attempt.endedAt, now).compareTo(OUTPUTS_DEADLINE) > 0;
                    if (!late && !backend.driverLogComplete(cluster)) {
                        continue;
                    }
                    driverLogs.collect(attempt.runId(), attempt.attempt(), backend, cluster, late);
                    eventLogs.copyToHistory(attempt.runId(), attempt.attempt());
                    staging.forgetToken(attempt.runId(), attempt.attempt());
                }
                Transactions.inNewTransaction(() -> entityManager.createNativeQuery(
                                "update run_attempt set outputs_pending = false where run_id = :run and attempt = :attempt")
                        .setParameter("run", attempt.runId())
                        .setParameter("attempt", attempt.attempt())
                        .executeUpdate());
            } catch (RuntimeException e) {
                LOG.warnf(e, "bringing in the attempt's driver log and event log failed; will try again");
            }
        }
    }

    private void cancel(Snapshot run) {
        if (run.cluster() == null && run.attemptState() == AttemptState.PROVISIONING
                && dispatcher.isProvisioning(run.runId(), run.attempt())) {
            return; // the cluster is being started right now; cancel it on the next pass
        }
        boolean tornDown = terminate(run);
        Transactions.inNewTransaction(() -> {
            RunEntity entity = RunEntity.findById(run.runId());
            if (entity.state != RunState.CANCELLING) {
                return;
            }
            RunAttemptEntity attempt = RunAttemptEntity.findById(new RunAttemptEntity.Key(run.runId(), entity.attempt));
            if (attempt == null || attempt.state.isEnded()) {
                lifecycle.transition(entity, RunState.CANCELLED, TerminationReason.CANCELLED_BY_USER, "cancelled by user");
            } else {
                lifecycle.finishAttempt(entity, attempt, AttemptState.CANCELLED, TerminationReason.CANCELLED_BY_USER, "cancelled by user", null);
                // Only what this pass terminated is torn down; a cluster recorded meanwhile, or one
                // whose termination failed, is left to the teardown step, which retries.
                if (tornDown) {
                    attempt.tornDownAt = clocks.now();
                }
            }
        });
    }

    /**
     * Terminates the attempt's cluster; true when it is gone. A failure does not hold the run back:
     * its end is recorded anyway, and the teardown step retries the termination.
     */
    private boolean terminate(Snapshot run) {
        if (run.cluster() == null) {
            return false;
        }
        try {
            backends.get(run.backend()).terminate(run.cluster());
            return true;
        } catch (RuntimeException e) {
            LOG.errorf(e, "terminating engine cluster %s failed; the teardown step retries", run.cluster().clusterName());
            event(run, RunEventType.ENGINE_ERROR, "terminating the engine cluster failed: " + e.getMessage());
            return false;
        }
    }

    private void end(Snapshot run, AttemptState ended, TerminationReason reason, String message) {
        Transactions.inNewTransaction(() -> {
            RunEntity entity = RunEntity.findById(run.runId());
            RunAttemptEntity attempt = RunAttemptEntity.findById(new RunAttemptEntity.Key(run.runId(), run.attempt()));
            if (entity.attempt != run.attempt() || attempt.state.isEnded() || entity.state.isTerminal()) {
                return;
            }
            lifecycle.finishAttempt(entity, attempt, ended, reason, message, null);
        });
    }

    private void event(Snapshot run, RunEventType type, String message) {
        Transactions.inNewTransaction(() -> {
            RunEntity entity = RunEntity.findById(run.runId());
            lifecycle.event(entity, type, null, null, null, message);
        });
    }

    /** Ended attempts whose cluster was not yet torn down: tear it down, so nothing outlives its run. */
    private void tearDownEndedClusters() {
        List<RunAttemptEntity> ended = Transactions.inNewTransaction(() -> RunAttemptEntity.<RunAttemptEntity>list(
                "cluster is not null and tornDownAt is null and state in ?1",
                List.of(AttemptState.SUCCEEDED, AttemptState.FAILED, AttemptState.CANCELLED, AttemptState.TIMED_OUT)));
        for (RunAttemptEntity attempt : ended) {
            try (RunLogContext ignored = RunLogContext.of(attempt.runId(), attempt.attempt())) {
                ClusterRef cluster = ClusterRefJson.read(attempt.cluster);
                outputBeforeTeardown(attempt, cluster);
                if (attempt.state == AttemptState.SUCCEEDED || attempt.state == AttemptState.FAILED) {
                    // ended by its own report (or found lost): the backend may keep the ended driver to inspect
                    backends.get(cluster.backend()).release(cluster);
                } else {
                    backends.get(cluster.backend()).terminate(cluster);
                }
                Transactions.inNewTransaction(() -> {
                    entityManager.createNativeQuery("update run_attempt set torn_down_at = :now where run_id = :run and attempt = :attempt")
                            .setParameter("now", java.time.OffsetDateTime.ofInstant(clocks.now(), java.time.ZoneOffset.UTC))
                            .setParameter("run", attempt.runId())
                            .setParameter("attempt", attempt.attempt())
                            .executeUpdate();
                });
                LOG.infof("engine cluster %s torn down", cluster.clusterName());
            } catch (RuntimeException e) {
                LOG.errorf(e, "tearing down the engine cluster failed; will try again");
            }
        }
    }

    /**
     * A service that hands the driver's output over its own API (a Livy batch's log) may lose it with
     * the teardown (the batch deleted, the cluster that runs Livy deleted): it is brought in first,
     * here, on whichever replica tears down. Best effort: the backend keeps its own copy too, and
     * {@link #collectServiceOutputs} tries again.
     */
    private void outputBeforeTeardown(RunAttemptEntity attempt, ClusterRef cluster) {
        if (!attempt.outputsPending || !backends.names().contains(cluster.backend())) {
            return;
        }
        EngineBackend backend = backends.get(cluster.backend());
        try {
            if (backend.hosting() == JobHosting.SERVICE && backend.driverLogLocations(cluster).isEmpty() && backend.driverLogComplete(cluster)) {
                driverLogs.collect(attempt.runId(), attempt.attempt(), backend, cluster, false);
            }
        } catch (RuntimeException e) {
            LOG.warnf("the driver's output could not be brought in before the teardown: %s", e.getMessage());
        }
    }

    private static Duration elapsed(Instant since, Instant now) {
        return since == null ? Duration.ZERO : Duration.between(since, now);
    }

    private static Instant latest(Instant... instants) {
        Instant latest = null;
        for (Instant instant : instants) {
            if (instant != null && (latest == null || instant.isAfter(latest))) {
                latest = instant;
            }
        }
        return latest;
    }
}
