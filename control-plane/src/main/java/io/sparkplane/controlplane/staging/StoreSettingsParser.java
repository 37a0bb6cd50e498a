package io.sparkplane.controlplane.staging;

import io.sparkplane.aws.s3.S3StoreSettings;
import io.sparkplane.azure.blob.BlobCredentials;
import io.sparkplane.azure.blob.BlobStoreSettings;
import io.sparkplane.gcp.gcs.GcsCredentials;
import io.sparkplane.gcp.gcs.GcsStoreSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns {@code sparkplane.store.<store>.<setting>} entries into each store's settings. Pure; an
 * unknown store or setting, or a value that does not parse, is an {@link IllegalArgumentException}
 * naming the property and never its value (values may be secrets).
 */
public final class StoreSettingsParser {

    public static final Set<String> STORES = Set.of("s3", "azure", "gcs");
    static final Set<String> AZURE_SETTINGS = Set.of("endpoint", "connection-string", "sas-token", "account-key", "connect-timeout", "accounts");
    private static final Pattern AZURE_ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
    static final Set<String> GCS_SETTINGS = Set.of("project-id", "endpoint", "credentials", "service-account-key-file");

    private StoreSettingsParser() {}

    public static void checkStores(Map<String, Map<String, String>> stores) {
        Set<String> unknown = new TreeSet<>(stores.keySet());
        unknown.removeAll(STORES);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown stores in sparkplane.store.*: " + unknown + "; known: " + new TreeSet<>(STORES));
        }
    }

    public static S3StoreSettings s3(Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>();
        settings.forEach((key, value) -> properties.put(S3StoreSettings.PREFIX + key, value));
        return S3StoreSettings.fromProperties(properties);
    }

    public static BlobStoreSettings azure(Map<String, String> settings) {
        known("azure", settings, AZURE_SETTINGS);
        BlobStoreSettings parsed = BlobStoreSettings.defaults();
        if (settings.containsKey("endpoint")) {
            parsed = parsed.withEndpoint(settings.get("endpoint"));
        }
        int credentials = 0;
        if (settings.containsKey("connection-string")) {
            parsed = parsed.withCredentials(BlobCredentials.connectionString(settings.get("connection-string")));
            credentials++;
        }
        if (settings.containsKey("sas-token")) {
            parsed = parsed.withCredentials(BlobCredentials.sasToken(settings.get("sas-token")));
            credentials++;
        }
        if (settings.containsKey("account-key")) {
            parsed = parsed.withCredentials(BlobCredentials.accountKey(settings.get("account-key")));
            credentials++;
        }
        if (credentials > 1) {
            throw new IllegalArgumentException("sparkplane.store.azure: give one of connection-string, sas-token and account-key");
        }
        if (settings.containsKey("connect-timeout")) {
            parsed = parsed.withConnectTimeout(duration("sparkplane.store.azure.connect-timeout", settings.get("connect-timeout")));
        }
        parsed.checkConsistent();
        return parsed;
    }

    /**
     * {@code sparkplane.store.azure.accounts}: the storage accounts jobs' own {@code abfss://} and
     * {@code wasbs://} paths reach with the configured credentials ({@link AzureConnectorConf}).
     */
    public static List<String> azureJobAccounts(Map<String, String> settings) {
        String value = settings.getOrDefault("accounts", "");
        List<String> accounts = new ArrayList<>();
        for (String account : value.split(",")) {
            String trimmed = account.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!AZURE_ACCOUNT.matcher(trimmed).matches()) {
                throw new IllegalArgumentException("sparkplane.store.azure.accounts: not a storage account name "
                        + "(3-24 lower-case letters and digits): " + trimmed);
            }
            accounts.add(trimmed);
        }
        return accounts;
    }

    /** {@code sparkplane.store.gcs.service-account-key-file}, the file jobs' own {@code gs://} access reads too. */
    public static Optional<Path> gcsServiceAccountKeyFile(Map<String, String> settings) {
        return Optional.ofNullable(settings.get("service-account-key-file")).map(Path::of);
    }

    public static GcsStoreSettings gcs(Map<String, String> settings) {
        known("gcs", settings, GCS_SETTINGS);
        GcsStoreSettings parsed = GcsStoreSettings.defaults();
        if (settings.containsKey("project-id")) {
            parsed = parsed.withProjectId(settings.get("project-id"));
        }
        if (settings.containsKey("endpoint")) {
            try {
                parsed = parsed.withEndpoint(URI.create(settings.get("endpoint")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sparkplane.store.gcs.endpoint is not a URL");
            }
        }
        String credentials = settings.getOrDefault("credentials", "application-default");
        String keyFile = settings.get("service-account-key-file");
        if (keyFile != null) {
            if (settings.containsKey("credentials")) {
                throw new IllegalArgumentException("sparkplane.store.gcs: give credentials or service-account-key-file, not both");
            }
            try {
                parsed = parsed.withCredentials(GcsCredentials.serviceAccountKey(Files.readString(Path.of(keyFile), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new IllegalArgumentException("sparkplane.store.gcs.service-account-key-file cannot be read: " + e.getMessage());
            }
        } else if (credentials.equals("none")) {
            parsed = parsed.withCredentials(GcsCredentials.none());
        } else if (credentials.equals("application-default")) {
            parsed = parsed.withCredentials(GcsCredentials.applicationDefault());
        } else {
            throw new IllegalArgumentException("sparkplane.store.gcs.credentials must be application-default or none (emulators)");
        }
        return parsed;
    }

    private static void known(String store, Map<String, String> settings, Set<String> known) {
        Set<String> unknown = new TreeSet<>(settings.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown settings in sparkplane.store." + store + ".*: " + unknown + "; known: " + new TreeSet<>(known));
        }
    }

    private static Duration duration(String property, String value) {
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(property + " must be an ISO-8601 duration such as PT10S");
        }
    }
}
