package io.sparkplane.controlplane.pool;

import io.quarkus.scheduler.Scheduled;
import io.sparkplane.controlplane.backend.EngineProfiles;
import io.sparkplane.controlplane.config.SparkplaneConfig;
import io.sparkplane.controlplane.dispatch.WarmClusters;
import io.sparkplane.controlplane.run.ClusterRefJson;
import io.sparkplane.controlplane.run.Clocks;
import io.sparkplane.controlplane.run.NativeValues;
import io.sparkplane.controlplane.run.Transactions;
import io.sparkplane.controlplane.staging.ConfiguredObjectStores;
import io.sparkplane.controlplane.workspace.Workspace;
import io.sparkplane.controlplane.workspace.Workspaces;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.engine.WarmClusterStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Keeps each warm pool at its size on every replica's loop: starts a warm cluster where one is
 * missing and there is room, marks it READY once its backend says so, and stops the ones that died,
 * that no pool wants any more (the pool changed, was deleted, or saw no run for its idle TTL), that
 * are over the pool's size, or that hold capacity the backend's runs need (runs come first: the
 * dispatcher claims runs up to the backend's limit whatever the pools hold, and the keeper stops
 * idle warm clusters while runs and warm clusters together are over it). Rows change only by
 * conditional updates under the dispatcher's lock or the row's, so replicas may keep at once; every
 * backend call is made outside a transaction, and is one a retry may repeat (a warm cluster's name
 * comes from its row's id, so a second start adopts the first).
 */
@ApplicationScoped
public class WarmPoolKeeper {

    private static final Logger LOG = Logger.getLogger(WarmPoolKeeper.class);
    /** A row whose start was not recorded (a replica died starting it) is started again after this. */
    private static final Duration UNRECORDED_START = Duration.ofSeconds(30);

    /** One warm cluster as its row holds it. */
    record Member(UUID id, String pool, String workspace, String profile, String state, String template, int workers,
            Optional<ClusterRef> cluster, Instant createdAt, Optional<UUID> takenRun, int takenAttempt) {

        boolean taken() {
            return takenRun.isPresent();
        }
    }

    private final WarmPools pools;
    private final EngineProfiles backends;
    private final Workspaces workspaces;
    private final ConfiguredObjectStores stores;
    private final EntityManager entityManager;
    private final Clocks clocks;
    private final SparkplaneConfig config;
    /** What the keeper last said about each pool that it could not serve. */
    private final Map<String, String> said = new java.util.concurrent.ConcurrentHashMap<>();

    WarmPoolKeeper(WarmPools pools, EngineProfiles backends, Workspaces workspaces, ConfiguredObjectStores stores, EntityManager entityManager,
            Clocks clocks, SparkplaneConfig config) {
        this.pools = pools;
        this.backends = backends;
        this.workspaces = workspaces;
        this.stores = stores;
        this.entityManager = entityManager;
        this.clocks = clocks;
        this.config = config;
    }

    @Scheduled(every = "${sparkplane.warm-pool-interval:2s}", delay = 2, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!config.dispatcher().enabled()) {
            return;
        }
        try {
            keepOnce();
        } catch (RuntimeException e) {
            LOG.errorf(e, "looking after the warm pools failed; will try again");
        }
    }

    /** One pass over every pool and warm cluster. */
    public void keepOnce() {
        List<WarmPoolSpec> specs = pools.all();
        Instant now = clocks.now();
        Map<String, Instant> demand = Transactions.inNewTransaction(() -> recordPools(specs, now));
        Map<String, WarmPoolSpec> byName = new HashMap<>();
        specs.forEach(spec -> byName.put(spec.name(), spec));
        List<Member> members = Transactions.inNewTransaction(this::members);
        for (Member member : members) {
            try {
                lookAfter(member, byName, demand, now);
            } catch (RuntimeException e) {
                LOG.errorf(e, "looking after warm cluster %s of pool %s failed; will try again", member.id(), member.pool());
            }
        }
        // what the pass left: read once, for every pool's size and room checks
        List<Member> left = Transactions.inNewTransaction(this::members);
        for (WarmPoolSpec spec : specs) {
            try {
                retireOverSize(spec, left);
                makeRoomForRuns(spec.profile(), left);
                if (fresh(spec, demand, now)) {
                    refill(spec, now);
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "keeping warm pool %s failed; will try again", spec.name());
            }
        }
    }

    /** Each pool's activity row, made on its first pass; the last time a run of its workspace and profile was claimed. */
    private Map<String, Instant> recordPools(List<WarmPoolSpec> specs, Instant now) {
        for (WarmPoolSpec spec : specs) {
            entityManager.createNativeQuery("insert into warm_pool_activity (pool_name, workspace_id, profile, size, last_demand_at)"
                            + " values (:pool, :workspace, :profile, :size, :now) on conflict (pool_name) do update"
                            + " set workspace_id = excluded.workspace_id, profile = excluded.profile, size = excluded.size,"
                            + " last_demand_at = case when warm_pool_activity.workspace_id = excluded.workspace_id"
                            + "   and warm_pool_activity.profile = excluded.profile then warm_pool_activity.last_demand_at else excluded.last_demand_at end")
                    .setParameter("pool", spec.name())
                    .setParameter("workspace", spec.workspace())
                    .setParameter("profile", spec.profile())
                    .setParameter("size", spec.size())
                    .setParameter("now", now)
                    .executeUpdate();
        }
        // a pool deleted from the configuration (an API pool's row goes with it): its counts go too
        entityManager.createNativeQuery("delete from warm_pool_activity where not (pool_name = any(cast(:pools as text[])))")
                .setParameter("pools", specs.stream().map(WarmPoolSpec::name).toArray(String[]::new))
                .executeUpdate();
        Map<String, Instant> demand = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select pool_name, last_demand_at from warm_pool_activity").getResultList();
        rows.forEach(row -> demand.put((String) row[0], NativeValues.instant(row[1])));
        return demand;
    }

    private List<Member> members() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select id, pool_name, workspace_id, profile, state, template, workers,"
                        + " cast(cluster as text), created_at, taken_run_id, taken_attempt from warm_pool_member order by created_at, id")
                .getResultList();
        List<Member> members = new ArrayList<>();
        for (Object[] row : rows) {
            members.add(new Member((UUID) row[0], (String) row[1], (String) row[2], (String) row[3], (String) row[4], (String) row[5],
                    ((Number) row[6]).intValue(), Optional.ofNullable((String) row[7]).map(ClusterRefJson::read), NativeValues.instant(row[8]),
                    Optional.ofNullable((UUID) row[9]), row[10] == null ? 0 : ((Number) row[10]).intValue()));
        }
        return members;
    }

    /** Moves one warm cluster on; true when it stays in its pool untaken. */
    private boolean lookAfter(Member member, Map<String, WarmPoolSpec> pools, Map<String, Instant> demand, Instant now) {
        if (member.taken()) {
            afterTaken(member);
            return false;
        }
        if (member.state().equals("STOPPING")) {
            stop(member, "it could not take a run");
            return false;
        }
        WarmPoolSpec pool = pools.get(member.pool());
        Optional<String> unwanted = unwanted(member, pool, demand, now);
        if (unwanted.isPresent()) {
            retire(member, unwanted.get());
            return false;
        }
        EngineBackend backend = backends.get(member.profile());
        if (member.cluster().isEmpty()) {
            if (member.createdAt().plus(UNRECORDED_START).isBefore(now)) {
                start(pool, member.id());
            }
            return true;
        }
        WarmClusterStatus status = backend.describeWarm(member.cluster().get());
        switch (status.phase()) {
            case READY -> {
                if (member.state().equals("STARTING")) {
                    Transactions.inNewTransaction(() -> entityManager.createNativeQuery("update warm_pool_member set state = 'READY',"
                                    + " ready_at = :now where id = :id and state = 'STARTING'")
                            .setParameter("now", clocks.now())
                            .setParameter("id", member.id())
                            .executeUpdate());
                    LOG.infof("warm cluster %s of pool %s is ready", member.cluster().get().clusterName(), member.pool());
                }
                return true;
            }
            case GONE -> {
                retire(member, "it is gone: " + status.detail());
                return false;
            }
            default -> {
                if (member.createdAt().plus(backends.provisioningTimeout(member.profile())).isBefore(now)) {
                    retire(member, "it did not become ready within " + backends.provisioningTimeout(member.profile()).toSeconds() + " s: "
                            + status.detail());
                    return false;
                }
                return true;
            }
        }
    }

    /** Why the pool no longer wants an untaken warm cluster, if it does not. */
    private Optional<String> unwanted(Member member, WarmPoolSpec pool, Map<String, Instant> demand, Instant now) {
        if (pool == null) {
            return Optional.of("its pool is gone");
        }
        if (!pool.workspace().equals(member.workspace()) || !pool.profile().equals(member.profile())) {
            return Optional.of("its pool now serves another workspace or profile");
        }
        if (!fresh(pool, demand, now)) {
            return Optional.of("no run came for its pool's idle TTL of " + pool.idleTtl());
        }
        Optional<String> template = expectedTemplate(pool, member.id());
        if (template.isEmpty()) {
            return Optional.of("its pool's workspace or profile cannot start warm clusters now");
        }
        if (!template.get().equals(member.template()) || pool.workers() != member.workers()) {
            return Optional.of("its pool or engine profile changed");
        }
        return Optional.empty();
    }

    /** A taken warm cluster whose run ended before it was handed over, or that the run recorded already: the pool forgets it. */
    private void afterTaken(Member member) {
        @SuppressWarnings("unchecked")
        List<Object[]> attempts = Transactions.inNewTransaction(() -> entityManager.createNativeQuery(
                        "select state, cast(cluster as text) from run_attempt where run_id = :run and attempt = :attempt")
                .setParameter("run", member.takenRun().get())
                .setParameter("attempt", member.takenAttempt())
                .getResultList());
        if (attempts.isEmpty()) {
            stop(member, "the attempt that took it is gone");
            return;
        }
        Object[] attempt = attempts.get(0);
        Optional<ClusterRef> recorded = Optional.ofNullable((String) attempt[1]).map(ClusterRefJson::read);
        boolean onIt = recorded.isPresent() && member.cluster().isPresent()
                && recorded.get().clusterName().equals(member.cluster().get().clusterName());
        if (onIt) {
            // its teardown is the attempt's now
            delete(member);
        } else if (recorded.isPresent() || isEnded((String) attempt[0])) {
            stop(member, "the attempt that took it ended or runs elsewhere");
        }
    }

    private static boolean isEnded(String attemptState) {
        return !attemptState.equals("PROVISIONING") && !attemptState.equals("RUNNING");
    }

    /** Marks it stopping unless a run took it meanwhile, then stops it. */
    private boolean retire(Member member, String why) {
        int marked = Transactions.inNewTransaction(() -> entityManager.createNativeQuery("update warm_pool_member set state = 'STOPPING'"
                        + " where id = :id and taken_run_id is null")
                .setParameter("id", member.id())
                .executeUpdate());
        if (marked == 1) {
            stop(member, why);
        }
        return marked == 1;
    }

    private void stop(Member member, String why) {
        member.cluster().ifPresent(cluster -> {
            LOG.infof("stopping warm cluster %s of pool %s: %s", cluster.clusterName(), member.pool(), why);
            backends.get(member.profile()).terminate(cluster);
        });
        delete(member);
    }

    private void delete(Member member) {
        Transactions.inNewTransaction(() -> entityManager.createNativeQuery("delete from warm_pool_member where id = :id")
                .setParameter("id", member.id())
                .executeUpdate());
    }

    private static boolean fresh(WarmPoolSpec pool, Map<String, Instant> demand, Instant now) {
        Instant last = demand.get(pool.name());
        return last == null || !last.plus(pool.idleTtl()).isBefore(now);
    }

    /** The newest untaken warm clusters over the pool's size (it was made smaller). */
    private void retireOverSize(WarmPoolSpec pool, List<Member> members) {
        List<Member> untaken = members.stream()
                .filter(member -> member.pool().equals(pool.name()) && !member.taken() && !member.state().equals("STOPPING"))
                .toList();
        for (int i = untaken.size() - 1; i >= pool.size(); i--) {
            if (retire(untaken.get(i), "its pool's size is " + pool.size())) {
                members.remove(untaken.get(i));
            }
        }
    }

    /** Runs first: while a profile's runs and its idle warm clusters are over its limit, the oldest idle one goes. */
    private void makeRoomForRuns(String profile, List<Member> members) {
        int limit;
        try {
            limit = backends.limits(profile).maxConcurrentRuns();
        } catch (RuntimeException e) {
            return;
        }
        List<Member> untaken = members.stream()
                .filter(member -> member.profile().equals(profile) && !member.taken() && !member.state().equals("STOPPING"))
                .toList();
        long over = activeRuns(profile) + untaken.size() - limit;
        for (int i = 0; i < over && i < untaken.size(); i++) {
            if (retire(untaken.get(i), "the " + profile + " profile's runs need its capacity (at most " + limit + " clusters)")) {
                members.remove(untaken.get(i));
            }
        }
    }

    private long activeRuns(String profile) {
        return Transactions.inNewTransaction(() -> ((Number) entityManager.createNativeQuery(
                        "select count(*) from run where backend = :backend and state in ('PROVISIONING', 'RUNNING', 'CANCELLING')")
                .setParameter("backend", profile)
                .getSingleResult()).longValue());
    }

    /** Starts one missing warm cluster of the pool, when its profile and workspace have room for it. */
    private void refill(WarmPoolSpec pool, Instant now) {
        if (pool.size() == 0) {
            return;
        }
        Optional<String> unservable = unservable(pool);
        if (unservable.isPresent()) {
            // said once, not every pass, until it changes
            if (!unservable.get().equals(said.put(pool.name(), unservable.get()))) {
                LOG.warnf("warm pool %s keeps no warm cluster: %s", pool.name(), unservable.get());
            }
            return;
        }
        said.remove(pool.name());
        Optional<UUID> member = Transactions.inNewTransaction(() -> admit(pool, now));
        member.ifPresent(id -> start(pool, id));
    }

    /** Under the dispatcher's lock, so runs and warm clusters are counted against the same limits: a new row, or none. */
    private Optional<UUID> admit(WarmPoolSpec pool, Instant now) {
        entityManager.createNativeQuery("select pg_advisory_xact_lock(hashtext(:key))").setParameter("key", "sparkplane.dispatch").getSingleResult();
        long untaken = ((Number) entityManager.createNativeQuery("select count(*) from warm_pool_member where pool_name = :pool"
                        + " and taken_run_id is null and state <> 'STOPPING'")
                .setParameter("pool", pool.name()).getSingleResult()).longValue();
        if (untaken >= pool.size()) {
            return Optional.empty();
        }
        long profileMembers = ((Number) entityManager.createNativeQuery("select count(*) from warm_pool_member where profile = :profile"
                        + " and taken_run_id is null")
                .setParameter("profile", pool.profile()).getSingleResult()).longValue();
        long runs = ((Number) entityManager.createNativeQuery(
                        "select count(*) from run where backend = :backend and state in ('QUEUED', 'PROVISIONING', 'RUNNING', 'CANCELLING')")
                .setParameter("backend", pool.profile()).getSingleResult()).longValue();
        if (runs + profileMembers >= backends.limits(pool.profile()).maxConcurrentRuns()) {
            return Optional.empty();
        }
        Workspace workspace = workspaces.find(pool.workspace()).orElse(null);
        if (workspace == null) {
            return Optional.empty();
        }
        Optional<Integer> maxExecutors = workspace.quotas().maxExecutors();
        if (maxExecutors.isPresent()) {
            long used = ((Number) entityManager.createNativeQuery("select coalesce(sum(coalesce(a.desired_workers, 0)), 0) from run_attempt a"
                            + " join run r on r.id = a.run_id and r.attempt = a.attempt where r.workspace_id = :workspace"
                            + " and a.state in ('PROVISIONING', 'RUNNING') and a.torn_down_at is null")
                    .setParameter("workspace", pool.workspace()).getSingleResult()).longValue();
            long held = ((Number) entityManager.createNativeQuery("select coalesce(sum(workers), 0) from warm_pool_member"
                            + " where workspace_id = :workspace and taken_run_id is null")
                    .setParameter("workspace", pool.workspace()).getSingleResult()).longValue();
            if (used + held + pool.workers() > maxExecutors.get()) {
                return Optional.empty();
            }
        }
        UUID id = UUID.randomUUID();
        String template = expectedTemplate(pool, id).orElseThrow();
        entityManager.createNativeQuery("insert into warm_pool_member (id, pool_name, workspace_id, profile, state, template, workers, created_at)"
                        + " values (:id, :pool, :workspace, :profile, 'STARTING', :template, :workers, :now)")
                .setParameter("id", id)
                .setParameter("pool", pool.name())
                .setParameter("workspace", pool.workspace())
                .setParameter("profile", pool.profile())
                .setParameter("template", template)
                .setParameter("workers", pool.workers())
                .setParameter("now", now)
                .executeUpdate();
        return Optional.of(id);
    }

    /** Starts (or adopts) the warm cluster of a row and records it; a failed start removes the row. */
    private void start(WarmPoolSpec pool, UUID id) {
        Optional<Workspace> workspace = workspaces.find(pool.workspace());
        if (workspace.isEmpty()) {
            return;
        }
        LaunchSpec template = template(pool, id, workspace.get());
        EngineBackend backend = backends.get(pool.profile());
        ClusterRef cluster;
        try {
            cluster = backend.prewarm(WarmPoolTemplates.clusterSpec(pool, id, template, config.autoscaler().idleTimeout()));
        } catch (RuntimeException e) {
            LOG.warnf("starting a warm cluster of pool %s failed: %s", pool.name(), e.getMessage());
            Transactions.inNewTransaction(() -> entityManager.createNativeQuery("delete from warm_pool_member where id = :id")
                    .setParameter("id", id).executeUpdate());
            return;
        }
        Transactions.inNewTransaction(() -> entityManager.createNativeQuery("update warm_pool_member set cluster = cast(:cluster as jsonb)"
                        + " where id = :id")
                .setParameter("cluster", ClusterRefJson.write(cluster))
                .setParameter("id", id)
                .executeUpdate());
        LOG.infof("started warm cluster %s of pool %s", cluster.clusterName(), pool.name());
    }

    /** Why no warm cluster of the pool can be started now, if none can. */
    private Optional<String> unservable(WarmPoolSpec pool) {
        if (workspaces.find(pool.workspace()).isEmpty()) {
            return Optional.of("there is no workspace '" + pool.workspace() + "'");
        }
        try {
            if (!backends.get(pool.profile()).warmable()) {
                return Optional.of("the " + pool.profile() + " profile's backend cannot start clusters before their runs");
            }
        } catch (RuntimeException e) {
            return Optional.of("the " + pool.profile() + " profile cannot start engines: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** The stored form of the template a warm cluster of the pool is started from now; empty when none can be. */
    private Optional<String> expectedTemplate(WarmPoolSpec pool, UUID id) {
        try {
            if (!backends.get(pool.profile()).warmable()) {
                return Optional.empty();
            }
            return workspaces.find(pool.workspace()).map(workspace -> WarmClusters.stored(template(pool, id, workspace)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private LaunchSpec template(WarmPoolSpec pool, UUID id, Workspace workspace) {
        return WarmPoolTemplates.template(pool, id, backends.engineApiUrl(pool.profile()), backends.sparkConf(pool.profile()),
                stores.profile(workspace.storeProfile()).engineStorageConf(workspace.stagingRoot()));
    }
}
