package io.sparkplane.store.azure;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.settings.Setting;
import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.spi.settings.Settings;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.spi.storage.ObjectStoreException;
import io.sparkplane.spi.storage.ObjectStoreFactory;
import io.sparkplane.spi.storage.StoreContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The {@code azure} store ({@code abfss://}, {@code wasbs://}): {@code sparkplane.store.azure.*},
 * and ABFS and WASB credentials for jobs ({@link AzureConnectorConf}).
 */
public final class BlobStoreFactory implements ObjectStoreFactory<BlobStoreFactory.Configuration> {

    static final String ENDPOINT = "endpoint";
    static final String CONNECTION_STRING = "connection-string";
    static final String SAS_TOKEN = "sas-token";
    static final String ACCOUNT_KEY = "account-key";
    static final String CONNECT_TIMEOUT = "connect-timeout";
    static final String ACCOUNTS = "accounts";
    private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");

    private static final List<Setting> SETTINGS = List.of(
            Setting.optional(ENDPOINT, "the Blob endpoint, {account} standing for the URI's account; unset: "
                    + BlobStoreSettings.DEFAULT_ENDPOINT),
            Setting.secret(CONNECTION_STRING, "a storage account connection string"),
            Setting.secret(SAS_TOKEN, "a shared access signature"),
            Setting.secret(ACCOUNT_KEY, "the account's shared key; unset (and no other): DefaultAzureCredential"),
            Setting.of(CONNECT_TIMEOUT, BlobStoreSettings.DEFAULT_CONNECT_TIMEOUT.toString(), "to open a connection"),
            Setting.optional(ACCOUNTS, "storage accounts, comma-separated, whose credentials jobs' own abfss:// and wasbs:// paths get"));

    /**
     * @param store how the control plane reaches Blob storage
     * @param jobAccounts the storage accounts jobs' own paths reach with the same credentials, besides
     *     the staging location's and the one the settings name themselves
     */
    public record Configuration(BlobStoreSettings store, List<String> jobAccounts) {
        public Configuration {
            requireNonNull(store, "store is null");
            jobAccounts = List.copyOf(jobAccounts);
        }
    }

    @Override
    public String name() {
        return "azure";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("abfss", "wasbs");
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Configuration configure(Settings settings) {
        BlobStoreSettings parsed = BlobStoreSettings.defaults();
        try {
            if (settings.optional(ENDPOINT).isPresent()) {
                parsed = parsed.withEndpoint(settings.string(ENDPOINT));
            }
            List<BlobCredentials> credentials = new ArrayList<>();
            settings.optional(CONNECTION_STRING).map(BlobCredentials::connectionString).ifPresent(credentials::add);
            settings.optional(SAS_TOKEN).map(BlobCredentials::sasToken).ifPresent(credentials::add);
            settings.optional(ACCOUNT_KEY).map(BlobCredentials::accountKey).ifPresent(credentials::add);
            if (credentials.size() > 1) {
                throw new SettingException(settings.prefix() + "*: give one of " + CONNECTION_STRING + ", " + SAS_TOKEN + " and " + ACCOUNT_KEY);
            }
            if (!credentials.isEmpty()) {
                parsed = parsed.withCredentials(credentials.get(0));
            }
            Duration connectTimeout = settings.duration(CONNECT_TIMEOUT);
            if (connectTimeout.isZero()) {
                throw settings.invalid(CONNECT_TIMEOUT, "must be positive");
            }
            parsed = parsed.withConnectTimeout(connectTimeout);
            parsed.checkConsistent();
        } catch (SettingException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new SettingException(settings.prefix() + "*: " + e.getMessage(), e);
        }
        return new Configuration(parsed, jobAccounts(settings));
    }

    private static List<String> jobAccounts(Settings settings) {
        Set<String> accounts = new TreeSet<>();
        for (String account : settings.list(ACCOUNTS)) {
            if (!ACCOUNT.matcher(account).matches()) {
                throw new SettingException(settings.key(ACCOUNTS) + ": not a storage account name (3-24 lower-case letters and digits): "
                        + account);
            }
            accounts.add(account);
        }
        return List.copyOf(accounts);
    }

    /** A container and an account host of the scheme's own kind ({@code dfs} for {@code abfss}, {@code blob} for {@code wasbs}). */
    @Override
    public Optional<String> checkLocation(Location location) {
        try {
            BlobAddress.of(location);
            return Optional.empty();
        } catch (ObjectStoreException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public ObjectStore create(Configuration configuration, StoreContext context) {
        return new BlobObjectStore(configuration.store());
    }

    /** Credentials for the listed accounts and for the staging location's account, when staging is on Azure. */
    @Override
    public Map<String, String> engineConf(Configuration configuration, Location stagingRoot) {
        Set<String> accounts = new TreeSet<>(configuration.jobAccounts());
        if (schemes().contains(stagingRoot.scheme())) {
            accounts.add(BlobAddress.of(stagingRoot).account());
        }
        return AzureConnectorConf.of(configuration.store(), accounts);
    }
}
