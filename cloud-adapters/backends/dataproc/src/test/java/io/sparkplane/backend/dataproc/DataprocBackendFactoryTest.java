package io.sparkplane.backend.dataproc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.engine.JobHosting;
import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.testkit.FactorySettings;
import io.sparkplane.testkit.SettingsDocumentation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DataprocBackendFactoryTest {

    private static final String PREFIX = "sparkplane.backends.gcp.";

    private static Map<String, String> minimal() {
        Map<String, String> settings = new HashMap<>();
        settings.put(PREFIX + "type", "dataproc");
        settings.put(PREFIX + "project", "my-project-123");
        settings.put(PREFIX + "region", "europe-west1");
        return settings;
    }

    private static DataprocBackendFactory.Profile configure(Map<String, String> settings) {
        return FactorySettings.backend(new DataprocBackendFactory(), "gcp", settings);
    }

    @Test
    void aMinimalProfileTakesTheDefaults() {
        DataprocBackendFactory.Profile profile = configure(minimal());
        DataprocConfiguration configuration = profile.configuration();
        assertThat(configuration.project()).isEqualTo("my-project-123");
        assertThat(configuration.zone()).as("auto zone placement").isEmpty();
        assertThat(configuration.imageVersion()).isEqualTo("2.3-debian12");
        assertThat(configuration.workerCount()).isEqualTo(2);
        assertThat(configuration.preemptibility()).isEqualTo("NON_PREEMPTIBLE");
        assertThat(configuration.idleDeleteTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(configuration.autoDeleteTtl()).isEqualTo(Duration.ofDays(1));
        assertThat(configuration.endpoint()).isEqualTo(new GoogleEndpoint("europe-west1-dataproc.googleapis.com:443", false, true));
        assertThat(profile.provisioningTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(new DataprocBackendFactory().hosting()).isEqualTo(JobHosting.SERVICE);
        assertThat(new DataprocBackendFactory().stagingSchemes()).containsExactly("gs");
    }

    @Test
    void everySettingReachesTheConfiguration() {
        Map<String, String> settings = minimal();
        settings.put(PREFIX + "zone", "europe-west1-b");
        settings.put(PREFIX + "image-version", "2.2-ubuntu22");
        settings.put(PREFIX + "master-machine-type", "n2-highmem-8");
        settings.put(PREFIX + "worker-machine-type", "e2-standard-4");
        settings.put(PREFIX + "worker-count", "3");
        settings.put(PREFIX + "secondary-worker-machine-type", "custom-4-16384");
        settings.put(PREFIX + "secondary-worker-preemptibility", "spot");
        settings.put(PREFIX + "service-account", "jobs@my-project-123.iam.gserviceaccount.com");
        settings.put(PREFIX + "subnetwork", "projects/my-project-123/regions/europe-west1/subnetworks/data");
        settings.put(PREFIX + "labels.team", "data");
        settings.put(PREFIX + "idle-delete-ttl", "PT15M");
        settings.put(PREFIX + "auto-delete-ttl", "PT6H");
        settings.put(PREFIX + "graceful-decommission-timeout", "PT5M");
        settings.put(PREFIX + "endpoint", "https://dataproc.internal.example.com:8443");
        settings.put(PREFIX + "status-poll-interval", "PT5S");
        settings.put(PREFIX + "operation-timeout", "PT2M");
        settings.put(PREFIX + "driver-log-grace", "PT30S");
        settings.put(PREFIX + "provisioning-timeout", "PT45M");
        DataprocBackendFactory.Profile profile = configure(settings);
        assertThat(profile.configuration()).isEqualTo(new DataprocConfiguration("my-project-123", "europe-west1",
                Optional.of("europe-west1-b"), "2.2-ubuntu22", "n2-highmem-8", "e2-standard-4", 3, Optional.of("custom-4-16384"), "SPOT",
                Optional.of("jobs@my-project-123.iam.gserviceaccount.com"), Optional.empty(),
                Optional.of("projects/my-project-123/regions/europe-west1/subnetworks/data"), Map.of("team", "data"),
                Duration.ofMinutes(15), Duration.ofHours(6), Duration.ofMinutes(5),
                new GoogleEndpoint("dataproc.internal.example.com:8443", false, true), Duration.ofSeconds(5), Duration.ofMinutes(2),
                Duration.ofSeconds(30)));
        assertThat(profile.provisioningTimeout()).isEqualTo(Duration.ofMinutes(45));
    }

    @Test
    void anEmulatorsEndpointIsPlaintextOnlyWithoutCredentials() {
        Map<String, String> settings = minimal();
        settings.put(PREFIX + "endpoint", "http://127.0.0.1:8123");
        assertThatThrownBy(() -> configure(settings)).isInstanceOf(SettingException.class)
                .hasMessageContaining(PREFIX + "endpoint").hasMessageContaining("plaintext");
        settings.put(PREFIX + "credentials", "none");
        assertThat(configure(settings).configuration().endpoint()).isEqualTo(new GoogleEndpoint("127.0.0.1:8123", true, false));
        settings.remove(PREFIX + "endpoint");
        assertThatThrownBy(() -> configure(settings)).isInstanceOf(SettingException.class).hasMessageContaining(PREFIX + "credentials");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "project|My_Project|project id",
            "region|europe|Dataproc region",
            "zone|us-east1-b|zone of region europe-west1",
            "image-version|latest|image version",
            "master-machine-type|n2 standard|machine type",
            "worker-count|1|worker-count",
            "secondary-worker-preemptibility|cheap|non-preemptible, preemptible or spot",
            "service-account|not-an-email|service account email",
            "labels.Team|data|label key",
            "labels.team|Data Platform|label value",
            "labels.sparkplane-run-id|x|Sparkplane's own",
            "idle-delete-ttl|PT5M|between PT10M and P14D",
            "auto-delete-ttl|P30D|between PT10M and P14D",
            "operation-timeout|PT0S|positive",
            "provisioning-timeout|PT30S|at least PT1M",
            "endpoint|https://dataproc.example.com/v1|no path",
            "credentials|key-file|application-default or none"})
    void aWrongSettingStopsTheStartNamingItsKey(String name, String value, String problem) {
        Map<String, String> settings = minimal();
        settings.put(PREFIX + name, value);
        String key = name.startsWith("labels.") ? PREFIX + "labels" : PREFIX + name;
        assertThatThrownBy(() -> configure(settings)).isInstanceOf(SettingException.class)
                .hasMessageContaining(key).hasMessageContaining(problem);
    }

    @Test
    void networkAndSubnetworkAreOneOrTheOther() {
        Map<String, String> settings = minimal();
        settings.put(PREFIX + "network", "default");
        settings.put(PREFIX + "subnetwork", "data");
        assertThatThrownBy(() -> configure(settings)).isInstanceOf(SettingException.class).hasMessageContaining(PREFIX + "subnetwork");
    }

    @Test
    void theReadmeDocumentsEverySettingWithItsDefault() throws Exception {
        SettingsDocumentation.assertDocuments(Path.of("README.md"), new DataprocBackendFactory().settings());
    }
}
