package io.sparkplane.spi.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretSparkConfTest {

    @Test
    void hidesTheCredentialsOfEveryConnector() {
        List<String> secrets = List.of(
                "spark.hadoop.fs.s3a.secret.key", "spark.hadoop.fs.s3a.access.key", "spark.hadoop.fs.s3a.session.token",
                "spark.hadoop.fs.s3a.encryption.key",
                "spark.hadoop.fs.azure.account.key.lake.dfs.core.windows.net",
                "spark.hadoop.fs.azure.account.key.lake.blob.core.windows.net:10000",
                "spark.hadoop.fs.azure.sas.fixed.token.lake.dfs.core.windows.net",
                "spark.hadoop.fs.azure.sas.data.lake.blob.core.windows.net",
                "spark.hadoop.fs.azure.account.oauth2.client.secret",
                "spark.hadoop.fs.gs.auth.service.account.private.key",
                "spark.ssl.keyPassword", "spark.some.credentials.file");
        assertThat(secrets).allMatch(SecretSparkConf::isSecret);
    }

    @Test
    void showsWhatIsNoSecret() {
        assertThat(List.of("spark.sql.shuffle.partitions", "spark.hadoop.fs.s3a.endpoint", "spark.hadoop.fs.gs.project.id",
                "spark.hadoop.fs.azure.account.auth.type.lake.dfs.core.windows.net", "spark.hadoop.fs.gs.auth.service.account.json.keyfile",
                "spark.executor.memory")).noneMatch(SecretSparkConf::isSecret);
    }

    @Test
    void redactsValuesAndKeepsKeys() {
        assertThat(SecretSparkConf.redacted(Map.of("spark.hadoop.fs.s3a.secret.key", "s3cr3t", "spark.app.name", "etl")))
                .containsEntry("spark.hadoop.fs.s3a.secret.key", SecretSparkConf.REDACTED)
                .containsEntry("spark.app.name", "etl");
    }
}
