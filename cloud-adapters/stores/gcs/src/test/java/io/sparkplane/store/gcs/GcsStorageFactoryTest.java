package io.sparkplane.store.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.StorageOptions;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GcsStorageFactoryTest {

    @Test
    void theRetryPolicyIsTheSettings() {
        GcsStoreSettings settings = GcsStoreSettings.defaults()
                .withRetries(3, Duration.ofSeconds(7), Duration.ofMillis(100), Duration.ofSeconds(2));

        RetrySettings retry = GcsStorageFactory.options(settings).getRetrySettings();

        assertThat(retry.getMaxAttempts()).isEqualTo(3);
        assertThat(retry.getTotalTimeoutDuration()).isEqualTo(Duration.ofSeconds(7));
        assertThat(retry.getInitialRetryDelayDuration()).isEqualTo(Duration.ofMillis(100));
        assertThat(retry.getMaxRetryDelayDuration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(retry.getRetryDelayMultiplier()).isEqualTo(2.0);
    }

    @Test
    void anEmulatorGetsItsHostTheProjectAndNoCredentials() {
        GcsStoreSettings settings = GcsStoreSettings.defaults()
                .withEndpoint(URI.create("http://127.0.0.1:9023"))
                .withProjectId("sparkplane-test")
                .withCredentials(GcsCredentials.none());

        StorageOptions options = GcsStorageFactory.options(settings);

        assertThat(options.getHost()).isEqualTo("http://127.0.0.1:9023");
        assertThat(options.getProjectId()).isEqualTo("sparkplane-test");
        assertThat(options.getCredentials()).isSameAs(NoCredentials.getInstance());
    }

    @Test
    void aBrokenServiceAccountKeyIsRejectedWithoutQuotingIt() {
        GcsStoreSettings settings = GcsStoreSettings.defaults()
                .withCredentials(GcsCredentials.serviceAccountKey("{\"type\":\"service_account\",\"private_key\":\"SECRET"));

        assertThatThrownBy(() -> GcsStorageFactory.options(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("service account key")
                .message().doesNotContain("SECRET");
    }
}
