package io.sparkplane.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.testkit.FactorySettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3aConfTest {

    @Test
    void anS3CompatibleServerWithStaticKeys() {
        S3StoreSettings settings = FactorySettings.store(new S3StoreFactory(), Map.of(
                "sparkplane.store.s3.endpoint", "http://127.0.0.1:9000",
                "sparkplane.store.s3.region", "eu-west-1",
                "sparkplane.store.s3.path-style-access", "true",
                "sparkplane.store.s3.access-key-id", "AKID",
                "sparkplane.store.s3.secret-access-key", "s3cr3t",
                "sparkplane.store.s3.checksums", "when-required"));

        assertThat(S3aConf.of(settings)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000",
                "spark.hadoop.fs.s3a.endpoint.region", "eu-west-1",
                "spark.hadoop.fs.s3a.connection.ssl.enabled", "false",
                "spark.hadoop.fs.s3a.path.style.access", "true",
                "spark.hadoop.fs.s3a.access.key", "AKID",
                "spark.hadoop.fs.s3a.secret.key", "s3cr3t",
                "spark.hadoop.fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
                "spark.hadoop.fs.s3a.attempts.maximum", "5",
                "spark.driver.extraJavaOptions", S3aConf.WHEN_REQUIRED_CHECKSUMS,
                "spark.executor.extraJavaOptions", S3aConf.WHEN_REQUIRED_CHECKSUMS));
    }

    @Test
    void awsWithTheDefaultChainLeavesCredentialsToS3A() {
        assertThat(S3aConf.of(S3StoreSettings.defaults())).containsOnlyKeys("spark.hadoop.fs.s3a.attempts.maximum");
    }

    @Test
    void temporaryCredentialsUseTheirProvider() {
        S3StoreSettings settings = FactorySettings.store(new S3StoreFactory(), Map.of(
                "sparkplane.store.s3.access-key-id", "ASIA", "sparkplane.store.s3.secret-access-key", "s",
                "sparkplane.store.s3.session-token", "t"));
        assertThat(S3aConf.of(settings))
                .containsEntry("spark.hadoop.fs.s3a.session.token", "t")
                .containsEntry("spark.hadoop.fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider");
    }
}
