package io.sparkplane.backend.hdinsight;

import static java.util.Objects.requireNonNull;

import io.sparkplane.backend.hdinsight.HdInsightConfiguration.Credentials;
import io.sparkplane.backend.hdinsight.HdInsightConfiguration.Ephemeral;
import io.sparkplane.backend.hdinsight.HdInsightConfiguration.Mode;
import io.sparkplane.backend.hdinsight.HdInsightConfiguration.Storage;
import io.sparkplane.backend.hdinsight.HdInsightConfiguration.StorageType;
import io.sparkplane.spi.engine.BackendContext;
import io.sparkplane.spi.engine.BackendLimits;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendFactory;
import io.sparkplane.spi.engine.JobHosting;
import io.sparkplane.spi.settings.SecretReference;
import io.sparkplane.spi.settings.Setting;
import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.spi.settings.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Engine profiles of type {@code hdinsight}: each attempt is one Livy batch on an Azure HDInsight
 * Spark cluster, either a cluster the profile shares ({@code mode=shared}, the default: HDInsight
 * takes 15 to 25 minutes to make a cluster) or one made for the attempt and deleted after it
 * ({@code mode=ephemeral}, through azure-resourcemanager-hdinsight). Calls to Azure Resource Manager
 * authenticate with azure-identity's DefaultAzureCredential; Livy takes the cluster's HTTP login, whose
 * password the profile names by reference ({@code env:} or {@code file:}) and Sparkplane never stores.
 */
public final class HdInsightBackendFactory implements EngineBackendFactory<HdInsightBackendFactory.Profile> {

    public static final String TYPE = "hdinsight";
    /** What {@code livy-endpoint} writes for the HDInsight cluster's name. */
    static final String CLUSTER_PLACEHOLDER = "{cluster}";
    static final String SUBSCRIPTION_ID = "subscription-id";
    static final String RESOURCE_GROUP = "resource-group";
    static final String MODE = "mode";
    static final String CLUSTER_NAME = "cluster-name";
    static final String REGION = "region";
    static final String CLUSTER_VERSION = "cluster-version";
    static final String HEAD_NODE_SIZE = "head-node-size";
    static final String WORKER_NODE_SIZE = "worker-node-size";
    static final String ZOOKEEPER_NODE_SIZE = "zookeeper-node-size";
    static final String MIN_WORKER_COUNT = "min-worker-count";
    static final String STORAGE_TYPE = "storage-type";
    static final String STORAGE_ACCOUNT = "storage-account";
    static final String STORAGE_CONTAINER = "storage-container";
    static final String STORAGE_KEY = "storage-key";
    static final String STORAGE_MANAGED_IDENTITY = "storage-managed-identity";
    static final String STORAGE_RESOURCE_GROUP = "storage-resource-group";
    static final String SUBNET = "subnet";
    static final String LOGIN_USERNAME = "login-username";
    static final String LOGIN_PASSWORD = "login-password";
    static final String SSH_USERNAME = "ssh-username";
    static final String SSH_PUBLIC_KEY = "ssh-public-key";
    static final String TAGS = "tags";
    static final String ARM_ENDPOINT = "arm-endpoint";
    static final String LIVY_ENDPOINT = "livy-endpoint";
    static final String CREDENTIALS = "credentials";
    static final String BATCH_NAME_PREFIX = "batch-name-prefix";
    static final String STATUS_POLL_INTERVAL = "status-poll-interval";
    static final String PROVISIONING_TIMEOUT = "provisioning-timeout";
    static final String DELETE_ENDED_BATCHES = "delete-ended-batches";
    /** How long a shared cluster's batch may take to start, and an ephemeral cluster to be made and start its batch, unless set. */
    static final Duration SHARED_PROVISIONING_TIMEOUT = Duration.ofMinutes(10);
    static final Duration EPHEMERAL_PROVISIONING_TIMEOUT = Duration.ofMinutes(45);
    /** Settings that only an ephemeral profile takes. */
    private static final List<String> EPHEMERAL_ONLY = List.of(REGION, CLUSTER_VERSION, HEAD_NODE_SIZE, WORKER_NODE_SIZE, ZOOKEEPER_NODE_SIZE,
            MIN_WORKER_COUNT, STORAGE_TYPE, STORAGE_ACCOUNT, STORAGE_CONTAINER, STORAGE_KEY, STORAGE_MANAGED_IDENTITY, STORAGE_RESOURCE_GROUP, SUBNET,
            SSH_USERNAME, SSH_PUBLIC_KEY);
    /** A storage account: its name, or its host name ({@code mystaging.dfs.core.windows.net}). */
    private static final Pattern STORAGE_ACCOUNT_HOST = Pattern.compile("([a-z0-9]{3,24})(\\.(blob|dfs)(\\.[a-z0-9-]+)+)?");
    /** A subnet's resource id. */
    private static final Pattern SUBNET_ID = Pattern.compile("(?i)(/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Network/virtualNetworks/[^/]+)"
            + "/subnets/[^/]+");
    /** A user-assigned managed identity's resource id. */
    private static final Pattern MANAGED_IDENTITY_ID = Pattern.compile(
            "(?i)/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.ManagedIdentity/userAssignedIdentities/[^/]+");
    /** An OpenSSH public key's line. */
    private static final Pattern SSH_KEY = Pattern.compile("(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]{16,}( .*)?");
    private static final Pattern TAG_NAME = Pattern.compile("[^<>%&\\\\?/]{1,512}");
    private static final List<Setting> SETTINGS;

    static {
        List<Setting> settings = new ArrayList<>(List.of(
                Setting.required(SUBSCRIPTION_ID, "the Azure subscription of the clusters (a GUID)"),
                Setting.required(RESOURCE_GROUP, "the resource group of the shared cluster, or where ephemeral clusters are made"),
                Setting.of(MODE, "shared", "shared: every attempt's batch on the existing cluster cluster-name; ephemeral: a cluster per attempt"),
                Setting.optional(CLUSTER_NAME, "the shared cluster's name (mode=shared)"),
                Setting.optional(REGION, "the Azure region of ephemeral clusters (westeurope)"),
                Setting.of(CLUSTER_VERSION, "5.1", "the HDInsight version of ephemeral clusters (5.1: Spark 3.3)"),
                Setting.of(HEAD_NODE_SIZE, "Standard_E8_v3", "the VM size of an ephemeral cluster's two head nodes"),
                Setting.of(WORKER_NODE_SIZE, "Standard_E8_v3", "the VM size of an ephemeral cluster's worker nodes"),
                Setting.of(ZOOKEEPER_NODE_SIZE, "Standard_A2_v2", "the VM size of an ephemeral cluster's three ZooKeeper nodes"),
                Setting.of(MIN_WORKER_COUNT, "1", "the fewest worker nodes of an ephemeral cluster, whatever its run asks"),
                Setting.of(STORAGE_TYPE, "adls-gen2", "the ephemeral clusters' default storage: adls-gen2 (abfss://) or blob (wasbs://)"),
                Setting.optional(STORAGE_ACCOUNT, "the storage account of the ephemeral clusters' default storage (name or host name)"),
                Setting.optional(STORAGE_CONTAINER, "the container every ephemeral cluster's default storage is in; unset: one per cluster, named after it"),
                Setting.secret(STORAGE_KEY, "env:NAME or file:/path of the storage account's key; or storage-managed-identity"),
                Setting.optional(STORAGE_MANAGED_IDENTITY, "a user-assigned managed identity's resource id that reaches the ADLS Gen2 account"),
                Setting.optional(STORAGE_RESOURCE_GROUP, "the storage account's resource group, when not resource-group (managed identity only)"),
                Setting.optional(SUBNET, "the resource id of the subnet ephemeral clusters join; unset: HDInsight's own network"),
                Setting.of(LOGIN_USERNAME, "admin", "the cluster's HTTP login: Livy's Basic auth, and an ephemeral cluster's gateway user"),
                new Setting(LOGIN_PASSWORD, Optional.empty(), "env:NAME or file:/path of the cluster HTTP login's password", true, true, false),
                Setting.of(SSH_USERNAME, "sshuser", "the SSH user of an ephemeral cluster's nodes"),
                Setting.optional(SSH_PUBLIC_KEY, "the SSH user's public key (ssh-rsa AAAA...); unset: the SSH user takes the login password"),
                Setting.map(TAGS, "tags put on every ephemeral cluster beside Sparkplane's own (tags.team=data)"),
                Setting.of(ARM_ENDPOINT, "https://management.azure.com", "Azure Resource Manager's endpoint; http:// only for a fake, with credentials=none"),
                Setting.of(LIVY_ENDPOINT, "https://{cluster}.azurehdinsight.net/livy", "a cluster's Livy, {cluster} standing for its name"),
                Setting.of(CREDENTIALS, "default", "default (azure-identity's DefaultAzureCredential), or none for a fake"),
                Setting.of(BATCH_NAME_PREFIX, "sparkplane", "the first part of every Livy batch name this profile gives"),
                Setting.of(STATUS_POLL_INTERVAL, "PT10S", "how long one look at a cluster or batch is reused"),
                Setting.optional(PROVISIONING_TIMEOUT, "how long an attempt may take to start its job; unset: PT10M shared, PT45M ephemeral"),
                Setting.of(DELETE_ENDED_BATCHES, "true", "a terminate deletes a batch that ended too (its log kept first); false leaves it to Livy")));
        settings.addAll(BackendLimits.settings(10, 50));
        SETTINGS = List.copyOf(settings);
    }

    /** A profile's settings, read. */
    public record Profile(HdInsightConfiguration configuration, BackendLimits limits) {
        public Profile {
            requireNonNull(configuration, "configuration is null");
            requireNonNull(limits, "limits is null");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Profile configure(Settings settings) {
        String subscription = matching(settings, SUBSCRIPTION_ID, HdInsightConfiguration.SUBSCRIPTION_ID,
                "is not a subscription id (a GUID: 00000000-0000-0000-0000-000000000000)");
        String resourceGroup = matching(settings, RESOURCE_GROUP, HdInsightConfiguration.RESOURCE_GROUP,
                "is not a resource group's name (1 to 90 letters, digits, _ - . ( ), not ending in a dot)");
        Mode mode = settings.choice(MODE, Mode.class);
        Optional<String> sharedCluster = Optional.empty();
        Optional<Ephemeral> ephemeral = Optional.empty();
        if (mode == Mode.SHARED) {
            for (String name : EPHEMERAL_ONLY) {
                if (settings.given(name)) {
                    throw new SettingException(settings.key(name) + " is for " + settings.key(MODE) + "=ephemeral; this profile shares "
                            + settings.key(CLUSTER_NAME));
                }
            }
            if (settings.map(TAGS).size() > 0) {
                throw new SettingException(settings.key(TAGS) + ".* are for " + settings.key(MODE) + "=ephemeral: Sparkplane tags no shared cluster");
            }
            if (!settings.given(CLUSTER_NAME)) {
                throw new SettingException(settings.key(CLUSTER_NAME) + " is required with " + settings.key(MODE)
                        + "=shared: the name of the HDInsight Spark cluster the batches run on");
            }
            sharedCluster = Optional.of(matching(settings, CLUSTER_NAME, HdInsightConfiguration.CLUSTER_NAME,
                    "is not an HDInsight cluster's name (3 to 59 letters, digits and hyphens)"));
        } else {
            if (settings.given(CLUSTER_NAME)) {
                throw new SettingException(settings.key(CLUSTER_NAME) + " is for " + settings.key(MODE)
                        + "=shared; an ephemeral profile names its clusters after the attempts");
            }
            ephemeral = Optional.of(ephemeral(settings, subscription, resourceGroup));
        }
        String login = matching(settings, LOGIN_USERNAME, HdInsightConfiguration.USER_NAME,
                "is not a user name HDInsight takes (a letter, then up to 31 letters, digits, _ . -)");
        SecretReference password = settings.secretReference(LOGIN_PASSWORD)
                .orElseThrow(() -> new SettingException(settings.key(LOGIN_PASSWORD) + " is required: env:NAME or file:/path of the"
                        + " password of the cluster's HTTP login (Livy takes it with " + settings.key(LOGIN_USERNAME) + ")"));
        Credentials credentials = settings.choice(CREDENTIALS, Credentials.class);
        URI arm = endpoint(settings, ARM_ENDPOINT, credentials);
        String livy = livyEndpoint(settings, mode, credentials);
        String prefix = matching(settings, BATCH_NAME_PREFIX, HdInsightConfiguration.BATCH_NAME_PREFIX,
                "is not a batch-name prefix (a letter or digit, then up to 39 letters, digits, _ . -)");
        Duration poll = settings.duration(STATUS_POLL_INTERVAL);
        Duration provisioning = settings.optional(PROVISIONING_TIMEOUT).isPresent() ? settings.duration(PROVISIONING_TIMEOUT)
                : mode == Mode.SHARED ? SHARED_PROVISIONING_TIMEOUT : EPHEMERAL_PROVISIONING_TIMEOUT;
        if (provisioning.compareTo(Duration.ofMinutes(1)) < 0) {
            throw settings.invalid(PROVISIONING_TIMEOUT, "must be at least PT1M: YARN takes a while to start a batch's driver");
        }
        if (mode == Mode.EPHEMERAL && provisioning.compareTo(Duration.ofMinutes(20)) < 0) {
            throw settings.invalid(PROVISIONING_TIMEOUT, "must be at least PT20M with " + settings.key(MODE)
                    + "=ephemeral: HDInsight takes 15 to 25 minutes to make a cluster");
        }
        boolean deleteEnded = settings.bool(DELETE_ENDED_BATCHES);
        try {
            return new Profile(new HdInsightConfiguration(subscription, resourceGroup, mode, sharedCluster, ephemeral, login, password, arm, livy,
                    credentials, prefix, poll, provisioning, deleteEnded), BackendLimits.read(settings));
        } catch (IllegalArgumentException e) {
            throw new SettingException(settings.prefix() + "*: " + e.getMessage(), e);
        }
    }

    private static Ephemeral ephemeral(Settings settings, String subscription, String resourceGroup) {
        if (!settings.given(REGION)) {
            throw new SettingException(settings.key(REGION) + " is required with " + settings.key(MODE)
                    + "=ephemeral: the Azure region the clusters are made in (westeurope)");
        }
        String region = matching(settings, REGION, HdInsightConfiguration.REGION, "is not an Azure region's name (westeurope, eastus2)");
        String version = matching(settings, CLUSTER_VERSION, HdInsightConfiguration.CLUSTER_VERSION, "is not an HDInsight version (5.1, 5.0, 4.0)");
        String head = matching(settings, HEAD_NODE_SIZE, HdInsightConfiguration.VM_SIZE, "is not a VM size (Standard_E8_v3)");
        String worker = matching(settings, WORKER_NODE_SIZE, HdInsightConfiguration.VM_SIZE, "is not a VM size (Standard_E8_v3)");
        String zookeeper = matching(settings, ZOOKEEPER_NODE_SIZE, HdInsightConfiguration.VM_SIZE, "is not a VM size (Standard_A2_v2)");
        int minWorkers = settings.integer(MIN_WORKER_COUNT, 1, 500);
        Storage storage = storage(settings, subscription, resourceGroup);
        Optional<String> subnet = settings.optional(SUBNET);
        if (subnet.isPresent() && !SUBNET_ID.matcher(subnet.get()).matches()) {
            throw settings.invalid(SUBNET, "is not a subnet's resource id (/subscriptions/<id>/resourceGroups/<group>/providers/"
                    + "Microsoft.Network/virtualNetworks/<network>/subnets/<subnet>)");
        }
        String ssh = matching(settings, SSH_USERNAME, HdInsightConfiguration.USER_NAME,
                "is not a user name HDInsight takes (a letter, then up to 31 letters, digits, _ . -)");
        if (ssh.equalsIgnoreCase(settings.string(LOGIN_USERNAME))) {
            throw settings.invalid(SSH_USERNAME, "must differ from " + settings.key(LOGIN_USERNAME) + ": HDInsight takes two users");
        }
        Optional<String> key = settings.optional(SSH_PUBLIC_KEY);
        if (key.isPresent() && !SSH_KEY.matcher(key.get()).matches()) {
            throw settings.invalid(SSH_PUBLIC_KEY, "is not an OpenSSH public key (ssh-rsa AAAA... or ssh-ed25519 AAAA...)");
        }
        return new Ephemeral(region, version, head, worker, zookeeper, minWorkers, storage, subnet, ssh, key, tags(settings));
    }

    private static Storage storage(Settings settings, String subscription, String resourceGroup) {
        StorageType type = settings.choice(STORAGE_TYPE, StorageType.class);
        if (!settings.given(STORAGE_ACCOUNT)) {
            throw new SettingException(settings.key(STORAGE_ACCOUNT) + " is required with " + settings.key(MODE)
                    + "=ephemeral: the storage account of the clusters' default storage, where the workspace's staging should be too");
        }
        Matcher account = STORAGE_ACCOUNT_HOST.matcher(settings.string(STORAGE_ACCOUNT).toLowerCase(Locale.ROOT));
        if (!account.matches()) {
            throw settings.invalid(STORAGE_ACCOUNT, "is not a storage account's name (3 to 24 lower-case letters and digits) or host name");
        }
        String endpoint = type == StorageType.BLOB ? "blob" : "dfs";
        if (account.group(3) != null && !account.group(3).equals(endpoint)) {
            throw settings.invalid(STORAGE_ACCOUNT, "names the " + account.group(3) + " endpoint, but " + settings.key(STORAGE_TYPE)
                    + " takes the " + endpoint + " endpoint");
        }
        String host = account.group(2) != null ? account.group(0) : account.group(1) + "." + endpoint + ".core.windows.net";
        Optional<String> container = settings.optional(STORAGE_CONTAINER);
        if (container.isPresent() && !Storage.CONTAINER.matcher(container.get()).matches()) {
            throw settings.invalid(STORAGE_CONTAINER, "is not a container's name (3 to 63 lower-case letters, digits and single hyphens)");
        }
        Optional<SecretReference> key = settings.secretReference(STORAGE_KEY);
        Optional<String> identity = settings.optional(STORAGE_MANAGED_IDENTITY);
        if (identity.isPresent() && !MANAGED_IDENTITY_ID.matcher(identity.get()).matches()) {
            throw settings.invalid(STORAGE_MANAGED_IDENTITY, "is not a user-assigned managed identity's resource id (/subscriptions/<id>/"
                    + "resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>)");
        }
        if (key.isPresent() && identity.isPresent()) {
            throw new SettingException(settings.key(STORAGE_KEY) + " and " + settings.key(STORAGE_MANAGED_IDENTITY)
                    + " are both set: the clusters reach their storage with one of them");
        }
        if (key.isEmpty() && identity.isEmpty()) {
            throw new SettingException(settings.key(STORAGE_KEY) + " or " + settings.key(STORAGE_MANAGED_IDENTITY)
                    + " is required with " + settings.key(MODE) + "=ephemeral: how the clusters reach their default storage");
        }
        if (type == StorageType.BLOB && identity.isPresent()) {
            throw new SettingException(settings.key(STORAGE_MANAGED_IDENTITY) + " is for " + settings.key(STORAGE_TYPE)
                    + "=adls-gen2; Blob storage takes " + settings.key(STORAGE_KEY));
        }
        if (settings.given(STORAGE_RESOURCE_GROUP) && identity.isEmpty()) {
            throw new SettingException(settings.key(STORAGE_RESOURCE_GROUP) + " goes with " + settings.key(STORAGE_MANAGED_IDENTITY));
        }
        String storageGroup = settings.given(STORAGE_RESOURCE_GROUP)
                ? matching(settings, STORAGE_RESOURCE_GROUP, HdInsightConfiguration.RESOURCE_GROUP, "is not a resource group's name")
                : resourceGroup;
        String resourceId = "/subscriptions/" + subscription + "/resourceGroups/" + storageGroup + "/providers/Microsoft.Storage/storageAccounts/"
                + account.group(1);
        return new Storage(type, host, container, key, identity, resourceId);
    }

    private static TreeMap<String, String> tags(Settings settings) {
        Map<String, String> tags = settings.map(TAGS);
        TreeMap<String, String> checked = new TreeMap<>();
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String key = settings.key(TAGS + "." + tag.getKey());
            if (!TAG_NAME.matcher(tag.getKey()).matches()) {
                throw new SettingException(key + ": a tag name is 1 to 512 characters without < > % & \\ ? /");
            }
            if (tag.getKey().toLowerCase(Locale.ROOT).startsWith(HdInsightConfiguration.OWN_TAG_PREFIX)) {
                throw new SettingException(key + ": tags beginning " + HdInsightConfiguration.OWN_TAG_PREFIX
                        + " are Sparkplane's own (it finds its clusters by them)");
            }
            String value = tag.getValue().trim();
            if (value.length() > 256) {
                throw new SettingException(key + ": a tag value is at most 256 characters");
            }
            checked.put(tag.getKey(), value);
        }
        if (checked.size() > HdInsightConfiguration.MOST_PROFILE_TAGS) {
            throw new SettingException(settings.key(TAGS) + ".*: at most " + HdInsightConfiguration.MOST_PROFILE_TAGS
                    + " tags (Azure takes 50 on a resource, 5 are Sparkplane's), not " + checked.size());
        }
        return checked;
    }

    /** {@code https://host[:port]} or, for a fake without credentials, {@code http://host:port}; nothing after the authority. */
    private static URI endpoint(Settings settings, String name, Credentials credentials) {
        URI uri = settings.url(name).orElseThrow();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!(path.isEmpty() || path.equals("/")) || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw settings.invalid(name, "must be scheme://host[:port] and nothing more");
        }
        plaintextOnlyWithoutCredentials(settings, name, uri, credentials);
        return URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority());
    }

    private static String livyEndpoint(Settings settings, Mode mode, Credentials credentials) {
        String template = settings.string(LIVY_ENDPOINT);
        if (mode == Mode.EPHEMERAL && !template.contains(CLUSTER_PLACEHOLDER)) {
            throw settings.invalid(LIVY_ENDPOINT, "must hold " + CLUSTER_PLACEHOLDER + " with " + settings.key(MODE)
                    + "=ephemeral: each attempt's cluster has a Livy of its own");
        }
        URI uri;
        try {
            uri = new URI(template.replace(CLUSTER_PLACEHOLDER, "cluster"));
        } catch (URISyntaxException e) {
            throw settings.invalid(LIVY_ENDPOINT, "is not a URL with " + CLUSTER_PLACEHOLDER + " standing for the cluster's name");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw settings.invalid(LIVY_ENDPOINT, "must be an http:// or https:// URL with a host and no query (https://{cluster}.azurehdinsight.net/livy)");
        }
        plaintextOnlyWithoutCredentials(settings, LIVY_ENDPOINT, uri, credentials);
        return template.replaceAll("/+$", "");
    }

    /** A password or a bearer token never goes over plaintext to a real service: {@code http://} is a fake's, which takes none. */
    private static void plaintextOnlyWithoutCredentials(Settings settings, String name, URI uri, Credentials credentials) {
        boolean plaintext = uri.getScheme().equalsIgnoreCase("http");
        if (plaintext && credentials != Credentials.NONE) {
            throw new SettingException(settings.key(name) + " is http://: plaintext, for a fake only, which takes " + settings.key(CREDENTIALS)
                    + "=none (a token or password never goes without TLS)");
        }
        if (!plaintext && credentials == Credentials.NONE && name.equals(ARM_ENDPOINT)) {
            throw new SettingException(settings.key(CREDENTIALS) + "=none is for a fake at an http:// " + settings.key(ARM_ENDPOINT)
                    + "; Azure Resource Manager takes no call without credentials");
        }
    }

    private static String matching(Settings settings, String name, Pattern pattern, String problem) {
        String value = settings.string(name);
        if (!pattern.matcher(value).matches()) {
            throw settings.invalid(name, problem);
        }
        return value;
    }

    @Override
    public BackendLimits limits(Profile profile) {
        return profile.limits();
    }

    @Override
    public Optional<Duration> provisioningTimeout(Profile profile) {
        return Optional.of(profile.configuration().provisioningTimeout());
    }

    @Override
    public JobHosting hosting() {
        return JobHosting.SERVICE;
    }

    /** A cluster's Spark reads the job's inputs from Azure Storage, through the ABFS or WASB driver. */
    @Override
    public Set<String> stagingSchemes() {
        return Set.of("abfss", "wasbs");
    }

    /**
     * The profile's backend: its Azure Resource Manager client and the JDK HTTP client Livy is
     * spoken with. Asks Azure (and, shared, the cluster's Livy) once whether the profile's
     * subscription, group, cluster and login are right ({@link StartupCheck}).
     */
    @Override
    public EngineBackend create(Profile profile, BackendContext context) {
        HdInsightConfiguration configuration = profile.configuration();
        System.getLogger(HdInsightBackendFactory.class.getName()).log(System.Logger.Level.INFO,
                "hdinsight backend {0}: mode {1}, subscription {2}, resource group {3}, {4}, Resource Manager at {5}, credentials {6}",
                context.profile(), configuration.mode().name().toLowerCase(Locale.ROOT), configuration.subscriptionId(),
                configuration.resourceGroup(), configuration.sharedCluster().map(name -> "cluster " + name)
                        .orElseGet(() -> "clusters in " + configuration.ephemeral().orElseThrow().region()),
                configuration.armEndpoint(), configuration.credentials().name().toLowerCase(Locale.ROOT));
        HdInsightBackend backend = HdInsightBackend.connect(context.profile(), configuration, context.workDirectory(), context.clock());
        try {
            backend.checkStartup();
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        return backend;
    }
}
