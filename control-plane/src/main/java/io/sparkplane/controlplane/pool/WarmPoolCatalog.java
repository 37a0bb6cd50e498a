package io.sparkplane.controlplane.pool;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.backend.EngineProfiles;
import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.run.Clocks;
import io.sparkplane.controlplane.run.NativeValues;
import io.sparkplane.controlplane.workspace.Workspaces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the warm pools API does: lists the configuration's pools and those made through the API,
 * with what each holds, and makes, changes and deletes the latter (admins only). A caller sees the
 * pools of the workspaces it sees. The keeper acts on a change within its next pass.
 */
@ApplicationScoped
public class WarmPoolCatalog {

    private final WarmPools pools;
    private final EngineProfiles profiles;
    private final Workspaces workspaces;
    private final EntityManager entityManager;
    private final Clocks clocks;

    WarmPoolCatalog(WarmPools pools, EngineProfiles profiles, Workspaces workspaces, EntityManager entityManager, Clocks clocks) {
        this.pools = pools;
        this.profiles = profiles;
        this.workspaces = workspaces;
        this.entityManager = entityManager;
        this.clocks = clocks;
    }

    public WarmPoolView.Page list(Caller caller) {
        Map<String, Counts> counts = QuarkusTransaction.requiringNew().call(this::counts);
        return new WarmPoolView.Page(pools.all().stream().filter(pool -> caller.sees(pool.workspace()))
                .map(pool -> view(pool, counts.get(pool.name()))).toList());
    }

    public WarmPoolView get(Caller caller, String name) {
        WarmPoolSpec pool = pools.find(name).filter(found -> caller.sees(found.workspace())).orElseThrow(() -> notFound(name));
        return view(pool, QuarkusTransaction.requiringNew().call(this::counts).get(name));
    }

    public WarmPoolView create(Caller caller, WarmPoolRequest request) {
        caller.requireAdmin("making a warm pool");
        WarmPoolSpec spec = checked(request.name(), request, caller);
        QuarkusTransaction.requiringNew().run(() -> {
            lock();
            if (pools.find(spec.name()).isPresent()) {
                throw new ProblemException(ProblemType.CONFLICT, "a warm pool named '" + spec.name() + "' exists already"
                        + (pools.configured(spec.name()) ? " (in the configuration)" : ""));
            }
            Instant now = clocks.now();
            write("insert into warm_pool (name, workspace_id, profile, size, idle_ttl_seconds, workers, driver_cores, driver_memory_mib,"
                    + " executor_cores, executor_memory_mib, created_at, updated_at) values (:name, :workspace, :profile, :size, :ttl,"
                    + " :workers, :driverCores, :driverMemory, :executorCores, :executorMemory, :now, :now)", spec, now);
        });
        return get(caller, spec.name());
    }

    public WarmPoolView update(Caller caller, String name, WarmPoolRequest request) {
        requireStored(caller, name);
        caller.requireAdmin("changing a warm pool");
        if (request.name() != null && !request.name().equals(name)) {
            throw ProblemException.invalid("name", "a warm pool keeps its name ('" + name + "'); make a new pool instead");
        }
        WarmPoolSpec spec = checked(name, request, caller);
        QuarkusTransaction.requiringNew().run(() -> {
            lock();
            write("update warm_pool set workspace_id = :workspace, profile = :profile, size = :size, idle_ttl_seconds = :ttl,"
                    + " workers = :workers, driver_cores = :driverCores, driver_memory_mib = :driverMemory, executor_cores = :executorCores,"
                    + " executor_memory_mib = :executorMemory, updated_at = :now where name = :name", spec, clocks.now());
        });
        return get(caller, name);
    }

    /** The keeper stops its warm clusters on its next pass (runs that took one keep it). */
    public void delete(Caller caller, String name) {
        requireStored(caller, name);
        caller.requireAdmin("deleting a warm pool");
        QuarkusTransaction.requiringNew().run(() -> {
            lock();
            entityManager.createNativeQuery("delete from warm_pool where name = :name").setParameter("name", name).executeUpdate();
            entityManager.createNativeQuery("delete from warm_pool_activity where pool_name = :name").setParameter("name", name).executeUpdate();
        });
    }

    private void requireStored(Caller caller, String name) {
        WarmPoolSpec pool = pools.find(name).filter(found -> caller.sees(found.workspace())).orElseThrow(() -> notFound(name));
        if (pools.configured(pool.name())) {
            throw new ProblemException(ProblemType.CONFLICT, "warm pool '" + name + "' is in the configuration (sparkplane.warm-pools."
                    + name + ".*); change it there");
        }
    }

    private WarmPoolSpec checked(String name, WarmPoolRequest request, Caller caller) {
        WarmPoolRules.Checked checked = WarmPoolRules.fromBody(name, request.given());
        List<FieldError> errors = new ArrayList<>(checked.errors());
        if (request.workspace() != null && !request.workspace().isBlank() && !(caller.sees(request.workspace())
                && workspaces.find(request.workspace()).isPresent())) {
            errors.add(new FieldError("workspace", "no workspace '" + request.workspace() + "'"));
        }
        if (request.profile() != null && !request.profile().isBlank()) {
            profileError(request.profile()).ifPresent(message -> errors.add(new FieldError("profile", message)));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return checked.spec().orElseThrow();
    }

    private Optional<String> profileError(String profile) {
        if (!profiles.names().contains(profile)) {
            return Optional.of("no engine profile '" + profile + "'; one of: " + String.join(", ", new java.util.TreeSet<>(profiles.names())));
        }
        try {
            if (!profiles.get(profile).warmable()) {
                return Optional.of("the " + profile + " profile's backend cannot start clusters before their runs");
            }
        } catch (RuntimeException e) {
            return Optional.of("the " + profile + " profile cannot start engines now: " + e.getMessage());
        }
        return Optional.empty();
    }

    private void write(String sql, WarmPoolSpec spec, Instant now) {
        entityManager.createNativeQuery(sql)
                .setParameter("name", spec.name())
                .setParameter("workspace", spec.workspace())
                .setParameter("profile", spec.profile())
                .setParameter("size", spec.size())
                .setParameter("ttl", spec.idleTtl().toSeconds())
                .setParameter("workers", spec.workers())
                .setParameter("driverCores", spec.driver().cores())
                .setParameter("driverMemory", spec.driver().memoryMib())
                .setParameter("executorCores", spec.executor().cores())
                .setParameter("executorMemory", spec.executor().memoryMib())
                .setParameter("now", now)
                .executeUpdate();
    }

    /** One change of the pools at a time, on any replica. */
    private void lock() {
        entityManager.createNativeQuery("select pg_advisory_xact_lock(hashtext('sparkplane.warm-pools'))").getSingleResult();
    }

    private record Counts(int starting, int ready, long hits, long misses, Instant lastDemandAt) {}

    private Map<String, Counts> counts() {
        Map<String, Counts> counts = new TreeMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select a.pool_name, a.hits, a.misses, a.last_demand_at,"
                        + " (select count(*) from warm_pool_member m where m.pool_name = a.pool_name and m.taken_run_id is null"
                        + "   and m.state = 'STARTING'),"
                        + " (select count(*) from warm_pool_member m where m.pool_name = a.pool_name and m.taken_run_id is null"
                        + "   and m.state = 'READY')"
                        + " from warm_pool_activity a")
                .getResultList();
        for (Object[] row : rows) {
            counts.put((String) row[0], new Counts(((Number) row[4]).intValue(), ((Number) row[5]).intValue(), ((Number) row[1]).longValue(),
                    ((Number) row[2]).longValue(), NativeValues.instant(row[3])));
        }
        return counts;
    }

    private WarmPoolView view(WarmPoolSpec pool, Counts counts) {
        Counts known = counts == null ? new Counts(0, 0, 0, 0, null) : counts;
        boolean idle = known.lastDemandAt() != null && known.lastDemandAt().plus(pool.idleTtl()).isBefore(clocks.now());
        return new WarmPoolView(pool.name(), pool.workspace(), pool.profile(), pool.size(), pool.idleTtl().toString(), pool.workers(),
                new WarmPoolView.Resources(new WarmPoolView.Shape(pool.driver().cores(), pool.driver().memory()),
                        new WarmPoolView.Shape(pool.executor().cores(), pool.executor().memory())),
                pools.configured(pool.name()) ? "configuration" : "api",
                new WarmPoolView.Status(known.starting(), known.ready(), known.hits(), known.misses(), known.lastDemandAt(), idle));
    }

    private static ProblemException notFound(String name) {
        return new ProblemException(ProblemType.NOT_FOUND, "no warm pool '" + name + "'");
    }
}
