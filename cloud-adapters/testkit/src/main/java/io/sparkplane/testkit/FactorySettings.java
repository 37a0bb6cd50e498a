package io.sparkplane.testkit;

import io.sparkplane.spi.engine.EngineBackendFactory;
import io.sparkplane.spi.settings.Settings;
import io.sparkplane.spi.storage.ObjectStoreFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/** A factory's configuration of the properties an operator would write, as the control plane reads them. */
public final class FactorySettings {

    private FactorySettings() {}

    /** @param properties by full key ({@code sparkplane.store.s3.region}), each under the store's prefix */
    public static <C> C store(ObjectStoreFactory<C> factory, Map<String, String> properties) {
        String prefix = "sparkplane.store." + factory.name() + ".";
        return factory.configure(Settings.of(prefix, under(prefix, properties), factory.settings()));
    }

    /** @param properties by full key ({@code sparkplane.backends.<profile>.image}), each under the profile's prefix */
    public static <C> C backend(EngineBackendFactory<C> factory, String profile, Map<String, String> properties) {
        String prefix = "sparkplane.backends." + profile + ".";
        Map<String, String> settings = under(prefix, properties);
        settings.remove("type");
        return factory.configure(Settings.of(prefix, settings, factory.settings()));
    }

    private static Map<String, String> under(String prefix, Map<String, String> properties) {
        Map<String, String> settings = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            if (!key.startsWith(prefix)) {
                throw new IllegalArgumentException(key + " is not under " + prefix);
            }
            settings.put(key.substring(prefix.length()), value);
        });
        return settings;
    }
}
