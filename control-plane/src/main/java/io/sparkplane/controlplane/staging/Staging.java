package io.sparkplane.controlplane.staging;

import io.quarkus.runtime.Startup;
import io.sparkplane.controlplane.config.SparkplaneConfig;
import io.sparkplane.spi.storage.Location;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The control plane's staging location, from {@code sparkplane.staging.location} or
 * {@code file://<home>/staging} (the {@code default} workspace's), and the stores that reach it.
 * Launchers never talk to staging directly: they fetch inputs from, and upload logs to, the
 * internal engine API. (The job itself gets its workspace's store credentials for its own paths:
 * {@link StoreProfile#engineStorageConf}.)
 */
@Startup
@ApplicationScoped
public class Staging {

    private static final Logger LOG = Logger.getLogger(Staging.class);

    private final StagingLayout layout;
    private final ObjectStores stores;

    Staging(SparkplaneConfig config, ObjectStores stores) {
        this.layout = new StagingLayout(stagingRoot(config));
        this.stores = stores;
        stores.storeFor(layout.root());
        if (layout.root().scheme().equals("file")) {
            // a bucket is the operator's to create; the default directory on disk is ours
            try {
                Files.createDirectories(Path.of("/" + layout.root().key()));
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the staging directory " + layout.root().uri() + ": " + e.getMessage(), e);
            }
        }
        LOG.infof("staging location %s", layout.root().uri());
    }

    /** @throws IllegalStateException when the configured location is not a store URI */
    static Location stagingRoot(SparkplaneConfig config) {
        String configured = config.staging().location()
                .orElseGet(() -> config.home().toAbsolutePath().resolve("staging").toUri().toString());
        try {
            return Location.parse(configured).asPrefix();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("sparkplane.staging.location is not a storage URI (" + configured + "): " + e.getMessage());
        }
    }

    public StagingLayout layout() {
        return layout;
    }

    public ObjectStores stores() {
        return stores;
    }
}
