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

    EngineLoops(DispatchTrigger dispatch, RunReconciler reconciler) {
        this.dispatch = dispatch;
        this.reconciler = reconciler;
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
}
