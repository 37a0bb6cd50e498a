package io.sparkplane.testbackend.instant;

import io.sparkplane.spi.engine.BackendContext;
import io.sparkplane.spi.engine.BackendLimits;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendFactory;
import io.sparkplane.spi.settings.Setting;
import io.sparkplane.spi.settings.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Profiles of type {@value #TYPE}, for tests only: clusters that are nothing, whose runs report
 * RUNNING and then SUCCEEDED to the engine API on their own.
 */
public final class InstantTestBackendFactory implements EngineBackendFactory<InstantTestBackendFactory.Profile> {

    static final String TYPE = "instant-test";

    /**
     * @param runTime  how long each run "runs" between its RUNNING and SUCCEEDED reports
     * @param clusters the directory of its clusters, shared by every replica's profile
     */
    public record Profile(Duration runTime, Path clusters, BackendLimits limits) {}

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<Setting> settings() {
        List<Setting> settings = new ArrayList<>(List.of(
                Setting.of("run-time", "PT0.2S", "how long each run is RUNNING before it reports SUCCEEDED"),
                Setting.required("cluster-directory", "where its clusters are kept, one file each; every replica's profile names the same")));
        settings.addAll(BackendLimits.settings(10, 10));
        return settings;
    }

    @Override
    public Profile configure(Settings settings) {
        return new Profile(settings.duration("run-time"), Path.of(settings.string("cluster-directory")), BackendLimits.read(settings));
    }

    @Override
    public BackendLimits limits(Profile profile) {
        return profile.limits();
    }

    @Override
    public EngineBackend create(Profile profile, BackendContext context) {
        return new InstantTestBackend(context.profile(), profile.runTime(), profile.clusters());
    }
}
