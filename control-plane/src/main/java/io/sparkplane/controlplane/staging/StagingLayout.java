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

    /** Where an event log file is also kept for a History Server ({@code history/eventlog_v2_<appId>/...}); empty for other files. */
    public java.util.Optional<Location> historyFile(StagedPath path) {
        String prefix = StagedPath.EVENT_LOG + "/";
        return path.value().startsWith(prefix)
                ? java.util.Optional.of(root.resolve(HISTORY + "/" + path.value().substring(prefix.length())))
                : java.util.Optional.empty();
    }

    /** The directory to point {@code spark.history.fs.logDirectory} at. */
    public Location history() {
        return root.resolve(HISTORY + "/");
    }
}
