package io.sparkplane.controlplane.dispatch;

import io.sparkplane.controlplane.backend.EngineProfiles;
import io.sparkplane.controlplane.backend.ProfileClosedException;
import io.sparkplane.controlplane.run.RunAttemptEntity;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.run.RunLogContext;
import io.sparkplane.controlplane.run.Transactions;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.JobHosting;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * No cloud cluster outlives its attempt: asks each service-hosted profile for the clusters it finds
 * by Sparkplane's tags ({@link EngineBackend#liveClusters}) and terminates those whose attempt is
 * over, or whose run this control plane does not know (its database was reset, or the cluster is a
 * stray of another installation's profile of the same name). A cluster of an attempt still being
 * provisioned is left alone: its provision adopts it. Teardown of ended attempts that recorded their
 * cluster is the reconciler's; this catches what no record points to (a provision that crashed after
 * the cloud made the cluster, then a cancel), and what a failed teardown left.
 */
@ApplicationScoped
public class ServiceClusterSweep {

    private static final Logger LOG = Logger.getLogger(ServiceClusterSweep.class);
    /** {@code sp-<run id>-<attempt>}, as {@code ClusterSpec.nameFor} makes it. */
    private static final Pattern CLUSTER_NAME = Pattern.compile("sp-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-(\\d+)");

    private final EngineProfiles profiles;
    /** Profiles whose backend failed to answer last time: said once, not every minute. */
    private final Set<String> failing = new HashSet<>();

    ServiceClusterSweep(EngineProfiles profiles) {
        this.profiles = profiles;
    }

    public void sweepOnce() {
        for (String profile : profiles.names()) {
            if (profiles.hosting(profile) != JobHosting.SERVICE) {
                continue;
            }
            try {
                EngineBackend backend = profiles.get(profile);
                for (ClusterRef cluster : backend.liveClusters()) {
                    if (isOver(cluster.clusterName())) {
                        try (RunLogContext ignored = context(cluster.clusterName())) {
                            LOG.infof("terminating engine cluster %s of profile %s: its attempt is over", cluster.clusterName(), profile);
                            backend.terminate(cluster);
                        }
                    }
                }
                failing.remove(profile);
            } catch (ProfileClosedException e) {
                return;
            } catch (RuntimeException e) {
                if (failing.add(profile)) {
                    LOG.warnf("cannot sweep the clusters of engine profile %s: %s", profile, e.getMessage());
                }
            }
        }
    }

    /** The run and attempt a cluster's name says, empty for a name Sparkplane does not give. */
    static Optional<Attempt> attemptOf(String clusterName) {
        Matcher matcher = CLUSTER_NAME.matcher(clusterName);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Attempt(UUID.fromString(matcher.group(1)), Integer.parseInt(matcher.group(2))));
    }

    record Attempt(UUID runId, int number) {}

    /** True when the named attempt has ended, or no run of this control plane has it. */
    private static boolean isOver(String clusterName) {
        Optional<Attempt> named = attemptOf(clusterName);
        if (named.isEmpty()) {
            return false; // not a name Sparkplane gives: not ours to end
        }
        return Transactions.inNewTransaction(() -> {
            RunEntity run = RunEntity.findById(named.get().runId());
            if (run == null) {
                return true;
            }
            RunAttemptEntity attempt = RunAttemptEntity.findById(new RunAttemptEntity.Key(run.id, named.get().number()));
            if (attempt == null) {
                // an attempt not yet started cannot have a cluster; an older one's record is never deleted
                return named.get().number() < run.attempt;
            }
            return attempt.state.isEnded();
        });
    }

    private static RunLogContext context(String clusterName) {
        Attempt attempt = attemptOf(clusterName).orElseThrow();
        return RunLogContext.of(attempt.runId(), attempt.number());
    }
}
