package io.sparkplane.controlplane.dispatch;

import io.quarkus.scheduler.Scheduled;
import io.sparkplane.controlplane.cluster.ClusterAutoscaler;
import io.sparkplane.controlplane.config.SparkplaneConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** The loops that move runs forward; requests only write desired state. */
@ApplicationScoped
public class EngineLoops {

    private static final Logger LOG = Logger.getLogger(EngineLoops.class);

    private final DispatchTrigger dispatch;
    private final RunReconciler reconciler;
    private final ClusterAutoscaler autoscaler;
    private final SparkplaneConfig config;

    EngineLoops(DispatchTrigger dispatch, RunReconciler reconciler, ClusterAutoscaler autoscaler, SparkplaneConfig config) {
        this.dispatch = dispatch;
        this.reconciler = reconciler;
        this.autoscaler = autoscaler;
        this.config = config;
    }

    /** The poll; submits and ended attempts also wake the dispatcher at once. */
    @Scheduled(every = "${sparkplane.dispatcher.interval:1s}")
    void dispatch() {
        dispatch.wake();
    }

    @Scheduled(every = "${sparkplane.loop-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reconcile() {
        try {
            reconciler.reconcileOnce();
        } catch (RuntimeException e) {
            LOG.errorf(e, "reconcile pass failed; will try again");
        }
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
