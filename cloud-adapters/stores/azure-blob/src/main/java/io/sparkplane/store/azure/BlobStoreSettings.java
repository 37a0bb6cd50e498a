package io.sparkplane.store.azure;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;

/**
 * How {@link BlobObjectStore} reaches the Blob service.
 *
 * @param endpoint the Blob service endpoint, {@value #ACCOUNT_PLACEHOLDER} standing for the
 *     location's account ({@code http://127.0.0.1:10000/{account}} for Azurite); empty for
 *     {@value #DEFAULT_ENDPOINT}, or for a connection string's own endpoint
 * @param credentials how to authenticate; {@link BlobCredentials#defaultChain()} when none are given
 * @param connectTimeout how long opening a connection may take before the try fails
 * @param retry the SDK's retry policy for transient failures
 * @param transfer block size and parallelism of file uploads and downloads
 */
public record BlobStoreSettings(
        Optional<String> endpoint,
        BlobCredentials credentials,
        Duration connectTimeout,
        BlobRetrySettings retry,
        BlobTransferSettings transfer) {

    public static final String ACCOUNT_PLACEHOLDER = "{account}";
    public static final String DEFAULT_ENDPOINT = "https://" + ACCOUNT_PLACEHOLDER + ".blob.core.windows.net";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public BlobStoreSettings {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(credentials, "credentials is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(retry, "retry is null");
        requireNonNull(transfer, "transfer is null");
        endpoint.ifPresent(BlobStoreSettings::checkEndpoint);
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
        }
    }

    /** Azure's public cloud, default credential chain, SDK retry defaults, 8 MiB blocks four at a time. */
    public static BlobStoreSettings defaults() {
        return new BlobStoreSettings(Optional.empty(), BlobCredentials.defaultChain(), DEFAULT_CONNECT_TIMEOUT,
                BlobRetrySettings.DEFAULT, BlobTransferSettings.DEFAULT);
    }

    public BlobStoreSettings withEndpoint(String endpoint) {
        return new BlobStoreSettings(Optional.of(endpoint), credentials, connectTimeout, retry, transfer);
    }

    public BlobStoreSettings withCredentials(BlobCredentials credentials) {
        return new BlobStoreSettings(endpoint, credentials, connectTimeout, retry, transfer);
    }

    public BlobStoreSettings withConnectTimeout(Duration connectTimeout) {
        return new BlobStoreSettings(endpoint, credentials, connectTimeout, retry, transfer);
    }

    public BlobStoreSettings withRetry(BlobRetrySettings retry) {
        return new BlobStoreSettings(endpoint, credentials, connectTimeout, retry, transfer);
    }

    public BlobStoreSettings withTransfer(BlobTransferSettings transfer) {
        return new BlobStoreSettings(endpoint, credentials, connectTimeout, retry, transfer);
    }

    /**
     * Checks what the fields cannot check alone (they are set one by one): the SDK refuses to send
     * bearer tokens over plain http, so say so before the first request.
     *
     * @throws IllegalArgumentException naming the conflict
     */
    public void checkConsistent() {
        if (credentials instanceof BlobCredentials.DefaultChain && endpoint.filter(value -> value.startsWith("http:")).isPresent()) {
            throw new IllegalArgumentException("Azure's default credential chain needs an https endpoint, not " + endpoint.get()
                    + "; give an account key, SAS token or connection string for a plain-http endpoint");
        }
    }

    /** The endpoint that serves {@code account}: the configured one, or Azure's public one. */
    public String endpointFor(String account) {
        requireNonNull(account, "account is null");
        return endpoint.orElse(DEFAULT_ENDPOINT).replace(ACCOUNT_PLACEHOLDER, account);
    }

    private static void checkEndpoint(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint.replace(ACCOUNT_PLACEHOLDER, "account"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint is not a URI: " + withoutQuery(endpoint));
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("endpoint must be an http(s)://host[:port][/path] URL: " + withoutQuery(endpoint));
        }
        // a SAS belongs in the credentials, where it is hidden from toString and error messages
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("endpoint has no query, fragment or user info; put a SAS token in the credentials: "
                    + withoutQuery(endpoint));
        }
    }

    private static String withoutQuery(String endpoint) {
        return endpoint.replaceFirst("[?#].*", "?***").replaceFirst("//[^/@]*@", "//***@");
    }
}
