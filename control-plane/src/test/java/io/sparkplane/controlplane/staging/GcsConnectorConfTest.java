package io.sparkplane.controlplane.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.gcp.gcs.GcsStoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcsConnectorConfTest {

    @Test
    void anEmulatorWithoutCredentials() {
        var settings = StoreSettingsParser.gcs(Map.of(
                "endpoint", "http://127.0.0.1:4443", "project-id", "test-project", "credentials", "none"));

        assertThat(GcsConnectorConf.of(settings, Optional.empty())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "spark.hadoop.fs.gs.storage.root.url", "http://127.0.0.1:4443/",
                "spark.hadoop.fs.gs.project.id", "test-project",
                "spark.hadoop.fs.gs.auth.type", "UNAUTHENTICATED",
                "spark.hadoop.fs.gs.http.max.retry", "5",
                "spark.hadoop.fs.gs.http.connect-timeout", "20000ms"));
    }

    @Test
    void googleWithApplicationDefaultCredentialsSetsNoEndpoint() {
        assertThat(GcsConnectorConf.of(GcsStoreSettings.defaults(), Optional.empty()))
                .containsEntry("spark.hadoop.fs.gs.auth.type", "APPLICATION_DEFAULT")
                .doesNotContainKeys("spark.hadoop.fs.gs.storage.root.url", "spark.hadoop.fs.gs.project.id");
    }

    @Test
    void aServiceAccountKeyReachesJobsAsItsFileNeverItsContent(@TempDir Path directory) throws Exception {
        Path keyFile = Files.writeString(directory.resolve("key.json"), "{\"type\": \"service_account\", \"private_key\": \"PRIVATE\"}");
        Map<String, String> properties = Map.of("service-account-key-file", keyFile.toString());

        Map<String, String> conf = GcsConnectorConf.of(StoreSettingsParser.gcs(properties), StoreSettingsParser.gcsServiceAccountKeyFile(properties));

        assertThat(conf).containsEntry("spark.hadoop.fs.gs.auth.type", "SERVICE_ACCOUNT_JSON_KEYFILE")
                .containsEntry("spark.hadoop.fs.gs.auth.service.account.json.keyfile", keyFile.toAbsolutePath().toString());
        assertThat(conf.values()).noneMatch(value -> value.contains("PRIVATE"));
        assertThatThrownBy(() -> GcsConnectorConf.of(StoreSettingsParser.gcs(properties), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
