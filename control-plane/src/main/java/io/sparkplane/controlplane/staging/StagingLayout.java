package io.sparkplane.controlplane.staging;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.storage.Location;
import java.util.UUID;

/**
 * Where things go under the staging location (docs/staging.md): content-addressed artifacts under
 * {@code artifacts/sha256/}, {@code runs/<runId>/<attempt>/} per attempt with the driver log,
 * {@code eventlog/} and {@code outputs/}, and {@code history/}, every attempt's event log again in
 * the one directory a Spark History Server reads. Pure.
 */
public record StagingLayout(Location root) {

    static final String HISTORY = "history";
    /** Spark's prefix of a rolling event log's directory. */
    static final String ROLLING_EVENT_LOG = "eventlog_v2_";

    public StagingLayout {
        requireNonNull(root, "root is null");
        root = root.asPrefix();
    }

    public Location artifact(ArtifactHash hash) {
        return root.resolve("artifacts/sha256/" + hash.hex());
    }

    public Location attempt(UUID runId, int attempt) {
        return root.resolve("runs/" + runId + "/" + attempt + "/");
    }

    public Location driverLog(UUID runId, int attempt) {
        return attempt(runId, attempt).resolve(StagedPath.DRIVER_LOG);
    }

    /** Where an engine's upload goes. */
    public Location attemptFile(UUID runId, int attempt, StagedPath path) {
        return attempt(runId, attempt).resolve(path.value());
    }

    /**
     * Where an event log file of an attempt is also kept for a History Server, empty for other files:
     * {@code eventlog/eventlog_v2_<appId>/<file>} becomes {@code history/eventlog_v2_<runId>-<attempt>-<appId>/<file>}
     * (the History Server takes the application from the files, not the name). Named after the attempt
     * that uploads it, so no attempt can replace another's, even when two standalone masters gave
     * their first applications the same id in the same second.
     */
    public java.util.Optional<Location> historyFile(UUID runId, int attempt, StagedPath path) {
        String prefix = StagedPath.EVENT_LOG + "/";
        if (!path.value().startsWith(prefix)) {
            return java.util.Optional.empty();
        }
        String rest = path.value().substring(prefix.length());
        String owner = runId + "-" + attempt + "-";
        String named = rest.startsWith(ROLLING_EVENT_LOG) ? ROLLING_EVENT_LOG + owner + rest.substring(ROLLING_EVENT_LOG.length()) : owner + rest;
        return java.util.Optional.of(root.resolve(HISTORY + "/" + named));
    }

    /** The directory to point {@code spark.history.fs.logDirectory} at. */
    public Location history() {
        return root.resolve(HISTORY + "/");
    }
}
