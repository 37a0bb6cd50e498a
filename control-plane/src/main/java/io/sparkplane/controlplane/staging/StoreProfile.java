package io.sparkplane.controlplane.staging;

import static java.util.Objects.requireNonNull;

import io.sparkplane.aws.s3.S3ObjectStore;
import io.sparkplane.aws.s3.S3StoreSettings;
import io.sparkplane.azure.blob.BlobAddress;
import io.sparkplane.azure.blob.BlobObjectStore;
import io.sparkplane.azure.blob.BlobStoreSettings;
import io.sparkplane.gcp.gcs.GcsObjectStore;
import io.sparkplane.gcp.gcs.GcsStoreSettings;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.spi.storage.ObjectStores;
import io.sparkplane.storage.file.FileObjectStore;
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
 * One set of object store settings ({@code <store>.<setting>}: S3, Azure Blob, GCS) with the stores
 * built from it, each on first use, and {@code file://} under the control plane's roots; and what
 * jobs need to reach the same stores themselves. The control plane's own is {@code sparkplane.store.*};
 * workspaces may name others ({@code sparkplane.store-profiles.<name>.*}), so that their staging,
 * their runs' inputs and their jobs use other endpoints or credentials. Settings are checked when
 * the profile is built, so a typo stops the control plane at start.
 */
public final class StoreProfile implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StoreProfile.class);

    private final String name;
    private final List<DeferredObjectStore> deferred = new ArrayList<>();
    private final ObjectStores stores;
    private final S3StoreSettings s3;
    private final BlobStoreSettings azure;
    private final List<String> azureJobAccounts;
    private final GcsStoreSettings gcs;
    private final Optional<Path> gcsServiceAccountKeyFile;

    /**
     * @param settings by store ({@code s3}, {@code azure}, {@code gcs}), then by setting
     * @throws IllegalArgumentException naming the property (never its value) when a setting is wrong
     */
    StoreProfile(String name, String prefix, Map<String, Map<String, String>> settings, List<Path> fileRoots) {
        this.name = requireNonNull(name, "name is null");
        try {
            StoreSettingsParser.checkStores(settings);
            this.s3 = StoreSettingsParser.s3(settings.getOrDefault("s3", Map.of()));
            this.azure = StoreSettingsParser.azure(settings.getOrDefault("azure", Map.of()));
            this.azureJobAccounts = StoreSettingsParser.azureJobAccounts(settings.getOrDefault("azure", Map.of()));
            this.gcs = StoreSettingsParser.gcs(settings.getOrDefault("gcs", Map.of()));
            this.gcsServiceAccountKeyFile = StoreSettingsParser.gcsServiceAccountKeyFile(settings.getOrDefault("gcs", Map.of()));
        } catch (IllegalArgumentException e) {
            // the parser names sparkplane.store.*; a profile's own prefix is what the operator wrote
            throw new IllegalArgumentException(e.getMessage().replace("sparkplane.store.", prefix), e);
        }
        deferred.add(new DeferredObjectStore(Set.of("s3"), "S3", () -> new S3ObjectStore(s3)));
        deferred.add(new DeferredObjectStore(Set.of("abfss", "wasbs"), "Azure Blob", () -> new BlobObjectStore(azure)));
        deferred.add(new DeferredObjectStore(Set.of("gs"), "GCS", () -> new GcsObjectStore(gcs)));
        List<ObjectStore> all = new ArrayList<>(deferred);
        all.add(new FileObjectStore(fileRoots));
        this.stores = new ObjectStores(all);
        LOG.infof("object stores of profile %s: S3 %s; Azure Blob %s; GCS %s", name, s3, azure, gcs);
    }

    public String name() {
        return name;
    }

    public ObjectStores stores() {
        return stores;
    }

    /**
     * What jobs need to reach these stores themselves ({@code s3a://}, {@code gs://},
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

    @Override
    public void close() {
        for (DeferredObjectStore store : deferred) {
            try {
                store.close();
            } catch (Exception e) {
                LOG.warnf("closing the %s of profile %s failed: %s", store, name, e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return "store profile " + name;
    }
}
