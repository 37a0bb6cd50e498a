package io.sparkplane.controlplane.staging;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.storage.Location;
import java.util.UUID;

/**
 * Where things go under the staging location (docs/staging.md): content-addressed artifacts under
 * {@code artifacts/sha256/}, and {@code runs/<runId>/<attempt>/} per attempt with the driver log,
 * {@code eventlog/} and {@code outputs/}. Pure.
 */
public record StagingLayout(Location root) {

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

    public Location eventLogDirectory(UUID runId, int attempt) {
        return attempt(runId, attempt).resolve(StagedPath.EVENT_LOG + "/");
    }

    /** Where an engine's upload goes: {@code path} is checked by {@link StagedPath#check(String)}. */
    public Location attemptFile(UUID runId, int attempt, StagedPath path) {
        return attempt(runId, attempt).resolve(path.value());
    }
}
