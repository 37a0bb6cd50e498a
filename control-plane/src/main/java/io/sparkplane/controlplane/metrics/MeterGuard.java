package io.sparkplane.controlplane.metrics;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs a meter's update so that it can never fail what it measures: a run's transition, a
 * provision, an autoscaler pass, a scrape. The first failure is logged as a warning, later ones at
 * debug level, so a broken meter does not flood the log.
 */
final class MeterGuard {

    private final Logger log;
    private final AtomicBoolean warned = new AtomicBoolean();

    MeterGuard(Class<?> owner) {
        this.log = Logger.getLogger(owner);
    }

    void run(String what, Runnable update) {
        try {
            update.run();
        } catch (RuntimeException | LinkageError e) {
            failed(what, e);
        }
    }

    <T> T get(String what, Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (RuntimeException | LinkageError e) {
            failed(what, e);
            return fallback;
        }
    }

    private void failed(String what, Throwable e) {
        if (warned.compareAndSet(false, true)) {
            log.warnf(e, "%s failed; the metric is left as it was (further failures are logged at debug level)", what);
        } else {
            log.debugf(e, "%s failed", what);
        }
    }
}
