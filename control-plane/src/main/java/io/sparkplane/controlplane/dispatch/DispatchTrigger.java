package io.sparkplane.controlplane.dispatch;

import io.sparkplane.controlplane.config.SparkplaneConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs dispatch passes one at a time on one thread, when the poll comes round and also at once
 * when something frees or needs a slot (a submit, an attempt's end), so a run does not wait for
 * the next poll. Wake-ups that arrive while a pass is pending fold into it.
 */
@ApplicationScoped
public class DispatchTrigger {

    private static final Logger LOG = Logger.getLogger(DispatchTrigger.class);

    private final RunDispatcher dispatcher;
    private final boolean enabled;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread dispatcherThread = new Thread(runnable, "sparkplane-dispatcher");
        dispatcherThread.setDaemon(true);
        return dispatcherThread;
    });

    DispatchTrigger(RunDispatcher dispatcher, SparkplaneConfig config) {
        this.dispatcher = dispatcher;
        this.enabled = config.dispatcher().enabled();
    }

    public void wake() {
        if (!enabled || !pending.compareAndSet(false, true)) {
            return;
        }
        thread.execute(() -> {
            pending.set(false);
            try {
                dispatcher.dispatchOnce();
            } catch (RuntimeException e) {
                LOG.errorf(e, "dispatch pass failed; will try again");
            }
        });
    }

    @PreDestroy
    void stop() {
        thread.shutdownNow();
    }
}
