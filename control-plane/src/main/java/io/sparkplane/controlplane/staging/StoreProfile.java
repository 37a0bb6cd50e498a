package io.sparkplane.controlplane.staging;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.spi.settings.Settings;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStoreFactory;
import io.sparkplane.spi.storage.StoreContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * One set of object store settings ({@code <prefix><store>.<setting>}, every installed store's) with
 * the stores built from it, each on first use, and what jobs need to reach the same stores
 * themselves. The control plane's own is {@code sparkplane.store.*}; workspaces may name others
 * ({@code sparkplane.store-profiles.<name>.*}), so that their staging, their runs' inputs and their
 * jobs use other endpoints or credentials. Settings are checked when the profile is built, so a typo
 * stops the control plane at start.
 */
public final class StoreProfile implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StoreProfile.class);

    private final String name;
    private final List<ConfiguredStore<?>> configured;
    private final ObjectStores stores;

    /**
     * @param prefix what this profile's keys are written under ({@code sparkplane.store.})
     * @param settings by store name, then by setting
     * @throws SettingException naming the key (never its value) when a setting is wrong
     */
    StoreProfile(String name, String prefix, Map<String, Map<String, String>> settings, List<ObjectStoreFactory<?>> factories,
            StoreContext context) {
        this.name = requireNonNull(name, "name is null");
        Set<String> unknown = new TreeSet<>(settings.keySet());
        factories.forEach(factory -> unknown.remove(factory.name()));
        if (!unknown.isEmpty()) {
            throw new SettingException("unknown stores in " + prefix + "*: " + unknown + "; known: "
                    + factories.stream().map(ObjectStoreFactory::name).sorted().toList());
        }
        List<ConfiguredStore<?>> stores = new ArrayList<>();
        for (ObjectStoreFactory<?> factory : factories) {
            String storePrefix = prefix + factory.name() + ".";
            stores.add(ConfiguredStore.configure(factory,
                    Settings.of(storePrefix, settings.getOrDefault(factory.name(), Map.of()), factory.settings()), context));
        }
        this.configured = List.copyOf(stores);
        this.stores = new ObjectStores(configured);
        LOG.infof("object stores of profile %s: %s", name, configured);
    }

    public String name() {
        return name;
    }

    public ObjectStores stores() {
        return stores;
    }

    /**
     * What jobs need to reach these stores themselves ({@code s3a://}, {@code gs://},
     * {@code abfss://}, {@code wasbs://}), secrets included; {@code stagingRoot} is the run's
     * workspace's staging location, which its job may write to.
     */
    public Map<String, String> engineStorageConf(Location stagingRoot) {
        Map<String, String> conf = new TreeMap<>();
        for (ConfiguredStore<?> store : configured) {
            conf.putAll(store.engineConf(stagingRoot));
        }
        return conf;
    }

    @Override
    public void close() {
        configured.forEach(ConfiguredStore::close);
    }

    @Override
    public String toString() {
        return "store profile " + name;
    }
}
