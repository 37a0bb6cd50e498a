package io.sparkplane.store.azure;

import static java.util.Objects.requireNonNull;

/**
 * How the store authenticates to the Blob service. The secret-bearing variants print themselves
 * without their secret, so settings can be logged.
 */
public sealed interface BlobCredentials {

    /** Azure's {@code DefaultAzureCredential}: environment, workload or managed identity, Azure CLI... Needs https. */
    static BlobCredentials defaultChain() {
        return new DefaultChain();
    }

    /** A storage account connection string ({@code AccountName=...;AccountKey=...} or {@code ...;SharedAccessSignature=...}). */
    static BlobCredentials connectionString(String value) {
        return new ConnectionString(value);
    }

    /** A shared access signature ({@code sv=...&sig=...}, with or without a leading {@code ?}). */
    static BlobCredentials sasToken(String token) {
        return new SasToken(token);
    }

    /** An account's shared key; the account name is the location's. */
    static BlobCredentials accountKey(String key) {
        return new AccountKey(key);
    }

    /** Tokens from Azure's default credential chain. */
    record DefaultChain() implements BlobCredentials {}

    /** A connection string, which carries the account, a key or SAS, and possibly an endpoint. */
    record ConnectionString(String value) implements BlobCredentials {
        public ConnectionString {
            requireNonBlank(value, "connection string");
        }

        @Override
        public String toString() {
            return "ConnectionString[***]";
        }
    }

    /** A shared access signature scoped to one account or container. */
    record SasToken(String token) implements BlobCredentials {
        public SasToken {
            requireNonBlank(token, "SAS token");
            token = token.startsWith("?") ? token.substring(1) : token;
        }

        @Override
        public String toString() {
            return "SasToken[***]";
        }
    }

    /** A storage account key (base64), used with the location's account name. */
    record AccountKey(String key) implements BlobCredentials {
        public AccountKey {
            requireNonBlank(key, "account key");
        }

        @Override
        public String toString() {
            return "AccountKey[***]";
        }
    }

    private static void requireNonBlank(String value, String what) {
        requireNonNull(value, what + " is null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " is blank");
        }
    }
}
