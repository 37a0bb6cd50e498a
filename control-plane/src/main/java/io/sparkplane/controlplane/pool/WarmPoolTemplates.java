package io.sparkplane.controlplane.pool;

import io.sparkplane.controlplane.dispatch.LaunchSpecs;
import io.sparkplane.controlplane.run.AutoscalingPolicy;
import io.sparkplane.controlplane.run.RunDefinition;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a warm cluster is started from: the launch spec a run of the pool's shape that sets nothing
 * else would get (so such a run fits it), naming the warm cluster instead of a run. Pure.
 */
public final class WarmPoolTemplates {

    /** The warm driver's program: the launcher writes it; the name only shows in the template. */
    static final String PROGRAM = "warm_driver.py";

    private WarmPoolTemplates() {}

    /** {@code sp-warm-<member id>}: a warm cluster's name, on every backend. */
    public static String clusterName(UUID member) {
        return "sp-warm-" + member;
    }

    /**
     * @param profileSparkConf the profile's Spark conf, which every run of it gets
     * @param storageConf how the job reaches object storage, from the pool's workspace
     */
    public static LaunchSpec template(WarmPoolSpec pool, UUID member, String engineApiUrl, Map<String, String> profileSparkConf,
            Map<String, String> storageConf) {
        RunDefinition definition = new RunDefinition("sparkplane-warm-" + pool.name(), new Entrypoint.PythonFile(PROGRAM), List.of(),
                List.of(), List.of(), List.of(), List.of(), Map.of(), new RunDefinition.Resources(pool.driver(), pool.executor()),
                new AutoscalingPolicy.Backlog(pool.workers(), Math.max(1, pool.workers())), pool.profile(), Optional.empty(), 0, Map.of());
        return LaunchSpecs.launchSpec(member, 1, definition, engineApiUrl, "", profileSparkConf, storageConf);
    }

    public static ClusterSpec clusterSpec(WarmPoolSpec pool, UUID member, LaunchSpec template, Duration idleTimeout) {
        return new ClusterSpec(clusterName(member), template.resources(), pool.workers(), idleTimeout, "", template, pool.workspace())
                .withMayExist(true);
    }
}
