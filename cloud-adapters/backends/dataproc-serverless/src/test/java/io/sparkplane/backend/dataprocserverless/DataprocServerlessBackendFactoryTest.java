package io.sparkplane.backend.dataprocserverless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.backend.dataprocserverless.DataprocServerlessConfiguration.Credentials;
import io.sparkplane.backend.dataprocserverless.DataprocServerlessConfiguration.Endpoint;
import io.sparkplane.spi.engine.BackendContext;
import io.sparkplane.spi.engine.BackendLimits;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendFactory;
import io.sparkplane.spi.engine.EngineDistribution;
import io.sparkplane.spi.engine.JobHosting;
import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.testkit.FactorySettings;
import io.sparkplane.testkit.SettingsDocumentation;
import io.sparkplane.testkit.gcp.FakeDataprocServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DataprocServerlessBackendFactoryTest {

    private static final String PREFIX = "sparkplane.backends.serverless.";
    private static final DataprocServerlessBackendFactory FACTORY = new DataprocServerlessBackendFactory();

    /** A service-hosted backend starts no engine on this machine. */
    private static final EngineDistribution NO_ENGINE = new EngineDistribution() {
        @Override
        public List<Path> launcherClasspath() {
            return List.of();
        }

        @Override
        public String launcherMainClass() {
            return "none";
        }

        @Override
        public Optional<Path> listenerJar() {
            return Optional.empty();
        }

        @Override
        public List<Path> connectorJars() {
            return List.of();
        }
    };

    private static Map<String, String> minimal() {
        Map<String, String> properties = new HashMap<>();
        properties.put(PREFIX + "type", "dataproc-serverless");
        properties.put(PREFIX + "project", "my-project");
        properties.put(PREFIX + "region", "us-central1");
        return properties;
    }

    private static DataprocServerlessBackendFactory.Profile configure(Map<String, String> properties) {
        return FactorySettings.backend(FACTORY, "serverless", properties);
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> properties = minimal();
        properties.put(PREFIX + key, value);
        return properties;
    }

    private static Map<String, String> without(String key) {
        Map<String, String> properties = minimal();
        properties.remove(PREFIX + key);
        return properties;
    }

    @Test
    void theTypeIsAServiceStagedInCloudStorageAndTheControlPlaneFindsIt() {
        assertThat(FACTORY.type()).isEqualTo("dataproc-serverless");
        assertThat(FACTORY.hosting()).isEqualTo(JobHosting.SERVICE);
        assertThat(FACTORY.stagingSchemes()).isEqualTo(Set.of("gs"));
        assertThat(ServiceLoader.load(EngineBackendFactory.class).stream().map(provider -> provider.type().getName()))
                .contains(DataprocServerlessBackendFactory.class.getName());
    }

    @Test
    void theDefaultsRunTheCurrentRuntimeWithApplicationDefaultCredentialsAtDataprocsRegionalEndpoint() {
        DataprocServerlessBackendFactory.Profile profile = configure(minimal());

        assertThat(profile.configuration()).isEqualTo(new DataprocServerlessConfiguration("my-project", "us-central1", "2.3", Optional.empty(),
                Optional.empty(), Optional.empty(), new TreeMap<>(), Optional.empty(), Optional.empty(), Credentials.APPLICATION_DEFAULT,
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofHours(1)));
        assertThat(profile.configuration().parent()).isEqualTo("projects/my-project/locations/us-central1");
        assertThat(profile.configuration().target()).isEqualTo("us-central1-dataproc.googleapis.com:443");
        assertThat(profile.limits()).isEqualTo(new BackendLimits(10, 50));
        assertThat(FACTORY.limits(profile)).isEqualTo(profile.limits());
        assertThat(FACTORY.provisioningTimeout(profile)).contains(Duration.ofMinutes(15));
    }

    @Test
    void everySettingReachesTheConfiguration() {
        Map<String, String> properties = minimal();
        properties.put(PREFIX + "project", "data-platform-prod");
        properties.put(PREFIX + "region", "europe-west4");
        properties.put(PREFIX + "runtime-version", "2.2");
        properties.put(PREFIX + "service-account", "jobs@data-platform-prod.iam.gserviceaccount.com");
        properties.put(PREFIX + "subnetwork", "https://www.googleapis.com/compute/v1/projects/shared-vpc/regions/europe-west4/subnetworks/spark");
        properties.put(PREFIX + "labels.team", "data");
        properties.put(PREFIX + "labels.cost-center", " c42 ");
        properties.put(PREFIX + "ttl", "PT8H");
        properties.put(PREFIX + "endpoint", "https://europe-west4-dataproc.p.googleapis.com");
        properties.put(PREFIX + "status-poll-interval", "PT30S");
        properties.put(PREFIX + "driver-log-grace", "PT1M");
        properties.put(PREFIX + "ended-batch-retention", "PT6H");
        properties.put(PREFIX + "provisioning-timeout", "PT40M");
        properties.put(PREFIX + "max-concurrent-runs", "40");
        properties.put(PREFIX + "max-executors-per-run", "200");

        DataprocServerlessBackendFactory.Profile profile = configure(properties);

        assertThat(profile.configuration()).isEqualTo(new DataprocServerlessConfiguration("data-platform-prod", "europe-west4", "2.2",
                Optional.of("jobs@data-platform-prod.iam.gserviceaccount.com"), Optional.empty(),
                Optional.of("https://www.googleapis.com/compute/v1/projects/shared-vpc/regions/europe-west4/subnetworks/spark"),
                new TreeMap<>(Map.of("team", "data", "cost-center", "c42")), Optional.of(Duration.ofHours(8)),
                Optional.of(new Endpoint("europe-west4-dataproc.p.googleapis.com:443", false)), Credentials.APPLICATION_DEFAULT,
                Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofHours(6)));
        assertThat(profile.configuration().target()).isEqualTo("europe-west4-dataproc.p.googleapis.com:443");
        assertThat(profile.limits()).isEqualTo(new BackendLimits(40, 200));
        assertThat(FACTORY.provisioningTimeout(profile)).contains(Duration.ofMinutes(40));
    }

    @Test
    void aNetworkIsANameOrAUriAndNotBesideASubnetwork() {
        for (String network : List.of("default", "projects/my-project/global/networks/spark",
                "https://www.googleapis.com/compute/v1/projects/my-project/global/networks/spark")) {
            assertThat(configure(with("network", network)).configuration().networkUri()).as(network).contains(network);
        }
        for (String subnetwork : List.of("jobs", "projects/my-project/regions/us-central1/subnetworks/jobs", "regions/us-central1/subnetworks/jobs")) {
            assertThat(configure(with("subnetwork", subnetwork)).configuration().subnetworkUri()).as(subnetwork).contains(subnetwork);
        }
        Map<String, String> both = with("network", "default");
        both.put(PREFIX + "subnetwork", "default");
        assertThatThrownBy(() -> configure(both)).isInstanceOf(SettingException.class).hasMessageContaining(PREFIX + "network")
                .hasMessageContaining(PREFIX + "subnetwork").hasMessageContaining("not both");
        assertThatThrownBy(() -> configure(with("network", "Default Network"))).hasMessageContaining(PREFIX + "network");
        assertThatThrownBy(() -> configure(with("network", "projects/p/regions/us-central1/subnetworks/jobs"))).hasMessageContaining(PREFIX + "network");
        assertThatThrownBy(() -> configure(with("subnetwork", "projects/my-project/regions/europe-west4/subnetworks/jobs")))
                .isInstanceOf(SettingException.class).hasMessageContaining(PREFIX + "subnetwork").hasMessageContaining("europe-west4")
                .hasMessageContaining("us-central1");
    }

    @Test
    void theProjectRegionAndRuntimeAreWhatGoogleTakes() {
        assertThatThrownBy(() -> configure(without("project"))).isInstanceOf(SettingException.class)
                .hasMessageContaining(PREFIX + "project is required");
        assertThatThrownBy(() -> configure(without("region"))).hasMessageContaining(PREFIX + "region is required");
        for (String project : List.of("My-Project", "proj", "1project", "my-project-", "my_project", "a".repeat(31))) {
            assertThatThrownBy(() -> configure(with("project", project))).as(project).isInstanceOf(SettingException.class)
                    .hasMessageContaining(PREFIX + "project").hasMessageContaining(project);
        }
        for (String region : List.of("us-central", "global", "US-CENTRAL1", "uscentral1")) {
            assertThatThrownBy(() -> configure(with("region", region))).as(region).hasMessageContaining(PREFIX + "region");
        }
        for (String region : List.of("us-central1", "europe-west10", "northamerica-northeast1", "me-central2")) {
            assertThat(configure(with("region", region)).configuration().region()).isEqualTo(region);
        }
        for (String version : List.of("1.2", "2.2", "2.3", "2.2.40", "3.0")) {
            assertThat(configure(with("runtime-version", version)).configuration().runtimeVersion()).isEqualTo(version);
        }
        for (String version : List.of("2", "latest", "2.x", "v2.3")) {
            assertThatThrownBy(() -> configure(with("runtime-version", version))).as(version).hasMessageContaining(PREFIX + "runtime-version");
        }
    }

    @Test
    void theServiceAccountIsAnEmail() {
        assertThat(configure(with("service-account", "123456789-compute@developer.gserviceaccount.com")).configuration().serviceAccount())
                .contains("123456789-compute@developer.gserviceaccount.com");
        for (String account : List.of("jobs", "jobs@", "jobs@my-project", "a b@x.com")) {
            assertThatThrownBy(() -> configure(with("service-account", account))).as(account).isInstanceOf(SettingException.class)
                    .hasMessageContaining(PREFIX + "service-account");
        }
    }

    @Test
    void labelsKeepToDataprocsRulesAndLeaveSparkplanesOwnAlone() {
        assertThatThrownBy(() -> configure(with("labels.Team", "data"))).isInstanceOf(SettingException.class)
                .hasMessageContaining(PREFIX + "labels.Team");
        assertThatThrownBy(() -> configure(with("labels.team", "Data Eng"))).hasMessageContaining(PREFIX + "labels.team");
        assertThatThrownBy(() -> configure(with("labels.team", "x".repeat(64)))).hasMessageContaining(PREFIX + "labels.team");
        assertThatThrownBy(() -> configure(with("labels.sparkplane-profile", "other"))).hasMessageContaining(PREFIX + "labels.sparkplane-profile")
                .hasMessageContaining("Sparkplane's own");
        Map<String, String> many = minimal();
        for (int i = 0; i < 29; i++) {
            many.put(PREFIX + "labels.l" + i, "v");
        }
        assertThatThrownBy(() -> configure(many)).hasMessageContaining(PREFIX + "labels").hasMessageContaining("28");
    }

    @Test
    void aPlaintextEndpointIsForAFakeWithoutCredentialsOnly() {
        Map<String, String> fake = with("endpoint", "http://127.0.0.1:8123");
        fake.put(PREFIX + "credentials", "none");
        DataprocServerlessConfiguration configuration = configure(fake).configuration();
        assertThat(configuration.endpoint()).contains(new Endpoint("127.0.0.1:8123", true));
        assertThat(configuration.credentials()).isEqualTo(Credentials.NONE);
        assertThat(configuration.target()).isEqualTo("127.0.0.1:8123");

        assertThatThrownBy(() -> configure(with("endpoint", "http://127.0.0.1:8123"))).isInstanceOf(SettingException.class)
                .hasMessageContaining(PREFIX + "endpoint").hasMessageContaining(PREFIX + "credentials=none");
        assertThatThrownBy(() -> configure(with("credentials", "none"))).isInstanceOf(SettingException.class)
                .hasMessageContaining(PREFIX + "credentials=none").hasMessageContaining(PREFIX + "endpoint");
        assertThatThrownBy(() -> configure(with("credentials", "service-account-key"))).hasMessageContaining(PREFIX + "credentials");
        assertThatThrownBy(() -> configure(with("endpoint", "https://dataproc.example.com/v1/"))).hasMessageContaining(PREFIX + "endpoint");
        assertThatThrownBy(() -> configure(with("endpoint", "dataproc.example.com:443"))).hasMessageContaining(PREFIX + "endpoint");
    }

    @Test
    void otherMistakesNameTheirKeys() {
        assertThatThrownBy(() -> configure(with("ttl", "PT5M"))).hasMessageContaining(PREFIX + "ttl");
        assertThatThrownBy(() -> configure(with("ttl", "P15D"))).hasMessageContaining(PREFIX + "ttl");
        assertThatThrownBy(() -> configure(with("ttl", "four hours"))).hasMessageContaining(PREFIX + "ttl");
        assertThatThrownBy(() -> configure(with("provisioning-timeout", "PT30S"))).hasMessageContaining(PREFIX + "provisioning-timeout");
        assertThatThrownBy(() -> configure(with("status-poll-interval", "-PT1S"))).hasMessageContaining(PREFIX + "status-poll-interval");
        assertThatThrownBy(() -> configure(with("driver-log-grace", "soon"))).hasMessageContaining(PREFIX + "driver-log-grace");
        Map<String, String> retention = with("ended-batch-retention", "PT10S");
        assertThatThrownBy(() -> configure(retention)).hasMessageContaining(PREFIX + "ended-batch-retention")
                .hasMessageContaining(PREFIX + "driver-log-grace");
        assertThatThrownBy(() -> configure(with("max-executors-per-run", "0"))).hasMessageContaining(PREFIX + "max-executors-per-run");
        assertThatThrownBy(() -> configure(with("projet", "my-project"))).hasMessageContaining(PREFIX + "projet is not a known setting")
                .hasMessageContaining("project");
    }

    @Test
    void aBackendOnAFakesEndpointNeedsNoCredentialsAndAProjectDataprocRefusesStopsTheProfile() throws Exception {
        try (FakeDataprocServer dataproc = FakeDataprocServer.start()) {
            Map<String, String> fake = with("endpoint", dataproc.endpoint());
            fake.put(PREFIX + "credentials", "none");
            fake.put(PREFIX + "project", FakeDataprocServer.PROJECT);
            BackendContext context = new BackendContext("serverless", Path.of("target", "work"), NO_ENGINE, Clock.systemUTC());

            EngineBackend backend = FACTORY.create(configure(fake), context);

            assertThat(backend.name()).isEqualTo("serverless");
            assertThat(backend.hosting()).isEqualTo(JobHosting.SERVICE);
            backend.close();

            dataproc.refuseProject("refused-project");
            fake.put(PREFIX + "project", "refused-project");
            assertThatThrownBy(() -> FACTORY.create(configure(fake), context)).isInstanceOf(SettingException.class)
                    .hasMessageStartingWith("project: Dataproc refuses project refused-project in region")
                    .hasMessageContaining("PERMISSION_DENIED");
        }
    }

    @Test
    void theModulesPageDocumentsEverySettingWithItsDefault() throws Exception {
        SettingsDocumentation.assertDocuments(Path.of("README.md"), FACTORY.settings());
    }
}
