package io.sparkplane.backend.hdinsight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.backend.hdinsight.HdInsightConfiguration.Credentials;
import io.sparkplane.backend.hdinsight.HdInsightConfiguration.Ephemeral;
import io.sparkplane.backend.hdinsight.HdInsightConfiguration.Mode;
import io.sparkplane.backend.hdinsight.HdInsightConfiguration.Storage;
import io.sparkplane.backend.hdinsight.HdInsightConfiguration.StorageType;
import io.sparkplane.spi.engine.BackendLimits;
import io.sparkplane.spi.engine.EngineBackendFactory;
import io.sparkplane.spi.engine.JobHosting;
import io.sparkplane.spi.settings.SecretReference;
import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.testkit.FactorySettings;
import io.sparkplane.testkit.SettingsDocumentation;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HdInsightBackendFactoryTest {

    private static final String PREFIX = "sparkplane.backends.hdi.";
    private static final String SUBSCRIPTION = "8f2c6a7e-0b7e-4e39-9a43-2c1f3d1a9b11";
    private static final HdInsightBackendFactory FACTORY = new HdInsightBackendFactory();

    private static Map<String, String> shared() {
        Map<String, String> properties = new HashMap<>();
        properties.put(PREFIX + "type", "hdinsight");
        properties.put(PREFIX + "subscription-id", SUBSCRIPTION);
        properties.put(PREFIX + "resource-group", "analytics");
        properties.put(PREFIX + "cluster-name", "spark-shared");
        properties.put(PREFIX + "login-password", "env:HDI_PASSWORD");
        return properties;
    }

    private static Map<String, String> ephemeral() {
        Map<String, String> properties = shared();
        properties.remove(PREFIX + "cluster-name");
        properties.put(PREFIX + "mode", "ephemeral");
        properties.put(PREFIX + "region", "westeurope");
        properties.put(PREFIX + "storage-account", "mystaging");
        properties.put(PREFIX + "storage-key", "file:/run/secrets/storage-key");
        return properties;
    }

    private static HdInsightBackendFactory.Profile configure(Map<String, String> properties) {
        return FactorySettings.backend(FACTORY, "hdi", properties);
    }

    private static Map<String, String> with(Map<String, String> properties, String key, String value) {
        properties.put(PREFIX + key, value);
        return properties;
    }

    private static Map<String, String> without(Map<String, String> properties, String key) {
        properties.remove(PREFIX + key);
        return properties;
    }

    @Test
    void theTypeIsAServiceStagedInAzureStorageAndTheControlPlaneFindsIt() {
        assertThat(FACTORY.type()).isEqualTo("hdinsight");
        assertThat(FACTORY.hosting()).isEqualTo(JobHosting.SERVICE);
        assertThat(FACTORY.stagingSchemes()).isEqualTo(Set.of("abfss", "wasbs"));
        assertThat(ServiceLoader.load(EngineBackendFactory.class).stream().map(provider -> provider.type().getName()))
                .contains(HdInsightBackendFactory.class.getName());
    }

    @Test
    void aSharedProfileNamesItsClusterAndTakesEveryDefault() {
        HdInsightBackendFactory.Profile profile = configure(shared());

        assertThat(profile.configuration()).isEqualTo(new HdInsightConfiguration(SUBSCRIPTION, "analytics", Mode.SHARED, Optional.of("spark-shared"),
                Optional.empty(), "admin", SecretReference.parse("env:HDI_PASSWORD"), URI.create("https://management.azure.com"),
                "https://{cluster}.azurehdinsight.net/livy", Credentials.DEFAULT, "sparkplane", Duration.ofSeconds(10), Duration.ofMinutes(10),
                true));
        assertThat(profile.configuration().livy("spark-shared")).isEqualTo(URI.create("https://spark-shared.azurehdinsight.net/livy"));
        assertThat(profile.limits()).isEqualTo(new BackendLimits(10, 50));
        assertThat(FACTORY.limits(profile)).isEqualTo(profile.limits());
        assertThat(FACTORY.provisioningTimeout(profile)).contains(Duration.ofMinutes(10));
    }

    @Test
    void anEphemeralProfileTakesEveryDefault() {
        HdInsightBackendFactory.Profile profile = configure(ephemeral());

        Ephemeral ephemeral = profile.configuration().ephemeral().orElseThrow();
        assertThat(ephemeral).isEqualTo(new Ephemeral("westeurope", "5.1", "Standard_E8_v3", "Standard_E8_v3", "Standard_A2_v2", 1,
                new Storage(StorageType.ADLS_GEN2, "mystaging.dfs.core.windows.net", Optional.empty(),
                        Optional.of(SecretReference.parse("file:/run/secrets/storage-key")), Optional.empty(),
                        "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/analytics/providers/Microsoft.Storage/storageAccounts/mystaging"),
                Optional.empty(), "sshuser", Optional.empty(), new TreeMap<>()));
        assertThat(profile.configuration().mode()).isEqualTo(Mode.EPHEMERAL);
        assertThat(profile.configuration().sharedCluster()).isEmpty();
        assertThat(FACTORY.provisioningTimeout(profile)).contains(Duration.ofMinutes(45));
    }

    @Test
    void everySettingReachesTheConfiguration() {
        Map<String, String> properties = ephemeral();
        String identity = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities/hdi";
        String subnet = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/spark/subnets/hdi";
        properties.remove(PREFIX + "storage-key");
        with(properties, "cluster-version", "5.0");
        with(properties, "head-node-size", "Standard_D13_v2");
        with(properties, "worker-node-size", "Standard_D14_v2");
        with(properties, "zookeeper-node-size", "Standard_A4_v2");
        with(properties, "min-worker-count", "3");
        with(properties, "storage-account", "lake.dfs.core.windows.net");
        with(properties, "storage-container", "clusters");
        with(properties, "storage-managed-identity", identity);
        with(properties, "storage-resource-group", "data");
        with(properties, "subnet", subnet);
        with(properties, "login-username", "gateway");
        with(properties, "login-password", "file:/run/secrets/hdi-login");
        with(properties, "ssh-username", "ops");
        with(properties, "ssh-public-key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE8t ops@example");
        with(properties, "tags.team", "data");
        with(properties, "tags.\"cost center\"", " c42 ");
        with(properties, "arm-endpoint", "https://management.chinacloudapi.cn/");
        with(properties, "livy-endpoint", "https://{cluster}-int.azurehdinsight.cn/livy/");
        with(properties, "batch-name-prefix", "prod");
        with(properties, "status-poll-interval", "PT30S");
        with(properties, "provisioning-timeout", "PT1H");
        with(properties, "delete-ended-batches", "false");
        with(properties, "max-concurrent-runs", "4");
        with(properties, "max-executors-per-run", "20");

        HdInsightBackendFactory.Profile profile = configure(properties);

        assertThat(profile.configuration()).isEqualTo(new HdInsightConfiguration(SUBSCRIPTION, "analytics", Mode.EPHEMERAL, Optional.empty(),
                Optional.of(new Ephemeral("westeurope", "5.0", "Standard_D13_v2", "Standard_D14_v2", "Standard_A4_v2", 3,
                        new Storage(StorageType.ADLS_GEN2, "lake.dfs.core.windows.net", Optional.of("clusters"), Optional.empty(),
                                Optional.of(identity), "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/data/providers/Microsoft.Storage/storageAccounts/lake"),
                        Optional.of(subnet), "ops", Optional.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE8t ops@example"),
                        new TreeMap<>(Map.of("team", "data", "cost center", "c42")))),
                "gateway", SecretReference.parse("file:/run/secrets/hdi-login"), URI.create("https://management.chinacloudapi.cn"),
                "https://{cluster}-int.azurehdinsight.cn/livy", Credentials.DEFAULT, "prod", Duration.ofSeconds(30), Duration.ofHours(1), false));
        assertThat(profile.configuration().livy("sp-1-1")).isEqualTo(URI.create("https://sp-1-1-int.azurehdinsight.cn/livy"));
        assertThat(profile.limits()).isEqualTo(new BackendLimits(4, 20));
        assertThat(ArmClients.scope(profile.configuration())).isEqualTo("https://management.chinacloudapi.cn/.default");
        assertThat(ArmClients.profile(profile.configuration()).getEnvironment().getResourceManagerEndpoint())
                .isEqualTo("https://management.chinacloudapi.cn/");
    }

    @Test
    void blobStorageTakesItsEndpointAndAKey() {
        Storage storage = configure(with(ephemeral(), "storage-type", "blob")).configuration().ephemeral().orElseThrow().storage();
        assertThat(storage.type()).isEqualTo(StorageType.BLOB);
        assertThat(storage.account()).isEqualTo("mystaging.blob.core.windows.net");
        assertThat(storage.accountName()).isEqualTo("mystaging");

        Map<String, String> dfs = with(with(ephemeral(), "storage-type", "blob"), "storage-account", "mystaging.dfs.core.windows.net");
        assertThatThrownBy(() -> configure(dfs)).isInstanceOf(SettingException.class).hasMessageContaining(PREFIX + "storage-account")
                .hasMessageContaining("blob endpoint");
        Map<String, String> identity = with(without(with(ephemeral(), "storage-type", "blob"), "storage-key"), "storage-managed-identity",
                "/subscriptions/x/resourceGroups/y/providers/Microsoft.ManagedIdentity/userAssignedIdentities/z");
        assertThatThrownBy(() -> configure(identity)).isInstanceOf(SettingException.class).hasMessageContaining(PREFIX + "storage-managed-identity")
                .hasMessageContaining(PREFIX + "storage-key");
    }

    @Test
    void eachModeTakesItsOwnSettingsOnly() {
        assertThatThrownBy(() -> configure(without(shared(), "cluster-name"))).isInstanceOf(SettingException.class)
                .hasMessageContaining(PREFIX + "cluster-name is required with " + PREFIX + "mode=shared");
        assertThatThrownBy(() -> configure(with(shared(), "region", "westeurope"))).isInstanceOf(SettingException.class)
                .hasMessageContaining(PREFIX + "region is for " + PREFIX + "mode=ephemeral");
        assertThatThrownBy(() -> configure(with(shared(), "tags.team", "data"))).hasMessageContaining(PREFIX + "tags");
        assertThatThrownBy(() -> configure(with(ephemeral(), "cluster-name", "spark-shared"))).isInstanceOf(SettingException.class)
                .hasMessageContaining(PREFIX + "cluster-name is for " + PREFIX + "mode=shared");
        assertThatThrownBy(() -> configure(without(ephemeral(), "region"))).hasMessageContaining(PREFIX + "region is required");
        assertThatThrownBy(() -> configure(without(ephemeral(), "storage-account"))).hasMessageContaining(PREFIX + "storage-account is required");
        assertThatThrownBy(() -> configure(without(ephemeral(), "storage-key"))).hasMessageContaining(PREFIX + "storage-key or "
                + PREFIX + "storage-managed-identity is required");
        assertThatThrownBy(() -> configure(with(ephemeral(), "storage-managed-identity",
                "/subscriptions/x/resourceGroups/y/providers/Microsoft.ManagedIdentity/userAssignedIdentities/z")))
                .hasMessageContaining("both set");
        assertThatThrownBy(() -> configure(with(ephemeral(), "storage-resource-group", "data")))
                .hasMessageContaining(PREFIX + "storage-resource-group goes with " + PREFIX + "storage-managed-identity");
        assertThatThrownBy(() -> configure(with(ephemeral(), "mode", "per-run"))).hasMessageContaining(PREFIX + "mode")
                .hasMessageContaining("shared").hasMessageContaining("ephemeral");
        assertThatThrownBy(() -> configure(with(ephemeral(), "livy-endpoint", "https://spark.example.com/livy")))
                .hasMessageContaining(PREFIX + "livy-endpoint").hasMessageContaining("{cluster}");
    }

    @Test
    void theLoginPasswordIsARequiredReferenceNeverShown() {
        assertThatThrownBy(() -> configure(without(shared(), "login-password"))).isInstanceOf(SettingException.class)
                .hasMessageContaining(PREFIX + "login-password is required");
        assertThatThrownBy(() -> configure(with(shared(), "login-password", "Hunter2-Hunter2!"))).isInstanceOf(SettingException.class)
                .hasMessageContaining(PREFIX + "login-password").hasMessageNotContaining("Hunter2");
        assertThatThrownBy(() -> configure(with(ephemeral(), "storage-key", "a2V5LWtleS1rZXk="))).isInstanceOf(SettingException.class)
                .hasMessageContaining(PREFIX + "storage-key").hasMessageNotContaining("a2V5");
        assertThat(FactorySettingsView.shown(shared())).doesNotContain("env:HDI_PASSWORD");
    }

    @Test
    void plaintextEndpointsAreForAFakeWithoutCredentialsOnly() {
        Map<String, String> fake = with(with(with(shared(), "arm-endpoint", "http://127.0.0.1:8123"), "livy-endpoint",
                "http://127.0.0.1:8123/{cluster}/livy"), "credentials", "none");
        HdInsightConfiguration configuration = configure(fake).configuration();
        assertThat(configuration.armEndpoint()).isEqualTo(URI.create("http://127.0.0.1:8123"));
        assertThat(configuration.credentials()).isEqualTo(Credentials.NONE);
        assertThat(configuration.livy("spark-shared")).isEqualTo(URI.create("http://127.0.0.1:8123/spark-shared/livy"));

        assertThatThrownBy(() -> configure(with(shared(), "arm-endpoint", "http://127.0.0.1:8123"))).isInstanceOf(SettingException.class)
                .hasMessageContaining(PREFIX + "arm-endpoint is http://").hasMessageContaining(PREFIX + "credentials=none");
        assertThatThrownBy(() -> configure(with(shared(), "livy-endpoint", "http://{cluster}.example.com/livy")))
                .hasMessageContaining(PREFIX + "livy-endpoint is http://");
        assertThatThrownBy(() -> configure(with(shared(), "credentials", "none"))).hasMessageContaining(PREFIX + "credentials=none is for a fake");
        assertThatThrownBy(() -> configure(with(shared(), "credentials", "service-principal"))).hasMessageContaining(PREFIX + "credentials");
        assertThatThrownBy(() -> configure(with(shared(), "arm-endpoint", "https://management.azure.com/subscriptions")))
                .hasMessageContaining(PREFIX + "arm-endpoint");
        assertThatThrownBy(() -> configure(with(shared(), "livy-endpoint", "ftp://{cluster}/livy"))).hasMessageContaining(PREFIX + "livy-endpoint");
    }

    @Test
    void namesAndSizesAreWhatAzureTakes() {
        for (String subscription : List.of("my-subscription", "8f2c6a7e0b7e4e399a432c1f3d1a9b11", "")) {
            assertThatThrownBy(() -> configure(with(shared(), "subscription-id", subscription))).as(subscription)
                    .isInstanceOf(SettingException.class).hasMessageContaining(PREFIX + "subscription-id");
        }
        assertThatThrownBy(() -> configure(with(shared(), "resource-group", "ends-with-dot."))).hasMessageContaining(PREFIX + "resource-group");
        assertThatThrownBy(() -> configure(with(shared(), "resource-group", "has space"))).hasMessageContaining(PREFIX + "resource-group");
        for (String cluster : List.of("ab", "-spark", "spark-", "spark_cluster", "a".repeat(60))) {
            assertThatThrownBy(() -> configure(with(shared(), "cluster-name", cluster))).as(cluster).hasMessageContaining(PREFIX + "cluster-name");
        }
        assertThatThrownBy(() -> configure(with(ephemeral(), "region", "West Europe"))).hasMessageContaining(PREFIX + "region");
        assertThatThrownBy(() -> configure(with(ephemeral(), "cluster-version", "latest"))).hasMessageContaining(PREFIX + "cluster-version");
        assertThatThrownBy(() -> configure(with(ephemeral(), "worker-node-size", "Standard E8"))).hasMessageContaining(PREFIX + "worker-node-size");
        assertThatThrownBy(() -> configure(with(ephemeral(), "min-worker-count", "0"))).hasMessageContaining(PREFIX + "min-worker-count");
        assertThatThrownBy(() -> configure(with(ephemeral(), "storage-account", "My_Staging"))).hasMessageContaining(PREFIX + "storage-account");
        assertThatThrownBy(() -> configure(with(ephemeral(), "storage-container", "Clusters"))).hasMessageContaining(PREFIX + "storage-container");
        assertThatThrownBy(() -> configure(with(ephemeral(), "storage-container", "a--b"))).hasMessageContaining(PREFIX + "storage-container");
        assertThatThrownBy(() -> configure(with(ephemeral(), "subnet", "spark/hdi"))).hasMessageContaining(PREFIX + "subnet");
        assertThatThrownBy(() -> configure(with(ephemeral(), "ssh-public-key", "my key"))).hasMessageContaining(PREFIX + "ssh-public-key");
        assertThatThrownBy(() -> configure(with(ephemeral(), "ssh-username", "admin"))).hasMessageContaining(PREFIX + "ssh-username")
                .hasMessageContaining(PREFIX + "login-username");
        assertThatThrownBy(() -> configure(with(shared(), "login-username", "1admin"))).hasMessageContaining(PREFIX + "login-username");
        assertThatThrownBy(() -> configure(with(shared(), "batch-name-prefix", "a/b"))).hasMessageContaining(PREFIX + "batch-name-prefix");
    }

    @Test
    void tagsKeepToAzuresRulesAndLeaveSparkplanesOwnAlone() {
        assertThatThrownBy(() -> configure(with(ephemeral(), "tags.sparkplane-profile", "other"))).isInstanceOf(SettingException.class)
                .hasMessageContaining(PREFIX + "tags.sparkplane-profile").hasMessageContaining("Sparkplane's own");
        assertThatThrownBy(() -> configure(with(ephemeral(), "tags.\"a/b\"", "x"))).hasMessageContaining(PREFIX + "tags.a/b");
        assertThatThrownBy(() -> configure(with(ephemeral(), "tags.team", "x".repeat(257)))).hasMessageContaining(PREFIX + "tags.team");
        Map<String, String> many = ephemeral();
        for (int i = 0; i < 46; i++) {
            many.put(PREFIX + "tags.t" + i, "v");
        }
        assertThatThrownBy(() -> configure(many)).hasMessageContaining(PREFIX + "tags").hasMessageContaining("45");
    }

    @Test
    void otherMistakesNameTheirKeys() {
        assertThatThrownBy(() -> configure(with(shared(), "provisioning-timeout", "PT30S"))).hasMessageContaining(PREFIX + "provisioning-timeout");
        assertThatThrownBy(() -> configure(with(ephemeral(), "provisioning-timeout", "PT10M"))).hasMessageContaining(PREFIX + "provisioning-timeout")
                .hasMessageContaining("15 to 25 minutes");
        assertThatThrownBy(() -> configure(with(shared(), "status-poll-interval", "-PT1S"))).hasMessageContaining(PREFIX + "status-poll-interval");
        assertThatThrownBy(() -> configure(with(shared(), "delete-ended-batches", "sometimes"))).hasMessageContaining(PREFIX + "delete-ended-batches");
        assertThatThrownBy(() -> configure(with(shared(), "max-executors-per-run", "0"))).hasMessageContaining(PREFIX + "max-executors-per-run");
        assertThatThrownBy(() -> configure(with(shared(), "clustername", "x"))).hasMessageContaining(PREFIX + "clustername is not a known setting")
                .hasMessageContaining("cluster-name");
    }

    @Test
    void theModulesPageDocumentsEverySettingWithItsDefault() throws Exception {
        SettingsDocumentation.assertDocuments(Path.of("README.md"), FACTORY.settings());
    }

    /** How the control plane shows a profile's settings in its log. */
    private static final class FactorySettingsView {
        static String shown(Map<String, String> properties) {
            Map<String, String> settings = new HashMap<>();
            properties.forEach((key, value) -> settings.put(key.substring(PREFIX.length()), value));
            settings.remove("type");
            return io.sparkplane.spi.settings.Settings.of(PREFIX, settings, FACTORY.settings()).toString();
        }
    }
}
