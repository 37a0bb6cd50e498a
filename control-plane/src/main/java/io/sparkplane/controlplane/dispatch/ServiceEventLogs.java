package io.sparkplane.controlplane.dispatch;

import io.sparkplane.controlplane.staging.ConfiguredObjectStores;
import io.sparkplane.controlplane.staging.ObjectStores;
import io.sparkplane.controlplane.staging.StagedPath;
import io.sparkplane.controlplane.staging.StagingLayout;
import io.sparkplane.controlplane.workspace.Workspace;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectInfo;
import io.sparkplane.spi.storage.ObjectStoreException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A service-hosted attempt's Spark event log, which Spark wrote straight to the attempt's
 * {@code eventlog/} in staging, copied into {@code history/} as a launcher's upload is
 * ({@link StagingLayout#historyFile}), so a Spark History Server on {@code history/} lists the run
 * whichever backend ran it. Done once the job has ended; a copy repeated replaces the same objects.
 */
@ApplicationScoped
public class ServiceEventLogs {

    private static final Logger LOG = Logger.getLogger(ServiceEventLogs.class);

    private final ConfiguredObjectStores storeProfiles;
    private final RunWorkspaces workspaces;

    ServiceEventLogs(ConfiguredObjectStores storeProfiles, RunWorkspaces workspaces) {
        this.storeProfiles = storeProfiles;
        this.workspaces = workspaces;
    }

    public void copyToHistory(UUID runId, int attempt) {
        Optional<Workspace> found = workspaces.of(runId);
        if (found.isEmpty()) {
            return;
        }
        Workspace workspace = found.get();
        StagingLayout layout = workspace.staging();
        ObjectStores stores = storeProfiles.profile(workspace.storeProfile()).stores();
        Location prefix = layout.attempt(runId, attempt);
        int copied = 0;
        for (ObjectInfo object : stores.list(prefix.resolve(StagedPath.EVENT_LOG + "/"))) {
            String relative = object.location().key().substring(prefix.key().length());
            if (!StagedPath.isValid(relative)) {
                continue;
            }
            Optional<Location> history = layout.historyFile(runId, attempt, new StagedPath(relative));
            if (history.isEmpty()) {
                continue;
            }
            try (InputStream content = stores.open(object.location())) {
                stores.put(history.get(), content, object.size());
                copied++;
            } catch (ObjectStoreException | java.io.IOException e) {
                LOG.warnf("cannot copy %s to %s: %s", object.location().uri(), history.get().uri(), e.getMessage());
            }
        }
        if (copied > 0) {
            LOG.infof("copied %d event log files of the attempt to %s", copied, layout.history().uri());
        }
    }
}
