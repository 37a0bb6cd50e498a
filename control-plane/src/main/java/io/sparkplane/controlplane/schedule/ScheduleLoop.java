package io.sparkplane.controlplane.schedule;

import io.quarkus.scheduler.Scheduled;
import io.sparkplane.controlplane.config.SparkplaneConfig;
import io.sparkplane.controlplane.run.Clocks;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Fires due schedules on every replica (they take turns per schedule; see {@link ScheduleFirer}). */
@ApplicationScoped
public class ScheduleLoop {

    private static final Logger LOG = Logger.getLogger(ScheduleLoop.class);

    private final ScheduleFirer firer;
    private final Clocks clocks;
    private final boolean enabled;

    ScheduleLoop(ScheduleFirer firer, Clocks clocks, SparkplaneConfig config) {
        this.firer = firer;
        this.clocks = clocks;
        this.enabled = config.schedules().enabled();
    }

    @Scheduled(every = "${sparkplane.schedules.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void fire() {
        if (!enabled) {
            return;
        }
        try {
            firer.fireDue(clocks.now());
        } catch (RuntimeException e) {
            LOG.errorf(e, "firing due schedules failed; will try again");
        }
    }
}
