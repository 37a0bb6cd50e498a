package io.sparkplane.controlplane.staging;

import io.sparkplane.aws.s3.S3ObjectStore;
import io.sparkplane.aws.s3.S3StoreSettings;
import io.sparkplane.azure.blob.BlobAddress;
import io.sparkplane.azure.blob.BlobObjectStore;
import io.sparkplane.azure.blob.BlobStoreSettings;
import io.sparkplane.controlplane.config.SparkplaneConfig;
import io.sparkplane.gcp.gcs.GcsObjectStore;
import io.sparkplane.gcp.gcs.GcsStoreSettings;
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
import java.util.Optional;
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
    private final S3StoreSettings s3;
    private final BlobStoreSettings azure;
    private final List<String> azureJobAccounts;
    private final GcsStoreSettings gcs;
    private final Optional<Path> gcsServiceAccountKeyFile;

    ConfiguredObjectStores(SparkplaneConfig config) {
        Map<String, Map<String, String>> settings = config.store();
        StoreSettingsParser.checkStores(settings);
        this.s3 = StoreSettingsParser.s3(settings.getOrDefault("s3", Map.of()));
        this.azure = StoreSettingsParser.azure(settings.getOrDefault("azure", Map.of()));
        this.azureJobAccounts = StoreSettingsParser.azureJobAccounts(settings.getOrDefault("azure", Map.of()));
        this.gcs = StoreSettingsParser.gcs(settings.getOrDefault("gcs", Map.of()));
        this.gcsServiceAccountKeyFile = StoreSettingsParser.gcsServiceAccountKeyFile(settings.getOrDefault("gcs", Map.of()));
        deferred.add(new DeferredObjectStore(Set.of("s3"), "S3", () -> new S3ObjectStore(s3)));
        deferred.add(new DeferredObjectStore(Set.of("abfss", "wasbs"), "Azure Blob", () -> new BlobObjectStore(azure)));
        deferred.add(new DeferredObjectStore(Set.of("gs"), "GCS", () -> new GcsObjectStore(gcs)));
        List<ObjectStore> all = new ArrayList<>(deferred);
        all.add(new FileObjectStore(fileRoots(config)));
        this.stores = new ObjectStores(all);
        LOG.infof("object stores: S3 %s; Azure Blob %s; GCS %s", s3, azure, gcs);
    }

    /** The staging directory (when staging is on disk) and the development input roots. */
    public static List<Path> fileRoots(SparkplaneConfig config) {
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
     * {@code abfss://}, {@code wasbs://}), secrets included; Azure credentials go to the listed
     * accounts and to the account of {@code stagingRoot}, the run's workspace's staging location.
     */
    public Map<String, String> engineStorageConf(Location stagingRoot) {
        Set<String> accounts = new TreeSet<>(azureJobAccounts);
        if (stagingRoot.scheme().equals("abfss") || stagingRoot.scheme().equals("wasbs")) {
            accounts.add(BlobAddress.of(stagingRoot).account());
        }
        Map<String, String> conf = new TreeMap<>(S3aConf.of(s3));
        conf.putAll(GcsConnectorConf.of(gcs, gcsServiceAccountKeyFile));
        conf.putAll(AzureConnectorConf.of(azure, accounts));
        return conf;
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
