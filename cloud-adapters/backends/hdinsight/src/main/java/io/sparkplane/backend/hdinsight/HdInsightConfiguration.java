package io.sparkplane.backend.hdinsight;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.settings.SecretReference;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An {@code hdinsight} profile's settings, read and checked ({@link HdInsightBackendFactory}). Holds
 * references to credentials ({@link SecretReference}), never a credential: each is read when a call
 * needs it.
 *
 * @param subscriptionId the Azure subscription (a GUID)
 * @param resourceGroup the resource group of the shared cluster, or where ephemeral clusters are made
 * @param mode a shared cluster, or one per attempt
 * @param sharedCluster the shared cluster's name ({@link Mode#SHARED} only)
 * @param ephemeral how ephemeral clusters are made ({@link Mode#EPHEMERAL} only)
 * @param loginUsername the cluster's HTTP (gateway) login: Livy's Basic auth, and an ephemeral cluster's gateway user
 * @param loginPassword where that login's password is
 * @param armEndpoint Azure Resource Manager's endpoint ({@code https://management.azure.com})
 * @param livyEndpoint where a cluster's Livy is, {@code {cluster}} standing for the HDInsight cluster's name
 * @param credentials how calls to Azure Resource Manager authenticate
 * @param batchNamePrefix the first part of every Livy batch name this profile gives, so installations sharing a cluster tell theirs apart
 * @param statusPollInterval how long one look at a cluster or batch is reused
 * @param provisioningTimeout how long an attempt may take to start its job
 * @param deleteEndedBatches whether a terminate deletes a batch that ended (its log kept first)
 */
public record HdInsightConfiguration(
        String subscriptionId,
        String resourceGroup,
        Mode mode,
        Optional<String> sharedCluster,
        Optional<Ephemeral> ephemeral,
        String loginUsername,
        SecretReference loginPassword,
        URI armEndpoint,
        String livyEndpoint,
        Credentials credentials,
        String batchNamePrefix,
        Duration statusPollInterval,
        Duration provisioningTimeout,
        boolean deleteEndedBatches) {

    /** A subscription id: a GUID. */
    static final Pattern SUBSCRIPTION_ID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** Azure's rule for a resource group's name: 1 to 90 letters, digits, {@code _ - . ( )}, not ending in a dot. */
    static final Pattern RESOURCE_GROUP = Pattern.compile("[\\p{L}\\p{N}_.()-]{0,89}[\\p{L}\\p{N}_()-]");
    /** HDInsight's rule for a cluster's name: 3 to 59 letters, digits and hyphens, starting and ending with a letter or digit. */
    static final Pattern CLUSTER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9-]{1,57}[a-zA-Z0-9]");
    /** An Azure region's name as ARM takes it ({@code westeurope}, {@code eastus2}). */
    static final Pattern REGION = Pattern.compile("[a-z][a-z0-9]{2,39}");
    /** An HDInsight cluster version ({@code 5.1}, {@code 4.0}, {@code 5.1.3000.0}). */
    static final Pattern CLUSTER_VERSION = Pattern.compile("[0-9]{1,2}\\.[0-9]{1,2}(\\.[0-9]{1,6}){0,2}");
    /** A VM size ({@code Standard_E8_v3}). */
    static final Pattern VM_SIZE = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{1,63}");
    /** A gateway or SSH user name, as HDInsight takes it. */
    static final Pattern USER_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_.-]{0,31}");
    /** A batch-name prefix: plain characters, no {@code /} (the separator of a batch name's parts). */
    static final Pattern BATCH_NAME_PREFIX = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,39}");
    /** Sparkplane's own tags begin so; a profile's may not. */
    static final String OWN_TAG_PREFIX = "sparkplane-";
    /** Azure takes at most 50 tags on a resource; Sparkplane puts 5 of its own. */
    static final int MOST_PROFILE_TAGS = 45;

    public HdInsightConfiguration {
        requireNonNull(subscriptionId, "subscriptionId is null");
        requireNonNull(resourceGroup, "resourceGroup is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(sharedCluster, "sharedCluster is null");
        requireNonNull(ephemeral, "ephemeral is null");
        requireNonNull(loginUsername, "loginUsername is null");
        requireNonNull(loginPassword, "loginPassword is null");
        requireNonNull(armEndpoint, "armEndpoint is null");
        requireNonNull(livyEndpoint, "livyEndpoint is null");
        requireNonNull(credentials, "credentials is null");
        requireNonNull(batchNamePrefix, "batchNamePrefix is null");
        requireNonNull(statusPollInterval, "statusPollInterval is null");
        requireNonNull(provisioningTimeout, "provisioningTimeout is null");
        check(SUBSCRIPTION_ID, subscriptionId, "a subscription id");
        check(RESOURCE_GROUP, resourceGroup, "a resource group's name");
        check(USER_NAME, loginUsername, "a login user name");
        check(BATCH_NAME_PREFIX, batchNamePrefix, "a batch-name prefix");
        if (mode == Mode.SHARED && (sharedCluster.isEmpty() || ephemeral.isPresent())) {
            throw new IllegalArgumentException("shared mode names a cluster and makes none");
        }
        if (mode == Mode.EPHEMERAL && (sharedCluster.isPresent() || ephemeral.isEmpty())) {
            throw new IllegalArgumentException("ephemeral mode makes its clusters and names none");
        }
        sharedCluster.ifPresent(name -> check(CLUSTER_NAME, name, "an HDInsight cluster's name"));
        if (armEndpoint.getScheme().equals("http") != (credentials == Credentials.NONE)) {
            throw new IllegalArgumentException("an http:// endpoint goes with credentials none, and only it");
        }
        if (statusPollInterval.isNegative() || provisioningTimeout.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    private static void check(Pattern pattern, String value, String what) {
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("not " + what + ": " + value);
        }
    }

    /** The Livy endpoint of an HDInsight cluster, without a trailing {@code /}. */
    public URI livy(String hdInsightCluster) {
        return URI.create(livyEndpoint.replace(HdInsightBackendFactory.CLUSTER_PLACEHOLDER, hdInsightCluster).replaceAll("/+$", ""));
    }

    /** Where the profile's clusters run. */
    public enum Mode {
        /** An existing cluster takes every attempt's batch. */
        SHARED,
        /** A cluster per attempt, made and deleted by Sparkplane. */
        EPHEMERAL,
    }

    /** How calls to Azure Resource Manager authenticate. */
    public enum Credentials {
        /** azure-identity's DefaultAzureCredential: environment, workload identity, managed identity, Azure CLI. */
        DEFAULT,
        /** No bearer token: only for a fake at an {@code http://} endpoint. */
        NONE,
    }

    /** The kind of the ephemeral clusters' default storage. */
    public enum StorageType {
        /** Azure Data Lake Storage Gen2 ({@code abfss://}, the account's {@code dfs} endpoint): an account key or a managed identity. */
        ADLS_GEN2,
        /** Blob storage ({@code wasbs://}, the account's {@code blob} endpoint): an account key. */
        BLOB,
    }

    /**
     * How an ephemeral cluster is made.
     *
     * @param region the Azure region of the clusters
     * @param clusterVersion HDInsight's version ({@code 5.1}): it fixes the Spark version
     * @param headNodeSize the two head nodes' VM size
     * @param workerNodeSize the worker nodes' VM size
     * @param zookeeperNodeSize the three ZooKeeper nodes' VM size
     * @param minWorkerCount the fewest worker nodes a cluster has, whatever its run asks
     * @param storage the clusters' default storage
     * @param subnet the subnet the clusters join ({@code /subscriptions/.../virtualNetworks/<vnet>/subnets/<subnet>}); none: HDInsight's own network
     * @param sshUsername the nodes' SSH user
     * @param sshPublicKey the SSH user's public key; none: the SSH user takes the login password
     * @param tags put on every cluster beside Sparkplane's own
     */
    public record Ephemeral(
            String region,
            String clusterVersion,
            String headNodeSize,
            String workerNodeSize,
            String zookeeperNodeSize,
            int minWorkerCount,
            Storage storage,
            Optional<String> subnet,
            String sshUsername,
            Optional<String> sshPublicKey,
            SortedMap<String, String> tags) {

        public Ephemeral {
            requireNonNull(region, "region is null");
            requireNonNull(clusterVersion, "clusterVersion is null");
            requireNonNull(headNodeSize, "headNodeSize is null");
            requireNonNull(workerNodeSize, "workerNodeSize is null");
            requireNonNull(zookeeperNodeSize, "zookeeperNodeSize is null");
            requireNonNull(storage, "storage is null");
            requireNonNull(subnet, "subnet is null");
            requireNonNull(sshUsername, "sshUsername is null");
            requireNonNull(sshPublicKey, "sshPublicKey is null");
            tags = new TreeMap<>(requireNonNull(tags, "tags is null"));
            check(REGION, region, "a region");
            check(CLUSTER_VERSION, clusterVersion, "a cluster version");
            check(VM_SIZE, headNodeSize, "a VM size");
            check(VM_SIZE, workerNodeSize, "a VM size");
            check(VM_SIZE, zookeeperNodeSize, "a VM size");
            check(USER_NAME, sshUsername, "an SSH user name");
            if (minWorkerCount < 1) {
                throw new IllegalArgumentException("a cluster has at least one worker node");
            }
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                if (tag.getKey().startsWith(OWN_TAG_PREFIX)) {
                    throw new IllegalArgumentException("tags beginning " + OWN_TAG_PREFIX + " are Sparkplane's own: " + tag.getKey());
                }
            }
            if (tags.size() > MOST_PROFILE_TAGS) {
                throw new IllegalArgumentException("at most " + MOST_PROFILE_TAGS + " tags of a profile's own, not " + tags.size());
            }
        }
    }

    /**
     * An ephemeral cluster's default storage: an account, and a container (file system) in it.
     *
     * @param account the account's host name ({@code mystaging.dfs.core.windows.net})
     * @param container every cluster's container; none: a container of each cluster's own name, which HDInsight makes
     * @param key where the account key is (a key, or a managed identity, for ADLS Gen2; a key for Blob)
     * @param managedIdentity a user-assigned managed identity's resource id, given to the cluster to reach ADLS Gen2
     * @param accountResourceId the account's resource id, which HDInsight needs beside a managed identity
     */
    public record Storage(
            StorageType type,
            String account,
            Optional<String> container,
            Optional<SecretReference> key,
            Optional<String> managedIdentity,
            String accountResourceId) {

        /** An account's name: 3 to 24 lower-case letters and digits. */
        static final Pattern ACCOUNT_NAME = Pattern.compile("[a-z0-9]{3,24}");
        /** A container's (file system's) name: 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit. */
        static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");

        public Storage {
            requireNonNull(type, "type is null");
            requireNonNull(account, "account is null");
            requireNonNull(container, "container is null");
            requireNonNull(key, "key is null");
            requireNonNull(managedIdentity, "managedIdentity is null");
            requireNonNull(accountResourceId, "accountResourceId is null");
            container.ifPresent(name -> check(CONTAINER, name, "a container's name"));
            if (key.isPresent() == managedIdentity.isPresent()) {
                throw new IllegalArgumentException("the storage takes an account key or a managed identity, one of them");
            }
            if (type == StorageType.BLOB && managedIdentity.isPresent()) {
                throw new IllegalArgumentException("Blob storage takes an account key");
            }
        }

        /** The account's name, the first label of its host name. */
        public String accountName() {
            return account.substring(0, account.indexOf('.'));
        }
    }
}
