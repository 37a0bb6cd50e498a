package io.sparkplane.controlplane.dispatch;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** The loops that move runs forward (the autoscaler's is its own, {@code cluster.AutoscalerLoop}); requests only write desired state. */
@ApplicationScoped
public class EngineLoops {

    private static final Logger LOG = Logger.getLogger(EngineLoops.class);

    private final DispatchTrigger dispatch;
    private final RunReconciler reconciler;
    private final ServiceClusterSweep sweep;

    EngineLoops(DispatchTrigger dispatch, RunReconciler reconciler, ServiceClusterSweep sweep) {
        this.dispatch = dispatch;
        this.reconciler = reconciler;
        this.sweep = sweep;
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

    /**
     * Clouds' clusters whose attempt is over; their APIs are rate-limited, so not every second. Soon
     * after the start too: starting each cloud profile's backend is how a profile its service refuses
     * (an instance type its release does not take) is found before any run is accepted.
     */
    @Scheduled(every = "${sparkplane.sweep-interval:60s}", delay = 1, delayUnit = java.util.concurrent.TimeUnit.SECONDS,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            sweep.sweepOnce();
        } catch (RuntimeException e) {
            LOG.errorf(e, "sweep failed; will try again");
        }
    }
}
