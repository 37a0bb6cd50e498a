package io.sparkplane.controlplane.metrics;

import io.sparkplane.spi.engine.BackendContext;
import io.sparkplane.spi.engine.BackendLimits;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.engine.EngineBackendFactory;
import io.sparkplane.spi.settings.Setting;
import io.sparkplane.spi.settings.Settings;
import java.util.List;

/**
 * A backend type of the tests, found like any plug-in (META-INF/services in the test resources):
 * its backend is created, and refuses every provision the way a cloud out of capacity does, so the
 * dispatcher's provision path runs to its end without starting anything.
 */
public final class RefusingBackendFactory implements EngineBackendFactory<BackendLimits> {

    static final String TYPE = "refusing-test";
    static final String REFUSAL = "no capacity left (the test backend refuses every cluster)";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<Setting> settings() {
        return BackendLimits.settings(2, 4);
    }

    @Override
    public BackendLimits configure(Settings settings) {
        return BackendLimits.read(settings);
    }

    @Override
    public BackendLimits limits(BackendLimits limits) {
        return limits;
    }

    @Override
    public EngineBackend create(BackendLimits limits, BackendContext context) {
        return new EngineBackend() {
            @Override
            public String name() {
                return context.profile();
            }

            @Override
            public ClusterRef provision(ClusterSpec spec) {
                throw new EngineBackendException(REFUSAL);
            }

            @Override
            public ClusterTopology resize(ClusterRef cluster, int workers) {
                throw new UnsupportedOperationException("the refusing test backend has no clusters");
            }

            @Override
            public ClusterStatus describe(ClusterRef cluster) {
                throw new UnsupportedOperationException("the refusing test backend has no clusters");
            }

            @Override
            public void terminate(ClusterRef cluster) {
                // it made none
            }
        };
    }
}
