package io.sparkplane.spi.storage;

import io.sparkplane.spi.settings.Setting;
import io.sparkplane.spi.settings.Settings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes the object store of some URI schemes. A store profile is a set of settings by store
 * ({@code sparkplane.store.<name>.*}, {@code sparkplane.store-profiles.<profile>.<name>.*}); the
 * control plane finds each factory with {@link java.util.ServiceLoader} (a plug-in's {@code
 * META-INF/services/io.sparkplane.spi.storage.ObjectStoreFactory}), configures it for every profile
 * at start, creates the store on its first use, and asks for the Spark conf that lets jobs reach
 * the same store themselves.
 *
 * @param <C> the store's parsed configuration, immutable; its {@code toString()} shows no secret
 */
public interface ObjectStoreFactory<C> {

    /** The store's name in settings keys ({@code s3}, {@code azure}, {@code gcs}, {@code file}). */
    String name();

    /** The URI schemes it serves; no two factories serve one scheme. */
    Set<String> schemes();

    /** Every setting it accepts under {@code <profile prefix><name>.}; any other key is an error. */
    List<Setting> settings();

    /**
     * Reads and checks one profile's settings, without reaching the store.
     *
     * @throws io.sparkplane.spi.settings.SettingException naming the key that is wrong, never a secret
     */
    C configure(Settings settings);

    /**
     * What is wrong with {@code location} as an address in this store, if anything, found without a
     * request (an Azure location whose host is not its account's, say); by default nothing.
     */
    default Optional<String> checkLocation(Location location) {
        return Optional.empty();
    }

    /** The store, on its first use; it may hold clients until {@link ObjectStore#close()}. */
    ObjectStore create(C configuration, StoreContext context);

    /**
     * The Spark conf ({@code spark.hadoop.*}) that points a job's own paths of these schemes at the
     * same store, credentials included: the engine keeps it out of command lines and logs.
     *
     * @param stagingRoot the staging location of the run's workspace, which its job may write to
     */
    default Map<String, String> engineConf(C configuration, Location stagingRoot) {
        return Map.of();
    }
}
