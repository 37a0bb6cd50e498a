package io.sparkplane.controlplane.dispatch;

import io.quarkus.scheduler.Scheduled;
import io.sparkplane.controlplane.config.SparkplaneConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** The loops that move runs forward; requests only write desired state. */
@ApplicationScoped
public class EngineLoops {

    private static final Logger LOG = Logger.getLogger(EngineLoops.class);

    private final RunDispatcher dispatcher;
    private final RunReconciler reconciler;
    private final boolean dispatching;

    EngineLoops(RunDispatcher dispatcher, RunReconciler reconciler, SparkplaneConfig config) {
        this.dispatcher = dispatcher;
        this.reconciler = reconciler;
        this.dispatching = config.dispatcher().enabled();
    }

    @Scheduled(every = "${sparkplane.dispatcher.interval:250ms}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void dispatch() {
        if (!dispatching) {
            return;
        }
        try {
            dispatcher.dispatchOnce();
        } catch (RuntimeException e) {
            LOG.errorf(e, "dispatch pass failed; will try again");
        }
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
