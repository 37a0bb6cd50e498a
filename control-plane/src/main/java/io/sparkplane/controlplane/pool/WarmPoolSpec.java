package io.sparkplane.controlplane.pool;

import static java.util.Objects.requireNonNull;

import io.sparkplane.controlplane.run.RunDefinition;
import java.time.Duration;

/**
 * A warm pool: {@code size} engine clusters of one workspace and engine profile, each started before
 * its run with {@code workers} workers of the executor shape and a driver of the driver shape, kept
 * while runs of the workspace and profile keep coming: after {@code idleTtl} with no such run the
 * pool stops its clusters and keeps none until the next run comes (which starts cold).
 */
public record WarmPoolSpec(
        String name,
        String workspace,
        String profile,
        int size,
        Duration idleTtl,
        int workers,
        RunDefinition.Shape driver,
        RunDefinition.Shape executor) {

    public WarmPoolSpec {
        requireNonNull(name, "name is null");
        requireNonNull(workspace, "workspace is null");
        requireNonNull(profile, "profile is null");
        requireNonNull(idleTtl, "idleTtl is null");
        requireNonNull(driver, "driver is null");
        requireNonNull(executor, "executor is null");
        if (size < 0 || workers < 0) {
            throw new IllegalArgumentException("size and workers must not be negative");
        }
    }
}
