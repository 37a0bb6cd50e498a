package io.sparkplane.store.gcs;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.BlobWriteSessionConfigs;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.StorageRetryStrategy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Builds the SDK's {@link Storage} client (JSON API over HTTP) from {@link GcsStoreSettings}. */
public final class GcsStorageFactory {

    private GcsStorageFactory() {
    }

    public static Storage create(GcsStoreSettings settings) {
        return options(settings).getService();
    }

    static StorageOptions options(GcsStoreSettings settings) {
        StorageOptions.Builder builder = StorageOptions.http()
                .setTransportOptions(HttpTransportOptions.newBuilder()
                        .setConnectTimeout(Math.toIntExact(settings.connectTimeout().toMillis()))
                        .setReadTimeout(Math.toIntExact(settings.readTimeout().toMillis()))
                        .build())
                .setRetrySettings(retrySettings(settings))
                // the resumable uploads of streams (Storage.blobWriteSession) send chunks of this size
                .setBlobWriteSessionConfig(BlobWriteSessionConfigs.getDefault().withChunkSize(settings.uploadChunkBytes()))
                // The default strategy retries only requests it can prove idempotent, which leaves an
                // unconditional upload or delete unretried. Every operation of ObjectStore is safe to
                // repeat (a put replaces, a repeated delete finds nothing), so retry them all alike.
                .setStorageRetryStrategy(StorageRetryStrategy.getUniformStorageRetryStrategy());
        settings.projectId().ifPresent(builder::setProjectId);
        settings.endpoint().ifPresent(endpoint -> builder.setHost(endpoint.toString()));
        // Java 17 has no pattern switch; the interface is sealed, so these three are all there are
        GcsCredentials credentials = settings.credentials();
        if (credentials instanceof GcsCredentials.None) {
            builder.setCredentials(NoCredentials.getInstance());
        } else if (credentials instanceof GcsCredentials.ServiceAccountKey key) {
            builder.setCredentials(serviceAccount(key));
        }
        // GcsCredentials.ApplicationDefault: left unset, StorageOptions resolves the default chain itself
        return builder.build();
    }

    static RetrySettings retrySettings(GcsStoreSettings settings) {
        return RetrySettings.newBuilder()
                .setMaxAttempts(settings.maxAttempts())
                .setTotalTimeoutDuration(settings.totalTimeout())
                .setInitialRetryDelayDuration(settings.initialRetryDelay())
                .setRetryDelayMultiplier(2.0)
                .setMaxRetryDelayDuration(settings.maxRetryDelay())
                // over HTTP the per-request limits are the transport's connect and read timeouts
                .setInitialRpcTimeoutDuration(settings.totalTimeout())
                .setRpcTimeoutMultiplier(1.0)
                .setMaxRpcTimeoutDuration(settings.totalTimeout())
                .build();
    }

    private static ServiceAccountCredentials serviceAccount(GcsCredentials.ServiceAccountKey key) {
        try {
            return ServiceAccountCredentials.fromStream(new ByteArrayInputStream(key.json().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            // the parser's message may quote the document; say only what is wrong with it
            throw new IllegalArgumentException("the service account key is not a valid key file (" + e.getClass().getSimpleName() + ")");
        }
    }
}
