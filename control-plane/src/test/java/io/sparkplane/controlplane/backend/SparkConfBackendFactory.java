package io.sparkplane.controlplane.backend;

import io.sparkplane.spi.engine.BackendContext;
import io.sparkplane.spi.engine.BackendLimits;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.engine.EngineBackendFactory;
import io.sparkplane.spi.settings.Setting;
import io.sparkplane.spi.settings.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A backend type of the tests, found like any plug-in (META-INF/services in the test resources):
 * its profiles give every run the Spark conf of their {@code spark-conf.*} settings. It starts no
 * engine; a profile of it fails its runs, saying so.
 */
public final class SparkConfBackendFactory implements EngineBackendFactory<SparkConfBackendFactory.Profile> {

    public record Profile(Map<String, String> sparkConf, BackendLimits limits) {}

    @Override
    public String type() {
        return "spark-conf-test";
    }

    @Override
    public List<Setting> settings() {
        List<Setting> settings = new ArrayList<>(List.of(Setting.map("spark-conf", "Spark conf every run of the profile gets")));
        settings.addAll(BackendLimits.settings(3, 4));
        return settings;
    }

    @Override
    public Profile configure(Settings settings) {
        return new Profile(settings.map("spark-conf"), BackendLimits.read(settings));
    }

    @Override
    public BackendLimits limits(Profile profile) {
        return profile.limits();
    }

    @Override
    public Map<String, String> sparkConf(Profile profile) {
        return profile.sparkConf();
    }

    @Override
    public EngineBackend create(Profile profile, BackendContext context) {
        throw new EngineBackendException("the " + type() + " backend starts no engines");
    }
}
