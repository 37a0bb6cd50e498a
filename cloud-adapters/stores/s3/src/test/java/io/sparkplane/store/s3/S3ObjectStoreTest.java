package io.sparkplane.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.storage.ContentException;
import io.sparkplane.spi.storage.ExactLengthInputStream;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStoreException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.AdaptiveRetryStrategy;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.services.s3.S3ServiceClientConfiguration;

/** What {@link S3ObjectStore} makes of its settings, without a server (no request is sent). */
class S3ObjectStoreTest {

    private static final S3StoreSettings COMPATIBLE = S3StoreSettings.defaults()
            .withRegion("eu-central-1")
            .withEndpoint(URI.create("http://127.0.0.1:9"), true)
            .withCredentials(new S3StoreSettings.StaticCredentials("AKIDEXAMPLE", "secret", "token"))
            .withChecksums(S3StoreSettings.Checksums.WHEN_REQUIRED)
            .withRetries(S3StoreSettings.RetryMode.ADAPTIVE, 7);

    @Test
    void theSettingsReachTheClient() {
        try (S3ObjectStore store = new S3ObjectStore(COMPATIBLE)) {
            S3ServiceClientConfiguration configuration = store.client().serviceClientConfiguration();

            assertThat(new S3StoreFactory().schemes()).isEqualTo(Set.of("s3"));
            assertThat(configuration.region()).isEqualTo(Region.EU_CENTRAL_1);
            assertThat(configuration.endpointOverride()).contains(URI.create("http://127.0.0.1:9"));
            assertThat(configuration.requestChecksumCalculation()).isEqualTo(RequestChecksumCalculation.WHEN_REQUIRED);
            assertThat(configuration.responseChecksumValidation()).isEqualTo(ResponseChecksumValidation.WHEN_REQUIRED);
            assertThat(configuration.overrideConfiguration().retryStrategy()).hasValueSatisfying(strategy -> {
                assertThat(strategy).isInstanceOf(AdaptiveRetryStrategy.class);
                assertThat(strategy.maxAttempts()).isEqualTo(7);
            });
            assertThat(configuration.credentialsProvider().resolveIdentity().join())
                    .isInstanceOfSatisfying(AwsSessionCredentials.class, credentials -> {
                        assertThat(credentials.accessKeyId()).isEqualTo("AKIDEXAMPLE");
                        assertThat(credentials.sessionToken()).isEqualTo("token");
                    });
        }
    }

    @Test
    void theDefaultsUseTheSdksChecksumsStandardRetriesAndItsCredentialsChain() {
        try (S3ObjectStore store = new S3ObjectStore(S3StoreSettings.defaults().withRegion("us-east-1"))) {
            S3ServiceClientConfiguration configuration = store.client().serviceClientConfiguration();

            assertThat(configuration.endpointOverride()).isEmpty();
            assertThat(configuration.requestChecksumCalculation()).isEqualTo(RequestChecksumCalculation.WHEN_SUPPORTED);
            assertThat(configuration.responseChecksumValidation()).isEqualTo(ResponseChecksumValidation.WHEN_SUPPORTED);
            assertThat(configuration.overrideConfiguration().retryStrategy()).hasValueSatisfying(strategy -> {
                assertThat(strategy).isInstanceOf(StandardRetryStrategy.class);
                assertThat(strategy.maxAttempts()).isEqualTo(S3StoreSettings.DEFAULT_MAX_ATTEMPTS);
            });
            assertThat(configuration.credentialsProvider()).isInstanceOf(DefaultCredentialsProvider.class);
        }
    }

    @Test
    void theSecretIsNotInTheStoresDescription() {
        try (S3ObjectStore store = new S3ObjectStore(COMPATIBLE)) {
            assertThat(store.toString()).contains("AKIDEXAMPLE").doesNotContain("secret,").doesNotContain("=secret");
        }
    }

    @Test
    void locationsThatNameNoObjectAreRefusedBeforeAnyRequest() {
        try (S3ObjectStore store = new S3ObjectStore(COMPATIBLE)) {
            Location bucket = Location.parse("s3://bucket");
            Location prefix = Location.parse("s3://bucket/logs/");

            assertThat(store.stat(bucket)).isEmpty();
            assertThat(store.stat(prefix)).isEmpty();
            assertThatThrownBy(() -> store.put(prefix, new ByteArrayInputStream(new byte[0]), 0))
                    .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.getMessage()).contains("names a bucket or a prefix"));
            assertThatThrownBy(() -> store.open(bucket)).isInstanceOf(ObjectStoreException.class);
            assertThatThrownBy(() -> store.delete(prefix)).isInstanceOf(ObjectStoreException.class);
            assertThatThrownBy(() -> store.stat(Location.parse("file:///tmp/x"))).isInstanceOf(ObjectStoreException.class);
        }
    }

    @Test
    void aShortSmallContentFailsBeforeAnyRequest() {
        try (S3ObjectStore store = new S3ObjectStore(COMPATIBLE)) {
            Location location = Location.parse("s3://bucket/short.txt");

            assertThatThrownBy(() -> store.put(location, new ByteArrayInputStream(new byte[3]), 4))
                    .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ObjectStoreException.Kind.FAILED);
                        assertThat(e.getMessage()).isEqualTo("cannot upload to s3://bucket/short.txt: the content ended after 3 of 4 bytes");
                    });
        }
    }

    @Test
    void etagsLoseTheirQuotes() {
        assertThat(S3ObjectStore.etag("\"abc-2\"")).isEqualTo("abc-2");
        assertThat(S3ObjectStore.etag("abc")).isEqualTo("abc");
        assertThat(S3ObjectStore.etag("\"")).isEqualTo("\"");
        assertThat(S3ObjectStore.etag(null)).isNull();
    }

    @Test
    void exactLengthStopsAtTheLengthAndFailsWhenTheContentEndsSooner() throws IOException {
        InputStream longer = new ExactLengthInputStream(new ByteArrayInputStream("0123456789".getBytes()), 4);
        assertThat(longer.readAllBytes()).asString().isEqualTo("0123");
        assertThat(longer.read()).isEqualTo(-1);

        InputStream shorter = new ExactLengthInputStream(new ByteArrayInputStream("01".getBytes()), 4);
        assertThatThrownBy(shorter::readAllBytes).isInstanceOf(ContentException.class).hasMessage("the content ended after 2 of 4 bytes");
    }
}
