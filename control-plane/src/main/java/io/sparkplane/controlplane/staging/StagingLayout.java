package io.sparkplane.controlplane.staging;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.storage.Location;
import java.util.UUID;

/**
 * Where things go under the staging location (docs/staging.md): {@code runs/<runId>/<attempt>/}
 * per attempt, with {@code eventlog/} for Spark's event logs. Pure.
 */
public record StagingLayout(Location root) {

    public StagingLayout {
        requireNonNull(root, "root is null");
        root = root.asPrefix();
    }

    public Location attempt(UUID runId, int attempt) {
        return root.resolve("runs/" + runId + "/" + attempt + "/");
    }

    public Location eventLogDirectory(UUID runId, int attempt) {
        return attempt(runId, attempt).resolve("eventlog/");
    }
}
