package io.sparkplane.controlplane.dispatch;

import io.sparkplane.controlplane.run.SparkApplication;
import io.sparkplane.controlplane.run.SparkApplications;
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
 * whichever backend ran it, and records the application as the attempt's ({@link SparkApplications}), as
 * the launcher's upload does. Done once the job has ended; a copy repeated replaces the same objects.
 */
@ApplicationScoped
public class ServiceEventLogs {

    private static final Logger LOG = Logger.getLogger(ServiceEventLogs.class);

    private final ConfiguredObjectStores storeProfiles;
    private final RunWorkspaces workspaces;
    private final SparkApplications applications;

    ServiceEventLogs(ConfiguredObjectStores storeProfiles, RunWorkspaces workspaces, SparkApplications applications) {
        this.storeProfiles = storeProfiles;
        this.workspaces = workspaces;
        this.applications = applications;
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
                continue;
            }
            Optional<SparkApplication> application = SparkApplication.ofEventLogFile(relative.substring(StagedPath.EVENT_LOG.length() + 1));
            try {
                application.ifPresent(app -> applications.record(runId, attempt, app));
            } catch (RuntimeException e) {
                LOG.warnf(e, "cannot record the Spark application %s of run %s attempt %d", application.get().id(), runId, attempt);
            }
        }
        if (copied > 0) {
            LOG.infof("copied %d event log files of the attempt to %s", copied, layout.history().uri());
        }
    }
}
