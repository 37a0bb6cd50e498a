package io.sparkplane.testkit.azure;

import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.hdinsight.HDInsightManager;
import com.azure.resourcemanager.hdinsight.models.Cluster;
import com.azure.resourcemanager.hdinsight.models.ClusterCreateProperties;
import com.azure.resourcemanager.hdinsight.models.ClusterDefinition;
import com.azure.resourcemanager.hdinsight.models.ComputeProfile;
import com.azure.resourcemanager.hdinsight.models.HardwareProfile;
import com.azure.resourcemanager.hdinsight.models.LinuxOperatingSystemProfile;
import com.azure.resourcemanager.hdinsight.models.OSType;
import com.azure.resourcemanager.hdinsight.models.OsProfile;
import com.azure.resourcemanager.hdinsight.models.Role;
import com.azure.resourcemanager.hdinsight.models.StorageAccount;
import com.azure.resourcemanager.hdinsight.models.StorageProfile;
import com.azure.resourcemanager.hdinsight.models.Tier;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The HDInsight management client as a backend with no credentials builds it: its own pipeline, no
 * bearer-token policy (plain HTTP to the fake), the SDK's retry policy with short waits.
 */
final class ArmClients {

    static final String SUBSCRIPTION = "00000000-0000-0000-0000-0000000000aa";
    static final String TENANT = "00000000-0000-0000-0000-0000000000bb";
    static final String GATEWAY_USER = "admin";
    static final String GATEWAY_PASSWORD = "Gateway-Secret-1";

    private ArmClients() {}

    static HDInsightManager manager(FakeHdInsightArmServer fake) {
        HttpPipeline pipeline = new HttpPipelineBuilder()
                .policies(new UserAgentPolicy(), new RetryPolicy(new ExponentialBackoff(3, Duration.ofMillis(50), Duration.ofSeconds(2))))
                .build();
        AzureEnvironment environment = new AzureEnvironment(Map.of("resourceManagerEndpointUrl", fake.endpoint().toString()));
        return HDInsightManager.authenticate(pipeline, new AzureProfile(TENANT, SUBSCRIPTION, environment));
    }

    /** A Spark cluster's definition as a backend writes it: login, head and worker nodes, default storage. */
    static Cluster.DefinitionStages.WithCreate sparkCluster(HDInsightManager manager, String resourceGroup, String name, int workers) {
        LinuxOperatingSystemProfile ssh = new LinuxOperatingSystemProfile().withUsername("sshuser").withPassword("Ssh-Secret-1");
        return manager.clusters().define(name)
                .withExistingResourceGroup(resourceGroup)
                .withRegion("eastus")
                .withTags(Map.of("sparkplane-run", "run-1", "sparkplane-attempt", "1"))
                .withProperties(new ClusterCreateProperties()
                        .withClusterVersion("5.1")
                        .withOsType(OSType.LINUX)
                        .withTier(Tier.STANDARD)
                        .withClusterDefinition(new ClusterDefinition()
                                .withKind("Spark")
                                .withComponentVersion(Map.of("Spark", "3.3"))
                                .withConfigurations(Map.of("gateway", Map.of(
                                        "restAuthCredential.isEnabled", true,
                                        "restAuthCredential.username", GATEWAY_USER,
                                        "restAuthCredential.password", GATEWAY_PASSWORD))))
                        .withComputeProfile(new ComputeProfile().withRoles(List.of(
                                new Role().withName("headnode").withTargetInstanceCount(2)
                                        .withHardwareProfile(new HardwareProfile().withVmSize("Standard_E8_V3"))
                                        .withOsProfile(new OsProfile().withLinuxOperatingSystemProfile(ssh)),
                                new Role().withName("workernode").withTargetInstanceCount(workers)
                                        .withHardwareProfile(new HardwareProfile().withVmSize("Standard_E16_V3"))
                                        .withOsProfile(new OsProfile().withLinuxOperatingSystemProfile(ssh)))))
                        .withStorageProfile(new StorageProfile().withStorageaccounts(List.of(new StorageAccount()
                                .withName("devstoreaccount1.blob.core.windows.net")
                                .withIsDefault(true)
                                .withContainer("staging")
                                .withKey("Storage-Key-Secret")))));
    }
}
