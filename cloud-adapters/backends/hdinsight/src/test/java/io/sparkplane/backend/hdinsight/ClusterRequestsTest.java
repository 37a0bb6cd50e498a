package io.sparkplane.backend.hdinsight;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.resourcemanager.hdinsight.models.ClusterCreateParametersExtended;
import com.azure.resourcemanager.hdinsight.models.ClusterCreateProperties;
import com.azure.resourcemanager.hdinsight.models.OSType;
import com.azure.resourcemanager.hdinsight.models.ResourceIdentityType;
import com.azure.resourcemanager.hdinsight.models.Role;
import com.azure.resourcemanager.hdinsight.models.StorageAccount;
import com.azure.resourcemanager.hdinsight.models.Tier;
import io.sparkplane.backend.hdinsight.HdInsightConfiguration.Ephemeral;
import io.sparkplane.backend.hdinsight.HdInsightConfiguration.Storage;
import io.sparkplane.backend.hdinsight.HdInsightConfiguration.StorageType;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.settings.SecretReference;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The create of an ephemeral cluster, its name and its tags, field by field. */
class ClusterRequestsTest {

    private static final String PASSWORD = "Login-Passw0rd!";
    private static final String KEY = "c3RvcmFnZS1rZXk=";

    @Test
    void anAttemptsClusterIsNamedByAHashFirstThenByTheCharactersOfItsNameHdInsightTakes() {
        String runId = UUID.randomUUID().toString();
        String named = ClusterRequests.clusterName(ClusterSpec.nameFor(runId, 2));
        assertThat(named).matches("s[0-9a-f]{16}-sp-" + runId + "-2").matches(HdInsightConfiguration.CLUSTER_NAME.pattern());
        assertThat(ClusterRequests.clusterName(ClusterSpec.nameFor(runId, 2))).as("the same each time").isEqualTo(named);
        // HDInsight wants the first six characters of the clusters of one virtual network to differ
        assertThat(ClusterRequests.clusterName(ClusterSpec.nameFor(runId, 3)).substring(0, 6)).isNotEqualTo(named.substring(0, 6));

        String odd = ClusterRequests.clusterName("sp_Run.With Odd--Characters" + "x".repeat(80));
        assertThat(odd).matches(HdInsightConfiguration.CLUSTER_NAME.pattern()).hasSizeLessThanOrEqualTo(ClusterRequests.MOST_NAME)
                .contains("-sp-run-with-odd--characters");
        assertThat(ClusterRequests.clusterName("sp_Run.With Odd--Characters" + "x".repeat(81))).as("another name, another cluster").isNotEqualTo(odd);
        assertThat(ClusterRequests.clusterName("--")).matches(HdInsightConfiguration.CLUSTER_NAME.pattern());
    }

    @Test
    void theCreateIsASparkClusterOfTheProfilesVersionAndSizesWithTheAttemptsWorkers() {
        ClusterSpec spec = TestSpecs.python(UUID.randomUUID().toString(), 3, 8, Map.of());
        Ephemeral ephemeral = TestSpecs.ephemeral(1, Map.of("team", "data"));
        HdInsightConfiguration configuration = TestSpecs.ephemeral();

        ClusterCreateParametersExtended create = ClusterRequests.create(withEphemeral(configuration, ephemeral), "hdi", spec, PASSWORD,
                Optional.of(KEY));

        assertThat(create.location()).isEqualTo("westeurope");
        ClusterCreateProperties properties = create.properties();
        assertThat(properties.clusterVersion()).isEqualTo("5.1");
        assertThat(properties.osType()).isEqualTo(OSType.LINUX);
        assertThat(properties.tier()).isEqualTo(Tier.STANDARD);
        assertThat(properties.minSupportedTlsVersion()).isEqualTo("1.2");
        assertThat(properties.clusterDefinition().kind()).isEqualTo("spark");
        assertThat(properties.clusterDefinition().configurations()).isEqualTo(Map.of("gateway", Map.of("restAuthCredential.isEnabled", true,
                "restAuthCredential.username", "admin", "restAuthCredential.password", PASSWORD)));
        List<Role> roles = properties.computeProfile().roles();
        assertThat(roles).extracting(Role::name).containsExactly("headnode", "workernode", "zookeepernode");
        assertThat(roles).extracting(Role::targetInstanceCount).containsExactly(2, 3, 3);
        assertThat(roles).extracting(role -> role.hardwareProfile().vmSize()).containsExactly("Standard_E8_v3", "Standard_E8_v3", "Standard_A2_v2");
        for (Role role : roles) {
            assertThat(role.osProfile().linuxOperatingSystemProfile().username()).isEqualTo("sshuser");
            assertThat(role.osProfile().linuxOperatingSystemProfile().password()).as("no public key: the login's password").isEqualTo(PASSWORD);
            assertThat(role.virtualNetworkProfile()).isNull();
        }
        StorageAccount storage = properties.storageProfile().storageaccounts().get(0);
        assertThat(storage.name()).isEqualTo(TestSpecs.ACCOUNT + ".dfs.core.windows.net");
        assertThat(storage.isDefault()).isTrue();
        assertThat(storage.fileSystem()).as("a file system of the cluster's own").isEqualTo(ClusterRequests.clusterName(spec.clusterName()));
        assertThat(storage.container()).isNull();
        assertThat(storage.key()).isEqualTo(KEY);
        assertThat(create.identity()).isNull();
        assertThat(create.tags()).isEqualTo(Map.of("team", "data", "sparkplane-managed-by", "sparkplane", "sparkplane-profile", "hdi",
                "sparkplane-cluster", spec.clusterName(), "sparkplane-run-id", spec.launch().runId(), "sparkplane-attempt", "1"));
    }

    @Test
    void aClusterNeverHasFewerWorkerNodesThanTheProfilesFloor() {
        Ephemeral ephemeral = TestSpecs.ephemeral(2, Map.of());
        ClusterSpec spec = TestSpecs.python(UUID.randomUUID().toString(), 0, 8, Map.of());

        ClusterCreateParametersExtended create = ClusterRequests.create(withEphemeral(TestSpecs.ephemeral(), ephemeral), "hdi", spec, PASSWORD,
                Optional.of(KEY));

        assertThat(create.properties().computeProfile().roles().get(1).targetInstanceCount()).isEqualTo(2);
        assertThat(ClusterRequests.workerNodes(ephemeral, 5)).isEqualTo(5);
        assertThat(ClusterRequests.workerNodes(ephemeral, 0)).isEqualTo(2);
    }

    @Test
    void aManagedIdentityReachesAdlsGen2AndASubnetAndPublicKeyGoOnEveryRole() {
        String identity = "/subscriptions/" + TestSpecs.SUBSCRIPTION + "/resourceGroups/identities/providers/Microsoft.ManagedIdentity"
                + "/userAssignedIdentities/hdi-storage";
        String subnet = "/subscriptions/" + TestSpecs.SUBSCRIPTION + "/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/spark"
                + "/subnets/clusters";
        Storage storage = new Storage(StorageType.ADLS_GEN2, "lake.dfs.core.windows.net", Optional.of("clusters"), Optional.empty(),
                Optional.of(identity), "/subscriptions/" + TestSpecs.SUBSCRIPTION + "/resourceGroups/data/providers/Microsoft.Storage/storageAccounts/lake");
        Ephemeral ephemeral = new Ephemeral("eastus2", "5.0", "Standard_D13_v2", "Standard_D13_v2", "Standard_A2_v2", 1, storage,
                Optional.of(subnet), "ops", Optional.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE8t ops@example"), new TreeMap<>());

        ClusterCreateParametersExtended create = ClusterRequests.create(withEphemeral(TestSpecs.ephemeral(), ephemeral), "hdi",
                TestSpecs.python(2, 4), PASSWORD, Optional.empty());

        assertThat(create.identity().type()).isEqualTo(ResourceIdentityType.USER_ASSIGNED);
        assertThat(create.identity().userAssignedIdentities()).containsOnlyKeys(identity);
        StorageAccount account = create.properties().storageProfile().storageaccounts().get(0);
        assertThat(account.fileSystem()).isEqualTo("clusters");
        assertThat(account.key()).isNull();
        assertThat(account.msiResourceId()).isEqualTo(identity);
        assertThat(account.resourceId()).endsWith("/storageAccounts/lake");
        for (Role role : create.properties().computeProfile().roles()) {
            assertThat(role.virtualNetworkProfile().subnet()).isEqualTo(subnet);
            assertThat(role.virtualNetworkProfile().id()).isEqualTo(subnet.substring(0, subnet.indexOf("/subnets/")));
            assertThat(role.osProfile().linuxOperatingSystemProfile().password()).isNull();
            assertThat(role.osProfile().linuxOperatingSystemProfile().sshProfile().publicKeys().get(0).certificateData()).startsWith("ssh-ed25519");
        }
    }

    @Test
    void blobStorageIsAContainerWithAKey() {
        Storage storage = new Storage(StorageType.BLOB, "blobs.blob.core.windows.net", Optional.of("clusters"),
                Optional.of(SecretReference.parse("env:KEY")), Optional.empty(), "/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/blobs");
        Ephemeral ephemeral = new Ephemeral("westeurope", "5.1", "Standard_E8_v3", "Standard_E8_v3", "Standard_A2_v2", 1, storage,
                Optional.empty(), "sshuser", Optional.empty(), new TreeMap<>());

        StorageAccount account = ClusterRequests.create(withEphemeral(TestSpecs.ephemeral(), ephemeral), "hdi", TestSpecs.python(1, 2), PASSWORD,
                Optional.of(KEY)).properties().storageProfile().storageaccounts().get(0);

        assertThat(account.container()).isEqualTo("clusters");
        assertThat(account.fileSystem()).isNull();
        assertThat(account.key()).isEqualTo(KEY);
    }

    @Test
    void aClusterIsTheProfilesByItsTags() {
        ClusterSpec spec = TestSpecs.python(1, 2);
        Map<String, String> tags = ClusterRequests.tags(TestSpecs.ephemeral(1, Map.of()), "hdi", spec);

        assertThat(ClusterRequests.isOurs(tags, "hdi", spec.clusterName())).isTrue();
        assertThat(ClusterRequests.isOurs(tags, "other", spec.clusterName())).isFalse();
        assertThat(ClusterRequests.isOurs(tags, "hdi", "sp-other-1")).isFalse();
        assertThat(ClusterRequests.isOurs(null, "hdi", spec.clusterName())).isFalse();
        assertThat(ClusterRequests.isProfiles(tags, "hdi")).isTrue();
        assertThat(ClusterRequests.isProfiles(Map.of("sparkplane-profile", "hdi"), "hdi")).as("not managed by Sparkplane").isFalse();
    }

    private static HdInsightConfiguration withEphemeral(HdInsightConfiguration configuration, Ephemeral ephemeral) {
        return new HdInsightConfiguration(configuration.subscriptionId(), configuration.resourceGroup(), configuration.mode(),
                configuration.sharedCluster(), Optional.of(ephemeral), configuration.loginUsername(), configuration.loginPassword(),
                configuration.armEndpoint(), configuration.livyEndpoint(), configuration.credentials(), configuration.batchNamePrefix(),
                configuration.statusPollInterval(), configuration.provisioningTimeout(), configuration.deleteEndedBatches());
    }
}
