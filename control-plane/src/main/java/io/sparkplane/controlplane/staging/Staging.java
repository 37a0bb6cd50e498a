package io.sparkplane.controlplane.staging;

import io.sparkplane.controlplane.config.SparkplaneConfig;
import io.sparkplane.spi.storage.Location;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The control plane's staging location, from {@code sparkplane.staging.location} or
 * {@code file://<home>/staging}. Only {@code file://} is served today: the engine's Spark has no
 * Hadoop connectors for the clouds yet, so a cloud URI is refused at start rather than failing
 * every run.
 */
@Startup
@ApplicationScoped
public class Staging {

    private final StagingLayout layout;

    Staging(SparkplaneConfig config) {
        String configured = config.staging().location()
                .orElseGet(() -> config.home().toAbsolutePath().resolve("staging").toUri().toString());
        Location root;
        try {
            root = Location.parse(configured);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("sparkplane.staging.location is not a storage URI (" + configured + "): " + e.getMessage());
        }
        if (!root.scheme().equals("file")) {
            throw new IllegalStateException("sparkplane.staging.location " + configured
                    + ": only file:// staging is supported so far (s3, gs and abfss need the engine's Hadoop connectors)");
        }
        this.layout = new StagingLayout(root);
    }

    public StagingLayout layout() {
        return layout;
    }
}
