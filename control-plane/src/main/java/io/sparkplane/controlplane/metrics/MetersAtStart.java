package io.sparkplane.controlplane.metrics;

import io.quarkus.runtime.StartupEvent;
import io.sparkplane.controlplane.backend.EngineProfiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Registers every engine profile's series at zero when the control plane starts, so a dashboard or
 * an alert sees {@code 0} (not "no data") before a profile's first run, and reads PostgreSQL's
 * counts once so the first scrape has every workspace's queue depth. A profile made later through
 * the API gets its series with its first run; a workspace made later, from the scrape after the
 * next reading. Never stops the start.
 */
@ApplicationScoped
public class MetersAtStart {

    private static final Logger LOG = Logger.getLogger(MetersAtStart.class);

    void registerEachProfile(@Observes StartupEvent started, EngineProfiles profiles, RunTransitionMeters transitions, ProvisionTimes provisions,
            AutoscalerDecisions decisions, RunStateGauges gauges) {
        try {
            for (String backend : profiles.names()) {
                transitions.register(backend);
                provisions.register(backend);
                decisions.register(backend);
                gauges.register(backend);
            }
            gauges.refresh();
        } catch (RuntimeException e) {
            LOG.warnf(e, "registering the engine profiles' metrics failed; each profile's series appear with its first run");
        }
    }

    void registerWarmPools(@Observes StartupEvent started, WarmPoolGauges pools, io.sparkplane.controlplane.config.SparkplaneConfig config) {
        try {
            pools.registerAtStart();
            // the configuration's pools have their series from the start, at zero until the keeper's first pass
            config.warmPools().keySet().forEach(pools::register);
            pools.refresh();
        } catch (RuntimeException e) {
            LOG.warnf(e, "registering the warm pools' metrics failed; they appear with the first scrape");
        }
    }
}
