package io.sparkplane.controlplane.staging;

import io.sparkplane.aws.s3.S3ObjectStore;
import io.sparkplane.azure.blob.BlobAddress;
import io.sparkplane.azure.blob.BlobObjectStore;
import io.sparkplane.controlplane.config.SparkplaneConfig;
import io.sparkplane.gcp.gcs.GcsObjectStore;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.spi.storage.ObjectStores;
import io.sparkplane.storage.file.FileObjectStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * The object stores of this control plane, from {@code sparkplane.store.*}: S3, Azure Blob and GCS
 * (each built on first use), and {@code file://} limited to the staging directory and the
 * development input roots. Settings are checked at start, so a typo stops the control plane
 * instead of failing runs later.
 */
@Singleton
public class ConfiguredObjectStores {

    private static final Logger LOG = Logger.getLogger(ConfiguredObjectStores.class);

    private final List<DeferredObjectStore> deferred = new ArrayList<>();
    private final ObjectStores stores;
    private final Map<String, String> engineStorageConf;

    ConfiguredObjectStores(SparkplaneConfig config) {
        Map<String, Map<String, String>> settings = config.store();
        StoreSettingsParser.checkStores(settings);
        var s3 = StoreSettingsParser.s3(settings.getOrDefault("s3", Map.of()));
        var azure = StoreSettingsParser.azure(settings.getOrDefault("azure", Map.of()));
        var gcs = StoreSettingsParser.gcs(settings.getOrDefault("gcs", Map.of()));
        deferred.add(new DeferredObjectStore(Set.of("s3"), "S3", () -> new S3ObjectStore(s3)));
        deferred.add(new DeferredObjectStore(Set.of("abfss", "wasbs"), "Azure Blob", () -> new BlobObjectStore(azure)));
        deferred.add(new DeferredObjectStore(Set.of("gs"), "GCS", () -> new GcsObjectStore(gcs)));
        List<ObjectStore> all = new ArrayList<>(deferred);
        all.add(new FileObjectStore(fileRoots(config)));
        this.stores = new ObjectStores(all);
        this.engineStorageConf = engineStorageConf(config, settings);
        LOG.infof("object stores: S3 %s; Azure Blob %s; GCS %s", s3, azure, gcs);
    }

    /** The staging directory (when staging is on disk) and the development input roots. */
    static List<Path> fileRoots(SparkplaneConfig config) {
        List<Path> roots = new ArrayList<>();
        Location staging = Staging.stagingRoot(config);
        if (staging.scheme().equals("file")) {
            roots.add(Path.of("/" + staging.key()));
        }
        config.inputs().localRoots().ifPresent(roots::addAll);
        if (roots.isEmpty()) {
            // a store must have a root: staging elsewhere and no local inputs leave only Sparkplane's home
            roots.add(config.home().toAbsolutePath().resolve("staging"));
        }
        return roots;
    }

    /**
     * What jobs need to reach the configured stores themselves ({@code s3a://}, {@code gs://},
     * {@code abfss://}, {@code wasbs://}); Azure credentials go to the listed accounts and to the
     * staging location's.
     */
    static Map<String, String> engineStorageConf(SparkplaneConfig config, Map<String, Map<String, String>> settings) {
        Map<String, String> s3 = settings.getOrDefault("s3", Map.of());
        Map<String, String> azure = settings.getOrDefault("azure", Map.of());
        Map<String, String> gcs = settings.getOrDefault("gcs", Map.of());
        Set<String> azureAccounts = new TreeSet<>(StoreSettingsParser.azureJobAccounts(azure));
        Location staging = Staging.stagingRoot(config);
        if (staging.scheme().equals("abfss") || staging.scheme().equals("wasbs")) {
            azureAccounts.add(BlobAddress.of(staging).account());
        }
        Map<String, String> conf = new TreeMap<>(S3aConf.of(StoreSettingsParser.s3(s3)));
        conf.putAll(GcsConnectorConf.of(StoreSettingsParser.gcs(gcs), StoreSettingsParser.gcsServiceAccountKeyFile(gcs)));
        conf.putAll(AzureConnectorConf.of(StoreSettingsParser.azure(azure), azureAccounts));
        return conf;
    }

    /** Spark conf that lets jobs reach the configured stores themselves; holds secrets. */
    public Map<String, String> engineStorageConf() {
        return engineStorageConf;
    }

    @Produces
    @Singleton
    ObjectStores objectStores() {
        return stores;
    }

    @PreDestroy
    void close() {
        for (DeferredObjectStore store : deferred) {
            try {
                store.close();
            } catch (Exception e) {
                LOG.warnf("closing the %s failed: %s", store, e.getMessage());
            }
        }
    }
}
