package io.sparkplane.controlplane.bootstrap;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.sparkplane.controlplane.config.SparkplaneConfig;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.run.RunState;
import io.sparkplane.controlplane.run.Transactions;
import io.sparkplane.controlplane.token.BootstrapAdminToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What a person starting or stopping the control plane needs to be told: once it listens (an event Quarkus fires
 * asynchronously), where
 * (the API, the contract, the CLI) and where the bootstrap admin token is; when it stops, that the
 * runs' engines go on and the next start adopts them.
 */
@ApplicationScoped
public class Announcements {

    private static final Logger LOG = Logger.getLogger(Announcements.class);

    private final SparkplaneConfig config;
    private final String version;

    Announcements(SparkplaneConfig config, @ConfigProperty(name = "quarkus.application.version") String version) {
        this.config = config;
        this.version = version;
    }

    void onListening(@ObservesAsync HttpServerStart start) {
        String url = "http://" + start.options().getHost() + ":" + start.options().getPort();
        Path tokenFile = config.home().resolve(BootstrapAdminToken.FILE_NAME);
        String token = config.auth().bootstrapToken().filter(secret -> !secret.isEmpty()).isPresent()
                ? "the bootstrap admin token is the one configured (sparkplane.auth.bootstrap-token)"
                : Files.exists(tokenFile) ? "the bootstrap admin token is in " + tokenFile
                : "the bootstrap admin token was handed out before (" + tokenFile + " is gone); make tokens with POST /api/v1/tokens";
        LOG.infof("Sparkplane %s is ready on %s: the API at %s/api/v1 (contract %s/q/openapi), the CLI at %s/cli/sparkplane-cli.jar; %s",
                version, url, url, url, url, token);
        String cliHost = System.getenv("SPARKPLANE_HOST");
        if (cliHost != null && !cliHost.isBlank() && !cliHost.contains("://")) {
            LOG.warnf("SPARKPLANE_HOST (%s) is the CLI's control plane URL and does not choose where the control plane listens;"
                    + " that is SPARKPLANE_BIND_ADDRESS (now %s)", cliHost, start.options().getHost());
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        try {
            long going = Transactions.inNewTransaction(() -> RunEntity.count("state in ?1",
                    List.of(RunState.PROVISIONING, RunState.RUNNING, RunState.CANCELLING)));
            if (going > 0) {
                LOG.infof("stopping with %d run(s) going: their engines keep running and the next start adopts them (their launchers"
                        + " keep trying to report for up to 10 minutes after their jobs end); cancel runs first to stop them too", going);
            }
        } catch (RuntimeException e) {
            // the database may be going away too: this is only a courtesy
            LOG.debugf(e, "could not count the runs going at shutdown");
        }
    }
}
