package io.sparkplane.controlplane.dispatch;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.sparkplane.controlplane.backend.EngineProfiles;
import io.sparkplane.controlplane.backend.ProfileClosedException;
import io.sparkplane.controlplane.config.SparkplaneConfig;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.run.AttemptState;
import io.sparkplane.controlplane.run.AttemptTokens;
import io.sparkplane.controlplane.run.ClusterRefJson;
import io.sparkplane.controlplane.run.NativeValues;
import io.sparkplane.controlplane.run.RunAttemptEntity;
import io.sparkplane.controlplane.run.RunDefinition;
import io.sparkplane.controlplane.run.RunDefinitionJson;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.run.RunEventType;
import io.sparkplane.controlplane.run.RunLifecycle;
import io.sparkplane.controlplane.run.RunLogContext;
import io.sparkplane.controlplane.run.TerminationReason;
import io.sparkplane.controlplane.run.Transactions;
import io.sparkplane.controlplane.staging.ConfiguredObjectStores;
import io.sparkplane.controlplane.tracing.RunTraces;
import io.sparkplane.controlplane.workspace.Workspace;
import io.sparkplane.controlplane.workspace.Workspaces;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.engine.JobHosting;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Moves QUEUED runs to PROVISIONING and starts their engine clusters. The queue is the run table:
 * a claim takes an advisory lock (so backends' concurrency limits and workspaces' quotas hold across
 * replicas), picks by {@link FairShare} between workspaces, then locks each run with
 * {@code FOR UPDATE SKIP LOCKED}, so two replicas never claim one run. Backends are called only
 * after the claim committed.
 */
@ApplicationScoped
public class RunDispatcher {

    private static final Logger LOG = Logger.getLogger(RunDispatcher.class);

    /** A run whose attempt this replica claimed and must provision. */
    public record Claim(UUID runId, int attempt) {}

    private final EntityManager entityManager;
    private final EngineProfiles backends;
    private final RunLifecycle lifecycle;
    private final AttemptTokens tokens;
    private final SparkplaneConfig config;
    private final ConfiguredObjectStores stores;
    private final Workspaces workspaces;
    private final ServiceStaging staging;
    private final WarmClusters warmClusters;
    private final RunTraces traces;
    private final Set<Claim> provisioning = ConcurrentHashMap.newKeySet();
    /** Provisioning is waiting on a backend's API: a few at once, so a burst is not one round trip after another. */
    private final ExecutorService provisioners;
    /** Times each provision call for the metrics (sparkplane_provision_seconds); never fails one. */
    @jakarta.inject.Inject
    io.sparkplane.controlplane.metrics.ProvisionTimes provisionTimes;

    RunDispatcher(EntityManager entityManager, EngineProfiles backends, RunLifecycle lifecycle, AttemptTokens tokens, SparkplaneConfig config,
            ConfiguredObjectStores stores, Workspaces workspaces, ServiceStaging staging, WarmClusters warmClusters, RunTraces traces) {
        this.entityManager = entityManager;
        this.backends = backends;
        this.lifecycle = lifecycle;
        this.tokens = tokens;
        this.config = config;
        this.stores = stores;
        this.workspaces = workspaces;
        this.staging = staging;
        this.warmClusters = warmClusters;
        this.traces = traces;
        AtomicInteger threads = new AtomicInteger();
        this.provisioners = Executors.newFixedThreadPool(Math.max(1, config.dispatcher().provisionConcurrency()), runnable -> {
            Thread thread = new Thread(runnable, "sparkplane-provisioner-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void stop() {
        provisioners.shutdownNow();
    }

    /** One pass: claims what each backend has room for and provisions it, a few at once; returns when all are provisioned. */
    public void dispatchOnce() {
        for (String backend : backends.names()) {
            List<Claim> claims = Transactions.inNewTransaction(() -> claim(backend, backends.limits(backend).maxConcurrentRuns()));
            List<Future<?>> started = new ArrayList<>();
            for (Claim claim : claims) {
                started.add(provisioners.submit(() -> provision(claim)));
            }
            for (Future<?> provisioned : started) {
                try {
                    provisioned.get();
                } catch (ExecutionException e) {
                    // the claim stays PROVISIONING with no cluster: the reconciler provisions it again
                    LOG.errorf(e.getCause(), "provisioning a claimed run failed; it is retried");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private List<Claim> claim(String backend, int limit) {
        // one claimer at a time, across replicas and backends: a workspace's quotas count its runs on every backend
        Boolean locked = (Boolean) entityManager.createNativeQuery("select pg_try_advisory_xact_lock(hashtext(:key))")
                .setParameter("key", "sparkplane.dispatch")
                .getSingleResult();
        if (!locked) {
            return List.of();
        }
        long active = ((Number) entityManager.createNativeQuery(
                        "select count(*) from run where backend = :backend and state in ('PROVISIONING', 'RUNNING', 'CANCELLING')")
                .setParameter("backend", backend)
                .getSingleResult()).longValue();
        int room = (int) Math.max(0, limit - active);
        if (room == 0) {
            return List.of();
        }
        List<FairShare.Candidate> queued = queued(backend, room);
        if (queued.isEmpty()) {
            return List.of();
        }
        Map<String, FairShare.Usage> usage = usage(queued.stream().map(FairShare.Candidate::workspace).distinct().toList());
        List<Claim> claims = new ArrayList<>();
        for (UUID id : FairShare.pick(queued, usage, room)) {
            // a cancel may hold the row or have moved it on since it was read
            List<?> still = entityManager.createNativeQuery("select id from run where id = :id and state = 'QUEUED' for update skip locked")
                    .setParameter("id", id).getResultList();
            if (still.isEmpty()) {
                continue;
            }
            RunEntity run = RunEntity.findById(id);
            try (RunLogContext ignored = RunLogContext.of(run.id, run.attempt)) {
                lifecycle.startAttempt(run);
            }
            entityManager.flush();
            // counted against the workspace's executors quota from now on, before the autoscaler's first decision
            RunDefinition definition = RunDefinitionJson.read(run.spec);
            entityManager.createNativeQuery("update run_attempt set desired_workers = :workers where run_id = :run and attempt = :attempt")
                    .setParameter("workers", definition.autoscaling().initialWorkers())
                    .setParameter("run", run.id)
                    .setParameter("attempt", run.attempt)
                    .executeUpdate();
            takeWarmCluster(run, definition);
            claims.add(new Claim(run.id, run.attempt));
        }
        return claims;
    }

    /** A READY warm cluster of the run's workspace and profile that the run fits, taken in the claim's transaction. */
    private void takeWarmCluster(RunEntity run, RunDefinition definition) {
        EngineBackend backend;
        try {
            backend = backends.get(run.backend);
        } catch (RuntimeException e) {
            // provisioning says why the profile cannot serve the run
            return;
        }
        if (!backend.warmable()) {
            return;
        }
        // what its launcher would get, token and storage settings aside (a pool shares its workspace's)
        var launch = LaunchSpecs.launchSpec(run.id, run.attempt, definition, backends.engineApiUrl(run.backend), "",
                backends.sparkConf(run.backend), Map.of());
        warmClusters.take(run.workspaceId, run.backend, launch, java.time.Instant.now())
                .ifPresent(member -> LOG.infof("the run takes warm cluster member %s", member));
    }

    /**
     * The backend's queued runs, oldest first, at most {@code room} of each workspace (no more could
     * start). A run of a saved job waits while the job has {@code maxConcurrentRuns} runs holding a
     * cluster (its concurrency policy QUEUE).
     */
    List<FairShare.Candidate> queued(String backend, int room) {
        List<?> rows = entityManager.createNativeQuery("select id, workspace_id, queued_at, cast(spec as text) from ("
                        + " select e.id, e.workspace_id, e.queued_at, e.spec,"
                        + " row_number() over (partition by e.workspace_id order by e.queued_at, e.id) as position from ("
                        + "  select r.id, r.workspace_id, r.queued_at, r.spec, r.job_id,"
                        + "  row_number() over (partition by r.job_id order by r.queued_at, r.id) as job_position"
                        + "  from run r where r.state = 'QUEUED' and r.backend = :backend) e"
                        + " left join job j on j.id = e.job_id"
                        + " where e.job_id is null or e.job_position <= j.max_concurrent_runs - (select count(*) from run a"
                        + "  where a.job_id = e.job_id and a.state in ('PROVISIONING', 'RUNNING', 'CANCELLING'))) q"
                        + " where q.position <= :room order by q.queued_at, q.id")
                .setParameter("backend", backend)
                .setParameter("room", room)
                .getResultList();
        List<FairShare.Candidate> candidates = new ArrayList<>();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            candidates.add(new FairShare.Candidate((UUID) columns[0], (String) columns[1], NativeValues.instant(columns[2]),
                    RunDefinitionJson.read((String) columns[3]).autoscaling().initialWorkers()));
        }
        return candidates;
    }

    /** What each workspace has going on any backend, and its quotas. */
    private Map<String, FairShare.Usage> usage(List<String> workspaceIds) {
        List<?> rows = entityManager.createNativeQuery("select w.id, w.max_active_runs, w.max_executors,"
                        + " (select count(*) from run r where r.workspace_id = w.id and r.state in ('PROVISIONING', 'RUNNING', 'CANCELLING')),"
                        + " (select coalesce(sum(coalesce(a.desired_workers, 0)), 0) from run_attempt a join run r on r.id = a.run_id"
                        + "   and r.attempt = a.attempt where r.workspace_id = w.id and a.state in ('PROVISIONING', 'RUNNING')"
                        + "   and a.torn_down_at is null)"
                        + " from workspace w where w.id in (:ids)")
                .setParameter("ids", workspaceIds)
                .getResultList();
        Map<String, FairShare.Usage> usage = new HashMap<>();
        for (Object row : rows) {
            Object[] columns = (Object[]) row;
            usage.put((String) columns[0], new FairShare.Usage(((Number) columns[3]).intValue(), ((Number) columns[4]).intValue(),
                    Optional.ofNullable((Number) columns[1]).map(Number::intValue), Optional.ofNullable((Number) columns[2]).map(Number::intValue)));
        }
        return usage;
    }

    /**
     * Starts (or adopts) the engine cluster of a PROVISIONING attempt and records it. Safe to call
     * again for the same attempt: backends adopt a cluster that exists under the attempt's name.
     */
    public void provision(Claim claim) {
        if (!provisioning.add(claim)) {
            return;
        }
        try (RunLogContext ignored = RunLogContext.of(claim.runId(), claim.attempt())) {
            provisionClaimed(claim);
        } finally {
            provisioning.remove(claim);
        }
    }

    /** Longer than any backend takes to start a cluster; a replica that dies mid-provision frees it by expiry. */
    private static final java.time.Duration PROVISION_LEASE = java.time.Duration.ofMinutes(2);

    /** Takes the attempt's provisioning lease; false when another replica holds it or there is nothing to provision. */
    /** Whether this replica may provision the claim now, and whether a provision of it may have run before. */
    private record Lease(boolean taken, boolean provisionedBefore) {}

    /**
     * A provision lease of the attempt, when no other provision holds one. An attempt that had a lease
     * before was being provisioned when that provision stopped (a crash, a failed call), so what it
     * may have made is looked for.
     */
    private Lease takeProvisionLease(Claim claim) {
        return Transactions.inNewTransaction(() -> {
            @SuppressWarnings("unchecked")
            List<Object> previous = entityManager.createNativeQuery(
                            "select provision_lease_until from run_attempt where run_id = :run and attempt = :attempt for update")
                    .setParameter("run", claim.runId())
                    .setParameter("attempt", claim.attempt())
                    .getResultList();
            int taken = entityManager.createNativeQuery(
                            "update run_attempt set provision_lease_until = now() + cast(:lease as interval)"
                                    + " where run_id = :run and attempt = :attempt and cluster is null"
                                    + " and state in ('PROVISIONING', 'RUNNING')"
                                    + " and (provision_lease_until is null or provision_lease_until < now())")
                    .setParameter("lease", PROVISION_LEASE.toSeconds() + " seconds")
                    .setParameter("run", claim.runId())
                    .setParameter("attempt", claim.attempt())
                    .executeUpdate();
            return new Lease(taken == 1, !previous.isEmpty() && previous.get(0) != null);
        });
    }

    /** Extends this provision's lease; false when the attempt no longer waits for a cluster. */
    private boolean renewProvisionLease(Claim claim) {
        int renewed = Transactions.inNewTransaction(() -> entityManager.createNativeQuery(
                        "update run_attempt set provision_lease_until = now() + cast(:lease as interval)"
                                + " where run_id = :run and attempt = :attempt and cluster is null and state in ('PROVISIONING', 'RUNNING')")
                .setParameter("lease", PROVISION_LEASE.toSeconds() + " seconds")
                .setParameter("run", claim.runId())
                .setParameter("attempt", claim.attempt())
                .executeUpdate());
        return renewed == 1;
    }

    /** How the job reaches object storage itself: its workspace's store profile, Azure keys for its staging account too. */
    private Map<String, String> engineStorageConf(Workspace workspace) {
        return stores.profile(workspace.storeProfile()).engineStorageConf(workspace.stagingRoot());
    }

    private void provisionClaimed(Claim claim) {
        Lease lease = takeProvisionLease(claim);
        if (!lease.taken()) {
            return;
        }
        Work work;
        try {
            work = Transactions.inNewTransaction(() -> {
            RunAttemptEntity attempt = RunAttemptEntity.findById(new RunAttemptEntity.Key(claim.runId(), claim.attempt()));
            RunEntity run = RunEntity.findById(claim.runId());
            if (attempt == null || attempt.cluster != null || attempt.state.isEnded() || run.attempt != claim.attempt()) {
                return null;
            }
            RunDefinition definition = RunDefinitionJson.read(run.spec);
            String token = tokens.tokenFor(run.id, claim.attempt());
            ClusterSpec clusterSpec = new ClusterSpec(
                    ClusterSpec.nameFor(run.id.toString(), claim.attempt()),
                    LaunchSpecs.resources(definition),
                    definition.autoscaling().initialWorkers(),
                    config.autoscaler().idleTimeout(),
                    "", // any version: runs cannot ask for one yet, each backend runs its own
                    LaunchSpecs.launchSpec(run.id, claim.attempt(), definition, backends.engineApiUrl(run.backend), token,
                            backends.sparkConf(run.backend), engineStorageConf(workspaces.get(run.workspaceId))),
                    run.workspaceId);
            return new Work(backends.get(run.backend), clusterSpec.withMayExist(lease.provisionedBefore()), workspaces.get(run.workspaceId),
                    Optional.ofNullable(run.traceParent));
            });
        } catch (ProfileClosedException e) {
            // stopping: the run stays claimed, and a reconciler provisions it later
            LOG.infof("not provisioning: %s", e.getMessage());
            return;
        } catch (IllegalStateException | IllegalArgumentException | EngineBackendException e) {
            // The backend itself cannot start (pyspark missing, an unreachable API): say so in the run.
            LOG.errorf("the backend cannot provision: %s", e.getMessage());
            failProvisioning(claim, "the backend cannot start engines: " + e.getMessage());
            return;
        } catch (ProblemException e) {
            // the run's workspace cannot be served (its store profile is gone from the configuration)
            LOG.errorf("the run's workspace cannot be served: %s", e.getMessage());
            failProvisioning(claim, e.getMessage());
            return;
        }
        if (work == null) {
            return;
        }
        Span span = traces.dispatch(work.traceParent(), claim.runId(), claim.attempt(), work.workspace().id(), work.backend().name());
        try (Scope ignored = span.makeCurrent()) {
            // the engine's state reports join the trace under this dispatch
            ClusterSpec traced = work.spec().withLaunch(work.spec().launch().withTraceParent(RunTraces.traceParentOf(span).orElse("")));
            provisionWork(claim, work, traced);
        } finally {
            span.end();
        }
    }

    /** What a claimed attempt's provision needs, read in one transaction. */
    private record Work(EngineBackend backend, ClusterSpec spec, Workspace workspace, Optional<String> traceParent) {}

    /** Stages what a service-hosted backend reads, starts the cluster (or hands the attempt to a warm one) and records it. */
    private void provisionWork(Claim claim, Work work, ClusterSpec given) {
        ClusterSpec spec = given;
        if (work.backend().hosting() == JobHosting.SERVICE) {
            // the service runs spark-submit from what it can read: the inputs, the listener and the token go to staging first
            Span stagingSpan = traces.step("stage inputs", work.backend().name());
            try (Scope ignored = stagingSpan.makeCurrent()) {
                ServiceStaging.Staged staged = staging.stage(work.workspace(), spec.launch());
                spec = spec.withStaged(staged.launch(), staged.attempt());
            } catch (ServiceStaging.StagingFailedException e) {
                LOG.warnf("staging the attempt failed: %s", e.getMessage());
                failProvisioning(claim, TerminationReason.STAGING_FAILED, e.getMessage());
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "staging the attempt failed unexpectedly");
                failProvisioning(claim, TerminationReason.STAGING_FAILED, "staging the run's inputs failed: " + e.getMessage());
                return;
            } finally {
                stagingSpan.end();
            }
            // staging a large input may outlast the lease: take it again before the cloud makes
            // anything, so another replica that took it meanwhile is not racing this one unseen
            if (!renewProvisionLease(claim)) {
                LOG.infof("not provisioning: the attempt ended or got its cluster while its inputs were staged");
                return;
            }
        }
        ClusterRef cluster;
        Optional<WarmClusters.Taken> warm = work.backend().warmable()
                ? Transactions.inNewTransaction(() -> warmClusters.takenBy(claim.runId(), claim.attempt())) : Optional.empty();
        Span provisionSpan = traces.step("provision", work.backend().name()).setAttribute(RunTraces.WARM, warm.isPresent());
        try (Scope ignored = provisionSpan.makeCurrent()) {
            cluster = warm.isPresent()
                    ? provisionTimes.timed(work.backend().name(), spec, cold -> onWarmCluster(claim, work.backend(), warm.get(), cold))
                    : provisionTimes.timed(work.backend().name(), spec, work.backend()::provision);
            provisionSpan.setAttribute(RunTraces.CLUSTER, cluster.clusterName());
        } catch (EngineBackendException e) {
            LOG.warnf("provisioning failed: %s", e.getMessage());
            failProvisioning(claim, e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.errorf(e, "provisioning failed unexpectedly");
            failProvisioning(claim, "the " + work.backend().name() + " backend failed to start the engine: " + e.getClass().getSimpleName());
            return;
        } finally {
            provisionSpan.end();
        }
        boolean recorded = Transactions.inNewTransaction(() -> {
            RunAttemptEntity attempt = RunAttemptEntity.findById(new RunAttemptEntity.Key(claim.runId(), claim.attempt()));
            RunEntity run = RunEntity.findById(claim.runId());
            if (attempt.cluster != null && work.backend().hosting() == JobHosting.SERVICE) {
                // another replica's provision got there first: the same cloud cluster (adopted), or a second one
                // (a cloud's create is not named: two provisions racing past a lease make two)
                return ClusterRefJson.read(attempt.cluster).equals(cluster);
            }
            attempt.cluster = ClusterRefJson.write(cluster);
            // its logs are where its service writes them: brought in once the attempt is over
            attempt.outputsPending = work.backend().hosting() == JobHosting.SERVICE;
            boolean onWarm = warm.isPresent() && warm.get().cluster().clusterName().equals(cluster.clusterName());
            if (onWarm) {
                warmClusters.handedOver(warm.get().member());
                lifecycle.event(run, RunEventType.INFO, null, null, null, "warm engine cluster " + cluster.clusterName() + " on the "
                        + cluster.backend() + " backend (ready since " + warm.get().readyAt() + ") took the run: its driver runs already");
            } else {
                lifecycle.event(run, RunEventType.INFO, null, null, null,
                        "engine cluster " + cluster.clusterName() + " started on the " + cluster.backend() + " backend");
            }
            return true;
        });
        if (!recorded) {
            // its name only: a backend's attributes may carry the job's request, which is no log's business
            LOG.warnf("another provision of the attempt recorded a different cluster; terminating this one (%s on %s)",
                    cluster.clusterName(), cluster.backend());
            try {
                work.backend().terminate(cluster);
            } catch (RuntimeException e) {
                LOG.errorf(e, "terminating the second cluster failed; the sweep ends it once the attempt is over");
            }
            return;
        }
        LOG.infof("engine cluster %s provisioned", cluster.clusterName());
    }

    /**
     * Hands the attempt to the warm cluster it took; a cold cluster when that one cannot take it
     * (it died since it was last seen ready), which the keeper then stops.
     */
    private ClusterRef onWarmCluster(Claim claim, EngineBackend backend, WarmClusters.Taken warm, ClusterSpec spec) {
        try {
            return backend.provisionOnWarm(warm.cluster(), spec);
        } catch (EngineBackendException e) {
            LOG.infof("warm cluster %s cannot take the run (%s): starting a cold one", warm.cluster().clusterName(), e.getMessage());
            Transactions.inNewTransaction(() -> {
                warmClusters.discard(warm.member());
                lifecycle.event(RunEntity.findById(claim.runId()), RunEventType.INFO, null, null, null, "warm engine cluster "
                        + warm.cluster().clusterName() + " could not take the run (" + e.getMessage() + "): starting a cold one");
            });
            return backend.provision(spec);
        }
    }

    private void failProvisioning(Claim claim, String message) {
        failProvisioning(claim, TerminationReason.PROVISIONING_FAILED, message);
    }

    private void failProvisioning(Claim claim, TerminationReason reason, String message) {
        // the dispatch's span, when tracing: the trace shows why the attempt failed
        Span.current().setStatus(StatusCode.ERROR, message);
        Transactions.inNewTransaction(() -> {
            RunAttemptEntity attempt = RunAttemptEntity.findById(new RunAttemptEntity.Key(claim.runId(), claim.attempt()));
            RunEntity run = RunEntity.findById(claim.runId());
            if (attempt.state.isEnded()) {
                return;
            }
            lifecycle.event(run, RunEventType.ENGINE_ERROR, null, null, reason, message);
            lifecycle.finishAttempt(run, attempt, AttemptState.FAILED, reason, message, null);
        });
    }

    boolean isProvisioning(UUID runId, int attempt) {
        return provisioning.contains(new Claim(runId, attempt));
    }

}
