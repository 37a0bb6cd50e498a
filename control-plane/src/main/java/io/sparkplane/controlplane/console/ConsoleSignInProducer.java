package io.sparkplane.controlplane.console;

import io.sparkplane.controlplane.config.SparkplaneConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The console's sign-in, read from the configuration once for the page's headers and {@code GET /api/v1/sign-in}. */
class ConsoleSignInProducer {

    @Produces
    @Singleton
    ConsoleSignIn consoleSignIn(SparkplaneConfig config) {
        return ConsoleSignIn.of(config.auth().oidc());
    }
}
