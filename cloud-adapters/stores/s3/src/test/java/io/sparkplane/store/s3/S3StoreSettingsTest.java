package io.sparkplane.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.settings.Setting;
import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.store.s3.S3StoreSettings.Checksums;
import io.sparkplane.testkit.FactorySettings;
import io.sparkplane.store.s3.S3StoreSettings.DefaultChain;
import io.sparkplane.store.s3.S3StoreSettings.RetryMode;
import io.sparkplane.store.s3.S3StoreSettings.StaticCredentials;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3StoreSettingsTest {

    @Test
    void theDefaultsArePinned() {
        S3StoreSettings defaults = S3StoreSettings.defaults();

        assertThat(defaults.region()).isNull();
        assertThat(defaults.endpoint()).isNull();
        assertThat(defaults.pathStyleAccess()).isFalse();
        assertThat(defaults.credentials()).isEqualTo(new DefaultChain());
        assertThat(defaults.checksums()).isEqualTo(Checksums.WHEN_SUPPORTED);
        assertThat(defaults.expectContinue()).isTrue();
        assertThat(defaults.retryMode()).isEqualTo(RetryMode.STANDARD);
        assertThat(defaults.maxAttempts()).isEqualTo(5);
        assertThat(defaults.multipartThreshold()).isEqualTo(8L * 1024 * 1024);
        assertThat(defaults.partSize()).isEqualTo(8L * 1024 * 1024);
        assertThat(defaults.maxConcurrency()).isEqualTo(64);
        assertThat(defaults.connectionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.readTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theSettingNamesArePinned() {
        assertThat(new S3StoreFactory().settings()).extracting(Setting::name).containsExactlyInAnyOrder(
                "region",
                "endpoint",
                "path-style-access",
                "access-key-id",
                "secret-access-key",
                "session-token",
                "checksums",
                "expect-continue",
                "retry-mode",
                "max-attempts",
                "multipart-threshold",
                "part-size",
                "max-concurrency",
                "connection-timeout",
                "read-timeout");
    }

    @Test
    void noSettingsGiveTheDefaults() {
        assertThat(read(Map.of())).isEqualTo(S3StoreSettings.defaults());
    }

    @Test
    void everyPropertyIsRead() {
        Map<String, String> properties = Map.ofEntries(
                Map.entry("sparkplane.store.s3.region", "eu-west-1"),
                Map.entry("sparkplane.store.s3.endpoint", "http://127.0.0.1:9000"),
                Map.entry("sparkplane.store.s3.path-style-access", "true"),
                Map.entry("sparkplane.store.s3.access-key-id", "AKIDEXAMPLE"),
                Map.entry("sparkplane.store.s3.secret-access-key", "wJalrXUtnFEMI"),
                Map.entry("sparkplane.store.s3.session-token", "token"),
                Map.entry("sparkplane.store.s3.checksums", "when-required"),
                Map.entry("sparkplane.store.s3.expect-continue", "false"),
                Map.entry("sparkplane.store.s3.retry-mode", "adaptive"),
                Map.entry("sparkplane.store.s3.max-attempts", "10"),
                Map.entry("sparkplane.store.s3.multipart-threshold", "67108864"),
                Map.entry("sparkplane.store.s3.part-size", "16777216"),
                Map.entry("sparkplane.store.s3.max-concurrency", "8"),
                Map.entry("sparkplane.store.s3.connection-timeout", "PT3S"),
                Map.entry("sparkplane.store.s3.read-timeout", "PT2M"));

        assertThat(read(properties)).isEqualTo(new S3StoreSettings(
                "eu-west-1", URI.create("http://127.0.0.1:9000"), true, new StaticCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI", "token"),
                Checksums.WHEN_REQUIRED, false, RetryMode.ADAPTIVE, 10, 64L * 1024 * 1024, 16L * 1024 * 1024, 8,
                Duration.ofSeconds(3), Duration.ofMinutes(2)));
    }

    @Test
    void anUnknownStorePropertyIsRefusedByName() {
        assertThatThrownBy(() -> read(Map.of("sparkplane.store.s3.path-style", "true")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sparkplane.store.s3.path-style")
                .hasMessageContaining("known: ").hasMessageContaining("path-style-access");
    }

    @Test
    void aValueThatDoesNotParseIsRefusedNamingItsProperty() {
        for (Map.Entry<String, String> bad : Map.of(
                "sparkplane.store.s3.path-style-access", "yes",
                "sparkplane.store.s3.checksums", "sometimes",
                "sparkplane.store.s3.retry-mode", "legacy",
                "sparkplane.store.s3.max-attempts", "many",
                "sparkplane.store.s3.max-concurrency", "99999999999",
                "sparkplane.store.s3.read-timeout", "30s",
                "sparkplane.store.s3.endpoint", "not a uri").entrySet()) {
            assertThatThrownBy(() -> read(Map.of(bad.getKey(), bad.getValue())))
                    .as(bad.getKey())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad.getKey());
        }
    }

    @Test
    void staticCredentialsComeAsAPair() {
        assertThatThrownBy(() -> read(Map.of("sparkplane.store.s3.access-key-id", "AKIDEXAMPLE")))
                .hasMessageContaining("sparkplane.store.s3.secret-access-key");
        assertThatThrownBy(() -> read(Map.of("sparkplane.store.s3.session-token", "token")))
                .hasMessageContaining("sparkplane.store.s3.session-token");
        assertThatThrownBy(() -> new StaticCredentials("AKIDEXAMPLE", " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new StaticCredentials("AKIDEXAMPLE", "secret", " ").sessionToken()).isNull();
    }

    @Test
    void theSecretsNeverShowInToString() {
        Map<String, String> properties = new HashMap<>();
        properties.put("sparkplane.store.s3.access-key-id", "AKIDEXAMPLE");
        properties.put("sparkplane.store.s3.secret-access-key", "wJalrXUtnFEMI-the-secret");
        properties.put("sparkplane.store.s3.session-token", "the-session-token");

        String printed = read(properties).toString();

        assertThat(printed).contains("AKIDEXAMPLE").doesNotContain("wJalrXUtnFEMI-the-secret").doesNotContain("the-session-token");
    }

    @Test
    void valuesAreChecked() {
        S3StoreSettings defaults = S3StoreSettings.defaults();

        assertThatThrownBy(() -> defaults.withRegion(" ")).hasMessageContaining("region");
        assertThatThrownBy(() -> defaults.withEndpoint(URI.create("ftp://host"), true)).hasMessageContaining("http://");
        assertThatThrownBy(() -> defaults.withEndpoint(URI.create("localhost:9000"), true)).hasMessageContaining("http://");
        assertThatThrownBy(() -> defaults.withRetries(RetryMode.STANDARD, 0)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> defaults.withMultipart(8L << 20, 4L << 20)).hasMessageContaining("5 MiB");
        assertThatThrownBy(() -> defaults.withMultipart(0, 8L << 20)).hasMessageContaining("multipartThreshold");
        assertThatThrownBy(() -> defaults.withMaxConcurrency(0)).hasMessageContaining("maxConcurrency");
        assertThatThrownBy(() -> defaults.withTimeouts(Duration.ZERO, Duration.ofSeconds(1))).hasMessageContaining("connectionTimeout");
        assertThatThrownBy(() -> defaults.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(-1))).hasMessageContaining("readTimeout");
        assertThatThrownBy(() -> defaults.withCredentials(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aPartBelowS3sSmallestIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> read(Map.of("sparkplane.store.s3.part-size", "1024")))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("sparkplane.store.s3.part-size")
                .hasMessageContaining(Long.toString(S3StoreSettings.MINIMUM_PART_SIZE));
    }

    @Test
    void theSecretsNeverShowInAnError() {
        assertThatThrownBy(() -> read(Map.of("sparkplane.store.s3.secret-access-key", "wJalrXUtnFEMI-the-secret")))
                .hasMessageContaining("sparkplane.store.s3.access-key-id")
                .hasMessageNotContaining("wJalrXUtnFEMI-the-secret");
    }

    @Test
    void withersChangeOnlyTheirSetting() {
        S3StoreSettings defaults = S3StoreSettings.defaults();

        S3StoreSettings compatible = defaults.withRegion("us-east-1")
                .withEndpoint(URI.create("http://127.0.0.1:9000"), true)
                .withChecksums(Checksums.WHEN_REQUIRED)
                .withExpectContinue(false);

        assertThat(compatible).isEqualTo(new S3StoreSettings("us-east-1", URI.create("http://127.0.0.1:9000"), true,
                new DefaultChain(), Checksums.WHEN_REQUIRED, false, RetryMode.STANDARD, defaults.maxAttempts(),
                defaults.multipartThreshold(), defaults.partSize(), defaults.maxConcurrency(), defaults.connectionTimeout(),
                defaults.readTimeout()));
    }

    private static S3StoreSettings read(Map<String, String> properties) {
        return FactorySettings.store(new S3StoreFactory(), properties);
    }
}
