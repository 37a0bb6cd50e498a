package io.sparkplane.controlplane.dispatch;

import io.sparkplane.controlplane.run.ClusterRefJson;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.engine.WarmFit;
import io.sparkplane.spi.launch.LaunchSpecCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The dispatcher's side of warm pools (the pools themselves are {@code pool.WarmPoolKeeper}'s): in
 * the claim's transaction a run takes the oldest READY warm cluster of its workspace and engine
 * profile that it fits ({@link WarmFit}), locked {@code FOR UPDATE SKIP LOCKED} so no two runs take
 * one; provisioning then hands the attempt to it. Each claim also counts as demand for the pools of
 * the workspace and profile, and as a hit or a miss.
 */
@ApplicationScoped
public class WarmClusters {

    /** A warm cluster an attempt took, and when it had become ready. */
    public record Taken(UUID member, ClusterRef cluster, Instant readyAt) {}

    private final EntityManager entityManager;

    WarmClusters(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * In the claim's transaction: the warm cluster the attempt takes, if one is READY that it fits.
     *
     * @param run the attempt's launch spec as its launcher would get it (token and storage settings aside)
     */
    Optional<UUID> take(String workspace, String profile, LaunchSpec run, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> ready = entityManager.createNativeQuery("select id, pool_name, template from warm_pool_member"
                        + " where workspace_id = :workspace and profile = :profile and state = 'READY' and taken_run_id is null"
                        + " order by ready_at, id for update skip locked")
                .setParameter("workspace", workspace)
                .setParameter("profile", profile)
                .getResultList();
        Optional<Object[]> fitting = ready.stream()
                .filter(row -> WarmFit.misfit(template((String) row[2], run), run).isEmpty())
                .findFirst();
        // demand for every pool of the workspace and profile, and a miss when the run goes cold
        entityManager.createNativeQuery("update warm_pool_activity set last_demand_at = :now, misses = misses + :miss"
                        + " where workspace_id = :workspace and profile = :profile")
                .setParameter("now", now)
                .setParameter("miss", fitting.isEmpty() ? 1 : 0)
                .setParameter("workspace", workspace)
                .setParameter("profile", profile)
                .executeUpdate();
        if (fitting.isEmpty()) {
            return Optional.empty();
        }
        UUID member = (UUID) fitting.get()[0];
        entityManager.createNativeQuery("update warm_pool_member set taken_run_id = :run, taken_attempt = :attempt, taken_at = :now"
                        + " where id = :id")
                .setParameter("run", UUID.fromString(run.runId()))
                .setParameter("attempt", run.attempt())
                .setParameter("now", now)
                .setParameter("id", member)
                .executeUpdate();
        entityManager.createNativeQuery("update warm_pool_activity set hits = hits + 1 where pool_name = :pool")
                .setParameter("pool", fitting.get()[1])
                .executeUpdate();
        return Optional.of(member);
    }

    /** The warm cluster the attempt took, if it took one and it still waits to be handed the attempt. */
    Optional<Taken> takenBy(UUID run, int attempt) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select id, cast(cluster as text), ready_at from warm_pool_member"
                        + " where taken_run_id = :run and taken_attempt = :attempt and cluster is not null")
                .setParameter("run", run)
                .setParameter("attempt", attempt)
                .getResultList();
        return rows.stream().findFirst().map(row -> new Taken((UUID) row[0], ClusterRefJson.read((String) row[1]),
                io.sparkplane.controlplane.run.NativeValues.instant(row[2])));
    }

    /** The attempt runs on it now: the pool no longer counts it (its teardown is the attempt's). */
    void handedOver(UUID member) {
        entityManager.createNativeQuery("delete from warm_pool_member where id = :id").setParameter("id", member).executeUpdate();
    }

    /** It could not take the attempt: the keeper stops it; the attempt gets a cold cluster. */
    void discard(UUID member) {
        entityManager.createNativeQuery("update warm_pool_member set state = 'STOPPING' where id = :id")
                .setParameter("id", member)
                .executeUpdate();
    }

    /** The member's template as stored (no token, no storage settings), with the run's storage settings, which a pool of its workspace shares. */
    static LaunchSpec template(String stored, LaunchSpec run) {
        LaunchSpec template = LaunchSpecCodec.decode(stored.getBytes(StandardCharsets.UTF_8));
        return new LaunchSpec(template.runId(), template.attempt(), template.runName(), template.controlPlaneUrl(), template.token(),
                template.entrypoint(), template.args(), template.pyFiles(), template.jars(), template.files(), template.archives(),
                template.sparkConf(), run.storageConf(), template.resources());
    }

    /** What is stored of a template: no token, no storage settings (they may hold secrets). */
    public static String stored(LaunchSpec template) {
        return new String(LaunchSpecCodec.encode(new LaunchSpec(template.runId(), template.attempt(), template.runName(),
                template.controlPlaneUrl(), "", template.entrypoint(), template.args(), template.pyFiles(), template.jars(), template.files(),
                template.archives(), template.sparkConf(), Map.of(), template.resources())), StandardCharsets.UTF_8);
    }
}
