package io.sparkplane.controlplane.cluster;

import io.quarkus.scheduler.Scheduled;
import io.sparkplane.controlplane.config.SparkplaneConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Runs the autoscaler over every running cluster, every {@code sparkplane.autoscaler.interval}. */
@ApplicationScoped
public class AutoscalerLoop {

    private static final Logger LOG = Logger.getLogger(AutoscalerLoop.class);

    private final ClusterAutoscaler autoscaler;
    private final SparkplaneConfig config;

    AutoscalerLoop(ClusterAutoscaler autoscaler, SparkplaneConfig config) {
        this.autoscaler = autoscaler;
        this.config = config;
    }

    @Scheduled(every = "${sparkplane.autoscaler.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void autoscale() {
        if (!config.autoscaler().enabled()) {
            return;
        }
        try {
            autoscaler.scaleOnce();
        } catch (RuntimeException e) {
            LOG.errorf(e, "autoscaler pass failed; will try again");
        }
    }
}
