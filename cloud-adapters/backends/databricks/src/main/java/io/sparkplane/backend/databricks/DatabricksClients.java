package io.sparkplane.backend.databricks;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksException;
import io.sparkplane.spi.engine.EngineBackendException;

/**
 * The SDK's workspace client of a profile: its own HTTP client (Apache HttpClient, which talks to
 * an {@code http://} loopback fake as to {@code https://} Databricks), its retries (429 and 503 with
 * the server's Retry-After or a backoff, 4 attempts; other errors of a POST are not retried, since
 * the SDK cannot know a POST is safe to repeat), and its authentication.
 */
final class DatabricksClients {

    /** Each call's connect, socket and pool timeout; the SDK's own default is 5 minutes, too long for the control plane's loops. */
    static final int TIMEOUT_SECONDS = 60;

    private DatabricksClients() {}

    static WorkspaceClient workspace(DatabricksConfiguration configuration) {
        DatabricksConfig config = new DatabricksConfig().setHost(configuration.workspaceUrl()).setHttpTimeoutSeconds(TIMEOUT_SECONDS);
        Authentication authentication = configuration.authentication();
        if (authentication instanceof Authentication.PersonalAccessToken pat) {
            config.setAuthType("pat").setCredentialsProvider(new SecretTokenCredentials(pat.token()));
        } else if (authentication instanceof Authentication.OAuthMachineToMachine oauth) {
            // the SDK keeps the secret in its config (and masks it when it prints the config); read once, at start
            config.setAuthType("oauth-m2m").setClientId(oauth.clientId()).setClientSecret(oauth.clientSecret().resolve());
        }
        try {
            // resolves the config: reads the SDK's environment variables for what is unset, and the workspace's discovery document
            return new WorkspaceClient(config);
        } catch (DatabricksException e) {
            throw new EngineBackendException("cannot configure the Databricks client of " + configuration.workspaceUrl() + ": " + e.getMessage(), e);
        }
    }
}
