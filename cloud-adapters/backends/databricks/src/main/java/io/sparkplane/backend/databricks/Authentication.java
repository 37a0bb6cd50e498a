package io.sparkplane.backend.databricks;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.settings.SecretReference;

/** How a profile's calls to its workspace authenticate: one of the Databricks SDK's ways, its credential named by a secret reference. */
public sealed interface Authentication {

    /** What the Databricks SDK calls it ({@code auth_type}): {@code pat}, {@code oauth-m2m}, or {@code default} for its chain. */
    String kind();

    /** A personal access token (or a service principal's token), read from its reference on every call, so a rotated file is taken at once. */
    record PersonalAccessToken(SecretReference token) implements Authentication {
        public PersonalAccessToken {
            requireNonNull(token, "token is null");
        }

        @Override
        public String kind() {
            return "pat";
        }
    }

    /**
     * Machine-to-machine OAuth of a service principal: the SDK trades its client id and secret for
     * short-lived access tokens at the workspace's token endpoint. The secret is read from its
     * reference when the backend starts.
     */
    record OAuthMachineToMachine(String clientId, SecretReference clientSecret) implements Authentication {
        public OAuthMachineToMachine {
            requireNonNull(clientId, "clientId is null");
            requireNonNull(clientSecret, "clientSecret is null");
        }

        @Override
        public String kind() {
            return "oauth-m2m";
        }
    }

    /**
     * The SDK's default chain: its environment variables ({@code DATABRICKS_TOKEN}, {@code
     * DATABRICKS_CLIENT_ID} and {@code DATABRICKS_CLIENT_SECRET}, Azure's and Google's), Azure
     * managed identity or CLI, the Databricks CLI's login.
     */
    record DefaultChain() implements Authentication {
        @Override
        public String kind() {
            return "default";
        }
    }
}
