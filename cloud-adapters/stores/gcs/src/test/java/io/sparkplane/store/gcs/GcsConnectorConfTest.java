package io.sparkplane.store.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.storage.Location;
import io.sparkplane.testkit.FactorySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcsConnectorConfTest {

    @Test
    void anEmulatorWithoutCredentials() {
        var settings = configuration(Map.of(
                "endpoint", "http://127.0.0.1:4443", "project-id", "test-project", "credentials", "none"));

        assertThat(new GcsStoreFactory().engineConf(settings, STAGING)).containsExactlyInAnyOrderEntriesOf(Map.of(
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
        GcsStoreFactory.Configuration configuration = configuration(Map.of("service-account-key-file", keyFile.toString()));

        Map<String, String> conf = new GcsStoreFactory().engineConf(configuration, STAGING);

        assertThat(conf).containsEntry("spark.hadoop.fs.gs.auth.type", "SERVICE_ACCOUNT_JSON_KEYFILE")
                .containsEntry("spark.hadoop.fs.gs.auth.service.account.json.keyfile", keyFile.toAbsolutePath().toString());
        assertThat(conf.values()).noneMatch(value -> value.contains("PRIVATE"));
        assertThatThrownBy(() -> GcsConnectorConf.of(configuration.store(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyFileAndOtherCredentialsAreRefused(@TempDir Path directory) throws Exception {
        Path keyFile = Files.writeString(directory.resolve("key.json"), "{\"type\": \"service_account\"}");

        assertThatThrownBy(() -> configuration(Map.of("service-account-key-file", keyFile.toString(), "credentials", "none")))
                .hasMessageContaining("sparkplane.store.gcs.");
        assertThatThrownBy(() -> configuration(Map.of("service-account-key-file", directory.resolve("missing.json").toString())))
                .hasMessageContaining("sparkplane.store.gcs.service-account-key-file cannot be read");
        assertThatThrownBy(() -> configuration(Map.of("endpoint", "http://127.0.0.1:4443/storage/v1")))
                .hasMessageContaining("sparkplane.store.gcs.endpoint");
    }

    private static final Location STAGING = Location.parse("gs://staging/sparkplane/");

    private static GcsStoreFactory.Configuration configuration(Map<String, String> settings) {
        Map<String, String> properties = new TreeMap<>();
        settings.forEach((key, value) -> properties.put("sparkplane.store.gcs." + key, value));
        return FactorySettings.store(new GcsStoreFactory(), properties);
    }
}
