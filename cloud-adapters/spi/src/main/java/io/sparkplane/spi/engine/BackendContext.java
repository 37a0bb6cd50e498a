package io.sparkplane.spi.engine;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What the control plane gives every backend it creates.
 *
 * @param profile the engine profile's name: runs name it, and the backend's {@link EngineBackend#name()}
 *     and every {@link ClusterRef#backend()} it makes carry it
 * @param workDirectory a directory on the control plane's machine the backend may keep files in
 *     ({@code <sparkplane.home>/work}); shared by every profile, so keep to paths named by run id
 * @param engine the engine program as the control plane carries it, for backends that start it on this machine
 * @param clock the control plane's clock
 */
public record BackendContext(String profile, Path workDirectory, EngineDistribution engine, Clock clock) {

    public BackendContext {
        requireNonNull(profile, "profile is null");
        requireNonNull(workDirectory, "workDirectory is null");
        requireNonNull(engine, "engine is null");
        requireNonNull(clock, "clock is null");
    }
}
