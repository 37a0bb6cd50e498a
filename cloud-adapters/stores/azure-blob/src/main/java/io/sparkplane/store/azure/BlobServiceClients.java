package io.sparkplane.store.azure;

import static java.util.Objects.requireNonNull;

import com.azure.core.credential.AzureSasCredential;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.util.HttpClientOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One SDK client per storage account, built from the settings on first use and shared by every
 * operation on that account. All of them share one HTTP client (one connection pool) and, with
 * the default chain, one token credential (one token cache).
 */
final class BlobServiceClients {

    private final BlobStoreSettings settings;
    private final HttpClient httpClient;
    private final RequestRetryOptions retryOptions;
    private final ConcurrentMap<String, BlobServiceClient> byAccount = new ConcurrentHashMap<>();
    private volatile TokenCredential defaultChain;

    BlobServiceClients(BlobStoreSettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
        settings.checkConsistent();
        this.httpClient = HttpClient.createDefault(new HttpClientOptions().setConnectTimeout(settings.connectTimeout()));
        BlobRetrySettings retry = settings.retry();
        // secondary host null: retries go to the primary endpoint only
        this.retryOptions = new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, retry.maxTries(), retry.tryTimeout(),
                retry.retryDelay(), retry.maxRetryDelay(), null);
    }

    /** @throws IllegalArgumentException when the credentials cannot serve {@code account} */
    BlobServiceClient forAccount(String account) {
        return byAccount.computeIfAbsent(account, this::build);
    }

    /** Where requests for {@code account} go, for error messages; never carries a credential. */
    String endpointFor(String account) {
        if (settings.endpoint().isEmpty() && settings.credentials() instanceof BlobCredentials.ConnectionString) {
            return "the connection string's endpoint";
        }
        return settings.endpointFor(account);
    }

    private BlobServiceClient build(String account) {
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder().httpClient(httpClient).retryOptions(retryOptions);
        BlobCredentials credentials = settings.credentials();
        if (credentials instanceof BlobCredentials.ConnectionString connectionString) {
            builder.connectionString(connectionString.value());
            settings.endpoint().ifPresent(endpoint -> builder.endpoint(settings.endpointFor(account)));
        } else if (credentials instanceof BlobCredentials.SasToken sas) {
            builder.endpoint(settings.endpointFor(account)).credential(new AzureSasCredential(sas.token()));
        } else if (credentials instanceof BlobCredentials.AccountKey key) {
            builder.endpoint(settings.endpointFor(account)).credential(new StorageSharedKeyCredential(account, key.key()));
        } else if (credentials instanceof BlobCredentials.DefaultChain) {
            builder.endpoint(settings.endpointFor(account)).credential(defaultChain());
        } else {
            throw new IllegalStateException("unknown credentials " + credentials.getClass().getName());
        }
        BlobServiceClient client = builder.buildClient();
        // a connection string names one account; a location naming another must not be served by it
        if (credentials instanceof BlobCredentials.ConnectionString
                && !client.getAccountName().toLowerCase(Locale.ROOT).equals(account)) {
            throw new IllegalArgumentException("the configured connection string is for account " + client.getAccountName()
                    + ", not " + account);
        }
        return client;
    }

    private TokenCredential defaultChain() {
        TokenCredential credential = defaultChain;
        if (credential == null) {
            synchronized (this) {
                if (defaultChain == null) {
                    defaultChain = new DefaultAzureCredentialBuilder().build();
                }
                credential = defaultChain;
            }
        }
        return credential;
    }
}
