package io.sparkplane.controlplane.backend;

import io.sparkplane.connectors.ConnectorJars;
import io.sparkplane.launcher.Launcher;
import io.sparkplane.launcher.LauncherClasspath;
import io.sparkplane.listener.ListenerJar;
import io.sparkplane.spi.engine.EngineDistribution;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The engine program as this control plane's installation carries it (its {@code lib/}): the
 * launcher and its class path, the backlog listener, the Hadoop connectors, unpacked once into a
 * directory ({@code sparkplane.connector-directory}, by default {@code <home>/engine/connectors}).
 */
final class InstalledEngine implements EngineDistribution {

    private static final Logger LOG = Logger.getLogger(InstalledEngine.class);

    private final Path connectorDirectory;
    private List<Path> connectorJars;

    InstalledEngine(Path connectorDirectory) {
        this.connectorDirectory = connectorDirectory;
    }

    @Override
    public List<Path> launcherClasspath() {
        return LauncherClasspath.fromCodeSources();
    }

    @Override
    public String launcherMainClass() {
        return Launcher.class.getName();
    }

    @Override
    public Optional<Path> listenerJar() {
        return Optional.of(ListenerJar.location());
    }

    @Override
    public synchronized List<Path> connectorJars() {
        if (connectorJars == null) {
            try {
                connectorJars = ConnectorJars.unpackTo(connectorDirectory);
                LOG.infof("%d Hadoop connector jars for s3a://, gs://, abfss:// and wasbs:// in %s", connectorJars.size(), connectorDirectory);
            } catch (IOException | RuntimeException e) {
                LOG.errorf("no Hadoop connectors, jobs cannot read or write object storage themselves (cannot unpack them to %s: %s)",
                        connectorDirectory, e.getMessage());
                connectorJars = List.of();
            }
        }
        return connectorJars;
    }
}
