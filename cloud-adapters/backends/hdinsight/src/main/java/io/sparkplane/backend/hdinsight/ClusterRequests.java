package io.sparkplane.backend.hdinsight;

import com.azure.resourcemanager.hdinsight.models.ClusterCreateParametersExtended;
import com.azure.resourcemanager.hdinsight.models.ClusterCreateProperties;
import com.azure.resourcemanager.hdinsight.models.ClusterDefinition;
import com.azure.resourcemanager.hdinsight.models.ClusterIdentity;
import com.azure.resourcemanager.hdinsight.models.ComputeProfile;
import com.azure.resourcemanager.hdinsight.models.HardwareProfile;
import com.azure.resourcemanager.hdinsight.models.LinuxOperatingSystemProfile;
import com.azure.resourcemanager.hdinsight.models.OSType;
import com.azure.resourcemanager.hdinsight.models.OsProfile;
import com.azure.resourcemanager.hdinsight.models.ResourceIdentityType;
import com.azure.resourcemanager.hdinsight.models.Role;
import com.azure.resourcemanager.hdinsight.models.SshProfile;
import com.azure.resourcemanager.hdinsight.models.SshPublicKey;
import com.azure.resourcemanager.hdinsight.models.StorageAccount;
import com.azure.resourcemanager.hdinsight.models.StorageProfile;
import com.azure.resourcemanager.hdinsight.models.Tier;
import com.azure.resourcemanager.hdinsight.models.UserAssignedIdentity;
import com.azure.resourcemanager.hdinsight.models.VirtualNetworkProfile;
import io.sparkplane.backend.hdinsight.HdInsightConfiguration.Ephemeral;
import io.sparkplane.backend.hdinsight.HdInsightConfiguration.Storage;
import io.sparkplane.backend.hdinsight.HdInsightConfiguration.StorageType;
import io.sparkplane.spi.engine.ClusterSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The requests of an ephemeral cluster on Azure Resource Manager: its name, its tags (by which
 * Sparkplane finds it again), and the create of an HDInsight Spark cluster of the profile's version
 * and sizes with two head nodes, the worker nodes the attempt starts with and three ZooKeeper nodes,
 * its gateway (HTTP) login for Livy, its SSH user and its default storage. The credentials are
 * given by the caller, read from their references just before the call. Pure.
 */
final class ClusterRequests {

    static final String TAG_MANAGED_BY = "sparkplane-managed-by";
    static final String TAG_PROFILE = "sparkplane-profile";
    static final String TAG_CLUSTER = "sparkplane-cluster";
    static final String TAG_RUN_ID = "sparkplane-run-id";
    static final String TAG_ATTEMPT = "sparkplane-attempt";
    /**
     * Set once the attempt's batch was submitted, to its Livy batch id: the durable record that it
     * was, so that a restarted control plane that finds no batch (Livy forgets an ended one after
     * {@code livy.server.session.state-retain.sec}) never submits the job a second time.
     */
    static final String TAG_BATCH = "sparkplane-batch";
    static final String SPARKPLANE = "sparkplane";
    static final String HEAD_NODE = "headnode";
    static final String WORKER_NODE = "workernode";
    static final String ZOOKEEPER_NODE = "zookeepernode";
    /** HDInsight takes 3 to 59 characters for a cluster's name. */
    static final int MOST_NAME = 59;
    private static final Pattern NOT_NAME = Pattern.compile("[^a-z0-9-]+");
    private static final int HASH_LENGTH = 16;

    private ClusterRequests() {}

    /**
     * The HDInsight cluster of a Sparkplane cluster name: {@code s}, a hash of the name, then the
     * name's characters HDInsight takes ({@code s1f3a...-sp-<run id>-<attempt>}). The hash comes
     * first because HDInsight wants the first six characters of the clusters in one virtual network
     * to differ, and Sparkplane's names all begin {@code sp-}; the name after it says whose cluster it
     * is. Global: it is the cluster's DNS name.
     */
    static String clusterName(String sparkplaneName) {
        String cleaned = NOT_NAME.matcher(sparkplaneName.toLowerCase(Locale.ROOT)).replaceAll("-").replaceAll("^-+|-+$", "");
        String start = "s" + hash(sparkplaneName);
        String rest = cleaned.substring(0, Math.min(cleaned.length(), MOST_NAME - start.length() - 1)).replaceAll("-+$", "");
        return rest.isEmpty() ? start : start + "-" + rest;
    }

    /** The tags of the attempt's cluster: Sparkplane's own, then the profile's. */
    static Map<String, String> tags(Ephemeral ephemeral, String profile, ClusterSpec spec) {
        Map<String, String> tags = new TreeMap<>(ephemeral.tags());
        tags.put(TAG_MANAGED_BY, SPARKPLANE);
        tags.put(TAG_PROFILE, profile);
        tags.put(TAG_CLUSTER, spec.clusterName());
        tags.put(TAG_RUN_ID, spec.launch().runId());
        tags.put(TAG_ATTEMPT, Integer.toString(spec.launch().attempt()));
        return tags;
    }

    /** Whether a cluster's tags say it is this profile's cluster of that name. */
    static boolean isOurs(Map<String, String> tags, String profile, String clusterName) {
        return tags != null && SPARKPLANE.equals(tags.get(TAG_MANAGED_BY)) && profile.equals(tags.get(TAG_PROFILE))
                && clusterName.equals(tags.get(TAG_CLUSTER));
    }

    /** Whether a cluster's tags say it is one of this profile's. */
    static boolean isProfiles(Map<String, String> tags, String profile) {
        return tags != null && SPARKPLANE.equals(tags.get(TAG_MANAGED_BY)) && profile.equals(tags.get(TAG_PROFILE)) && tags.get(TAG_CLUSTER) != null;
    }

    /** The worker nodes for a count of executors: one executor per worker node, never fewer than the profile's floor. */
    static int workerNodes(Ephemeral ephemeral, int executors) {
        return Math.max(ephemeral.minWorkerCount(), executors);
    }

    /**
     * The create of the attempt's cluster.
     *
     * @param loginPassword the gateway login's password (and the SSH user's, without a public key)
     * @param storageKey the storage account's key, when the profile reaches its storage with one
     */
    static ClusterCreateParametersExtended create(HdInsightConfiguration configuration, String profile, ClusterSpec spec, String loginPassword,
            Optional<String> storageKey) {
        Ephemeral ephemeral = configuration.ephemeral().orElseThrow(() -> new IllegalStateException("not an ephemeral profile"));
        String name = clusterName(spec.clusterName());
        Storage storage = ephemeral.storage();
        ClusterCreateProperties properties = new ClusterCreateProperties()
                .withClusterVersion(ephemeral.clusterVersion())
                .withOsType(OSType.LINUX)
                .withTier(Tier.STANDARD)
                .withMinSupportedTlsVersion("1.2")
                .withClusterDefinition(new ClusterDefinition()
                        .withKind("spark")
                        .withConfigurations(Map.of("gateway", gateway(configuration.loginUsername(), loginPassword))))
                .withComputeProfile(new ComputeProfile().withRoles(List.of(
                        role(HEAD_NODE, 2, ephemeral.headNodeSize(), ephemeral, loginPassword),
                        role(WORKER_NODE, workerNodes(ephemeral, spec.initialWorkers()), ephemeral.workerNodeSize(), ephemeral, loginPassword),
                        role(ZOOKEEPER_NODE, 3, ephemeral.zookeeperNodeSize(), ephemeral, loginPassword))))
                .withStorageProfile(new StorageProfile().withStorageaccounts(List.of(storageAccount(storage, name, storageKey))));
        ClusterCreateParametersExtended create = new ClusterCreateParametersExtended()
                .withLocation(ephemeral.region())
                .withTags(tags(ephemeral, profile, spec))
                .withProperties(properties);
        storage.managedIdentity().ifPresent(identity -> create.withIdentity(new ClusterIdentity()
                .withType(ResourceIdentityType.USER_ASSIGNED)
                .withUserAssignedIdentities(Map.of(identity, new UserAssignedIdentity()))));
        return create;
    }

    /** HDInsight's gateway: the HTTP login Livy (and Ambari) take with Basic auth. */
    private static Map<String, Object> gateway(String username, String password) {
        Map<String, Object> gateway = new LinkedHashMap<>();
        gateway.put("restAuthCredential.isEnabled", true);
        gateway.put("restAuthCredential.username", username);
        gateway.put("restAuthCredential.password", password);
        return gateway;
    }

    private static Role role(String name, int count, String vmSize, Ephemeral ephemeral, String loginPassword) {
        LinuxOperatingSystemProfile linux = new LinuxOperatingSystemProfile().withUsername(ephemeral.sshUsername());
        if (ephemeral.sshPublicKey().isPresent()) {
            linux.withSshProfile(new SshProfile().withPublicKeys(List.of(new SshPublicKey().withCertificateData(ephemeral.sshPublicKey().get()))));
        } else {
            linux.withPassword(loginPassword);
        }
        Role role = new Role()
                .withName(name)
                .withTargetInstanceCount(count)
                .withHardwareProfile(new HardwareProfile().withVmSize(vmSize))
                .withOsProfile(new OsProfile().withLinuxOperatingSystemProfile(linux));
        ephemeral.subnet().ifPresent(subnet -> role.withVirtualNetworkProfile(new VirtualNetworkProfile()
                .withId(subnet.substring(0, subnet.toLowerCase(Locale.ROOT).indexOf("/subnets/")))
                .withSubnet(subnet)));
        return role;
    }

    /** The cluster's default storage: the profile's container, else one named after the cluster (HDInsight makes it). */
    private static StorageAccount storageAccount(Storage storage, String clusterName, Optional<String> key) {
        String container = storage.container().orElse(clusterName);
        StorageAccount account = new StorageAccount().withName(storage.account()).withIsDefault(true);
        if (storage.type() == StorageType.ADLS_GEN2) {
            account.withFileSystem(container);
        } else {
            account.withContainer(container);
        }
        if (storage.managedIdentity().isPresent()) {
            account.withResourceId(storage.accountResourceId()).withMsiResourceId(storage.managedIdentity().get());
        } else {
            account.withKey(key.orElseThrow(() -> new IllegalArgumentException("the storage account's key is not given")));
        }
        return account;
    }

    private static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
