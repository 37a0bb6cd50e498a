package io.sparkplane.backend.databricks;

import static java.util.Objects.requireNonNull;

import com.databricks.sdk.core.CredentialsProvider;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.HeaderFactory;
import io.sparkplane.spi.settings.SecretReference;
import java.util.Map;

/**
 * A personal access token for the SDK, read from its secret reference on every request rather than
 * once into the SDK's config (which is what the SDK's own {@code pat} provider takes): a token
 * rotated in its file is used from the next call on, and the token is never a field of the config
 * the SDK prints. The SDK documents custom providers as its way to plug in credentials.
 */
final class SecretTokenCredentials implements CredentialsProvider {

    private final SecretReference token;

    SecretTokenCredentials(SecretReference token) {
        this.token = requireNonNull(token, "token is null");
    }

    /** The SDK's own name for bearer tokens, so its user agent and logs say what they say of its {@code pat} provider. */
    @Override
    public String authType() {
        return "pat";
    }

    @Override
    public HeaderFactory configure(DatabricksConfig config) {
        return () -> Map.of("Authorization", "Bearer " + token.resolve());
    }
}
