package io.sparkplane.controlplane.pool;

import io.sparkplane.spi.engine.BackendContext;
import io.sparkplane.spi.engine.BackendLimits;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.engine.EngineBackendFactory;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.engine.WarmClusterStatus;
import io.sparkplane.spi.settings.Setting;
import io.sparkplane.spi.settings.Settings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A backend type of the tests with warm clusters, found like any plug-in (META-INF/services in the
 * test resources): it starts nothing, and records every call, so a test sees what the keeper and
 * the dispatcher asked of a backend. A warm cluster is READY once {@link #ready} names it, GONE once
 * {@link #lose} does.
 */
public final class WarmTestBackendFactory implements EngineBackendFactory<BackendLimits> {

    /** Every call, in order: {@code prewarm <cluster>}, {@code onWarm <cluster> <run>}, {@code provision <cluster>}, {@code terminate <cluster>}. */
    public static final List<String> CALLS = Collections.synchronizedList(new ArrayList<>());
    /** The launch spec of each cluster provisioned cold or handed a run, by cluster name. */
    public static final Map<String, LaunchSpec> LAUNCHES = new ConcurrentHashMap<>();
    /** Clusters a run was provisioned on that a test says run (so an engine's reports can reach the attempt); any other is gone. */
    public static final Set<String> ACTIVE = ConcurrentHashMap.newKeySet();
    static final Set<String> READY = ConcurrentHashMap.newKeySet();
    static final Set<String> LOST = ConcurrentHashMap.newKeySet();

    static void ready(String cluster) {
        READY.add(cluster);
    }

    static void lose(String cluster) {
        LOST.add(cluster);
    }

    @Override
    public String type() {
        return "warm-test";
    }

    @Override
    public List<Setting> settings() {
        return BackendLimits.settings(3, 4);
    }

    @Override
    public BackendLimits configure(Settings settings) {
        return BackendLimits.read(settings);
    }

    @Override
    public BackendLimits limits(BackendLimits configuration) {
        return configuration;
    }

    @Override
    public EngineBackend create(BackendLimits configuration, BackendContext context) {
        String name = context.profile();
        return new EngineBackend() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean warmable() {
                return true;
            }

            @Override
            public ClusterRef prewarm(ClusterSpec spec) {
                CALLS.add("prewarm " + spec.clusterName());
                return new ClusterRef(name, spec.clusterName(), Map.of("workers", Integer.toString(spec.initialWorkers())));
            }

            @Override
            public WarmClusterStatus describeWarm(ClusterRef warm) {
                if (LOST.contains(warm.clusterName())) {
                    return new WarmClusterStatus(WarmClusterStatus.Phase.GONE, "lost by the test");
                }
                return READY.contains(warm.clusterName()) ? new WarmClusterStatus(WarmClusterStatus.Phase.READY, "ready")
                        : new WarmClusterStatus(WarmClusterStatus.Phase.STARTING, "starting");
            }

            @Override
            public ClusterRef provisionOnWarm(ClusterRef warm, ClusterSpec spec) {
                if (LOST.contains(warm.clusterName())) {
                    throw new EngineBackendException("warm cluster " + warm.clusterName() + " is gone");
                }
                CALLS.add("onWarm " + warm.clusterName() + " " + spec.launch().runId());
                LAUNCHES.put(spec.clusterName(), spec.launch());
                return warm;
            }

            @Override
            public ClusterRef provision(ClusterSpec spec) {
                CALLS.add("provision " + spec.clusterName());
                LAUNCHES.put(spec.clusterName(), spec.launch());
                return new ClusterRef(name, spec.clusterName(), Map.of());
            }

            @Override
            public ClusterTopology resize(ClusterRef cluster, int workers) {
                throw new EngineBackendException("not in these tests");
            }

            @Override
            public ClusterStatus describe(ClusterRef cluster) {
                if (ACTIVE.contains(cluster.clusterName())) {
                    return new ClusterStatus.Active("a test says it runs", new ClusterTopology(0, 0, 0, Map.of(), List.of()));
                }
                return new ClusterStatus.Gone("the warm-test backend runs nothing");
            }

            @Override
            public void terminate(ClusterRef cluster) {
                CALLS.add("terminate " + cluster.clusterName());
            }
        };
    }
}
