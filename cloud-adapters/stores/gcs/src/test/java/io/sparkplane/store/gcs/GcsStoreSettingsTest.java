package io.sparkplane.store.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GcsStoreSettingsTest {

    private static final String KEY_JSON = "{\"type\":\"service_account\",\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nMIIEvSECRETSECRET\\n\"}";

    @Test
    void defaultsArePinned() {
        GcsStoreSettings defaults = GcsStoreSettings.defaults();

        assertThat(defaults.projectId()).isEmpty();
        assertThat(defaults.endpoint()).isEmpty();
        assertThat(defaults.credentials()).isEqualTo(GcsCredentials.applicationDefault());
        assertThat(defaults.maxAttempts()).isEqualTo(6);
        assertThat(defaults.totalTimeout()).isEqualTo(Duration.ofSeconds(50));
        assertThat(defaults.initialRetryDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.maxRetryDelay()).isEqualTo(Duration.ofSeconds(32));
        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(defaults.readTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(defaults.uploadChunkBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(defaults.listPageSize()).isEqualTo(1000);
        assertThat(defaults.downloadPartBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(defaults.downloadParallelism()).isEqualTo(4);
    }

    @Test
    void toStringNeverShowsTheServiceAccountKey() {
        GcsStoreSettings settings = GcsStoreSettings.defaults().withCredentials(GcsCredentials.serviceAccountKey(KEY_JSON));

        assertThat(settings.toString())
                .contains("ServiceAccountKey")
                .doesNotContain("SECRET")
                .doesNotContain("private_key")
                .doesNotContain("service_account");
        assertThat(settings.credentials().toString()).isEqualTo("ServiceAccountKey[json=***]");
    }

    @Test
    void withersChangeOnlyTheirSetting() {
        GcsStoreSettings settings = GcsStoreSettings.defaults()
                .withEndpoint(URI.create("http://127.0.0.1:9023"))
                .withProjectId("project")
                .withRetries(2, Duration.ofSeconds(3), Duration.ofMillis(10), Duration.ofMillis(20))
                .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1))
                .withUploadChunkBytes(512 * 1024)
                .withListPageSize(10)
                .withDownloadParts(2 * 1024 * 1024, 2);

        assertThat(settings).isEqualTo(new GcsStoreSettings(
                java.util.Optional.of("project"), java.util.Optional.of(URI.create("http://127.0.0.1:9023")),
                GcsCredentials.applicationDefault(), 2, Duration.ofSeconds(3), Duration.ofMillis(10), Duration.ofMillis(20),
                Duration.ofMillis(500), Duration.ofSeconds(1), 512 * 1024, 10, 2 * 1024 * 1024, 2));
    }

    @Test
    void rejectsWhatTheServiceOrTheSdkWouldRefuse() {
        GcsStoreSettings defaults = GcsStoreSettings.defaults();

        assertThatThrownBy(() -> defaults.withUploadChunkBytes(1000 * 1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of 256 KiB");
        assertThatThrownBy(() -> defaults.withListPageSize(1001))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and 1000");
        assertThatThrownBy(() -> defaults.withRetries(0, Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> defaults.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> defaults.withDownloadParts(1024, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("downloadPartBytes");
        assertThatThrownBy(() -> GcsCredentials.serviceAccountKey(" "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEndpointIsAHostAndPortOnlyAndItsUserInfoIsNeverEchoed() {
        GcsStoreSettings defaults = GcsStoreSettings.defaults();

        assertThatThrownBy(() -> defaults.withEndpoint(URI.create("http://127.0.0.1:9023/storage/v1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no path");
        assertThatThrownBy(() -> defaults.withEndpoint(URI.create("ftp://storage.example")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withEndpoint(URI.create("https://user:hunter2@storage.example")))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("hunter2");
        assertThat(defaults.withEndpoint(URI.create("https://storage.example:8443")).endpoint()).isPresent();
    }
}
