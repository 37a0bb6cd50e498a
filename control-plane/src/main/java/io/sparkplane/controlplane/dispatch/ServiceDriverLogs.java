package io.sparkplane.controlplane.dispatch;

import io.sparkplane.controlplane.run.RunLogStore;
import io.sparkplane.controlplane.staging.ConfiguredObjectStores;
import io.sparkplane.controlplane.staging.ObjectStores;
import io.sparkplane.controlplane.workspace.Workspace;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.DriverOutput;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectInfo;
import io.sparkplane.spi.storage.ObjectStoreException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.jboss.logging.Logger;

/**
 * Brings a service-hosted attempt's driver output into the run's log ({@code GET
 * /api/v1/runs/{id}/logs}) once its job has ended and its service has written it for the last time:
 * the service wrote it to the workspace's staging ({@link EngineBackend#driverLogLocations}), stdout
 * before stderr, gzipped where the name says so, in numbered parts where the location ends in {@code *};
 * or it hands it over its own API ({@link EngineBackend#driverOutput}: a Livy batch's log).
 */
@ApplicationScoped
public class ServiceDriverLogs {

    private static final Logger LOG = Logger.getLogger(ServiceDriverLogs.class);
    /** A log past this is cut, saying so: the whole of it stays in staging. */
    static final int MAX_BYTES = 64 * 1024 * 1024;
    /** A location ending so stands for every object whose name begins with what comes before, in name order (Dataproc's numbered parts). */
    static final String PARTS = "*";

    private final RunLogStore logs;
    private final ConfiguredObjectStores storeProfiles;
    private final RunWorkspaces workspaces;

    ServiceDriverLogs(RunLogStore logs, ConfiguredObjectStores storeProfiles, RunWorkspaces workspaces) {
        this.logs = logs;
        this.storeProfiles = storeProfiles;
        this.workspaces = workspaces;
    }

    /**
     * The driver's output as the service left it, into a run log that has none yet (written once:
     * a log is never appended to from a second read); a part not there is named, not waited for.
     *
     * @param lastTry the attempt's outputs are past their deadline: what cannot be read now is said so, not tried again
     */
    public void collect(UUID runId, int attempt, EngineBackend backend, ClusterRef cluster, boolean lastTry) {
        List<String> locations = backend.driverLogLocations(cluster);
        if (logs.read(runId, attempt, 0, 1).length > 0) {
            return;
        }
        if (locations.isEmpty()) {
            collectHandedOver(runId, attempt, backend, cluster, lastTry);
            return;
        }
        Optional<Workspace> found = workspaces.of(runId);
        if (found.isEmpty()) {
            return;
        }
        Workspace workspace = found.get();
        ObjectStores stores = storeProfiles.profile(workspace.storeProfile()).stores();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String uri : locations) {
            boolean parts = uri.endsWith(PARTS);
            String named = parts ? uri.substring(0, uri.length() - PARTS.length()) : uri;
            Location location = Location.parse(named);
            line(all, "[sparkplane] " + location.name().replaceFirst("\\.gz$", "") + " of the driver, from " + uri);
            try {
                List<Location> objects = parts
                        ? stores.list(location).stream().map(ObjectInfo::location).toList()
                        : stores.stat(location).map(ObjectInfo::location).stream().toList();
                if (objects.isEmpty()) {
                    line(all, "[sparkplane] (the service has not written it)");
                    continue;
                }
                if (!copyAll(stores, objects, all)) {
                    line(all, "\n[sparkplane] cut at " + MAX_BYTES + " bytes; the whole log is at " + uri);
                    break;
                }
            } catch (ObjectStoreException | IOException e) {
                LOG.warnf("cannot read the driver log %s: %s", uri, e.getMessage());
                line(all, "[sparkplane] cannot read it: " + e.getMessage());
            }
        }
        logs.append(runId, attempt, 0, all.toByteArray());
    }

    /**
     * The output the service hands over its API (a Livy batch's log), cut at the cap. A service that
     * cannot be asked is asked again on the next pass, until the last try, which says so in the log.
     */
    private void collectHandedOver(UUID runId, int attempt, EngineBackend backend, ClusterRef cluster, boolean lastTry) {
        Optional<DriverOutput> output;
        try {
            output = backend.driverOutput(cluster);
        } catch (RuntimeException e) {
            if (!lastTry) {
                throw e;
            }
            LOG.warnf("cannot read the driver's output from the service: %s", e.getMessage());
            ByteArrayOutputStream note = new ByteArrayOutputStream();
            // the exception's kind only: a service's words may quote what the job printed, or a credential
            line(note, "[sparkplane] the service did not hand over the driver's output (" + e.getClass().getSimpleName() + ")");
            logs.append(runId, attempt, 0, note.toByteArray());
            return;
        }
        if (output.isEmpty()) {
            ByteArrayOutputStream note = new ByteArrayOutputStream();
            line(note, "[sparkplane] the service handed over no driver output (it no longer has the job's, or the job wrote none)");
            logs.append(runId, attempt, 0, note.toByteArray());
            return;
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        line(all, "[sparkplane] the driver's output, from " + output.get().source());
        byte[] text = output.get().text().getBytes(StandardCharsets.UTF_8);
        int room = MAX_BYTES - all.size();
        all.write(text, 0, Math.min(text.length, room));
        if (text.length > room) {
            line(all, "\n[sparkplane] cut at " + MAX_BYTES + " bytes");
        }
        logs.append(runId, attempt, 0, all.toByteArray());
    }

    /** The objects one after the other, gunzipped where the name ends in {@code .gz}; false when the cap was reached. */
    private static boolean copyAll(ObjectStores stores, List<Location> objects, ByteArrayOutputStream all) throws IOException {
        for (Location object : objects) {
            try (InputStream raw = stores.open(object);
                    InputStream content = object.key().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
                if (!copy(content, all)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** False when the cap was reached. */
    private static boolean copy(InputStream content, ByteArrayOutputStream all) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int read;
        while ((read = content.read(buffer)) >= 0) {
            int room = MAX_BYTES - all.size();
            if (read > room) {
                all.write(buffer, 0, Math.max(0, room));
                return false;
            }
            all.write(buffer, 0, read);
        }
        return true;
    }

    private static void line(ByteArrayOutputStream all, String text) {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        all.write(bytes, 0, bytes.length);
    }
}
