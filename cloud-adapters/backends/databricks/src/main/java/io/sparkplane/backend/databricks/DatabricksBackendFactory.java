package io.sparkplane.backend.databricks;

import static java.util.Objects.requireNonNull;

import com.databricks.sdk.service.compute.DataSecurityMode;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Engine profiles of type {@code databricks}: each attempt is one Databricks one-time run
 * (jobs/runs/submit) of one task on a new job cluster in the profile's workspace, through the
 * Databricks SDK for Java, with its authentication (a personal access token or a service
 * principal's OAuth secret named by a secret reference, or the SDK's default chain) and its retries.
 * At start each profile makes one call (the workspace's Spark versions): credentials the workspace
 * refuses, a URL that is not a workspace, or a runtime it does not offer stop the profile naming the
 * key.
 */
public final class DatabricksBackendFactory implements EngineBackendFactory<DatabricksBackendFactory.Profile> {

    public static final String TYPE = "databricks";
    static final String HOST = "host";
    static final String TOKEN = "token";
    static final String CLIENT_ID = "client-id";
    static final String CLIENT_SECRET = "client-secret";
    static final String SPARK_VERSION = "spark-version";
    static final String NODE_TYPE = "node-type";
    static final String DRIVER_NODE_TYPE = "driver-node-type";
    static final String INSTANCE_POOL_ID = "instance-pool-id";
    static final String POLICY_ID = "policy-id";
    static final String AUTOSCALE = "autoscale";
    static final String SPARK_ENV = "spark-env";
    static final String CUSTOM_TAGS = "custom-tags";
    static final String DATA_SECURITY_MODE = "data-security-mode";
    static final String SINGLE_USER_NAME = "single-user-name";
    static final String STATUS_POLL_INTERVAL = "status-poll-interval";
    static final String PROVISIONING_TIMEOUT = "provisioning-timeout";
    /** The staging a job cluster reads: whichever of these its cloud (and its credentials) can read. */
    static final Set<String> STAGING_SCHEMES = Set.of("s3", "gs", "abfss", "wasbs");
    private static final List<Setting> SETTINGS;

    static {
        List<Setting> settings = new ArrayList<>(List.of(
                Setting.required(HOST, "the workspace's URL (https://adb-1234567890123456.7.azuredatabricks.net)"),
                Setting.secret(TOKEN, "a personal access token's secret reference (env:DATABRICKS_TOKEN, file:/run/secrets/databricks); not with client-id"),
                Setting.optional(CLIENT_ID, "a service principal's OAuth client id (machine-to-machine OAuth), with client-secret; not with token"),
                Setting.secret(CLIENT_SECRET, "the service principal's OAuth secret, a secret reference (env:..., file:...)"),
                Setting.required(SPARK_VERSION, "the Databricks Runtime of every job cluster (15.4.x-scala2.12)"),
                Setting.optional(NODE_TYPE, "the workers' node type (i3.xlarge, Standard_DS3_v2, n2-highmem-4); optional with instance-pool-id or policy-id"),
                Setting.optional(DRIVER_NODE_TYPE, "the driver's node type; unset: the workers'"),
                Setting.optional(INSTANCE_POOL_ID, "the instance pool the job clusters' driver and workers come from"),
                Setting.optional(POLICY_ID, "the cluster policy every job cluster is made under (its defaults applied)"),
                Setting.of(AUTOSCALE, "true", "true: Databricks autoscales each job cluster within the run's executor bounds; false: a fixed size"
                        + " that Sparkplane's autoscaler changes with clusters/resize"),
                Setting.map(SPARK_ENV, "environment variables of the job clusters' Spark processes (spark-env.TZ=UTC)"),
                Setting.map(CUSTOM_TAGS, "tags on every job cluster (and its cloud resources) beside Sparkplane's own (custom-tags.team=data)"),
                Setting.optional(DATA_SECURITY_MODE, "the job clusters' access mode (single-user, user-isolation, data-security-mode-dedicated, ...);"
                        + " unset: Databricks' default"),
                Setting.optional(SINGLE_USER_NAME, "the user or service principal a single-user (dedicated) cluster is for; unset: the run's owner"),
                Setting.of(STATUS_POLL_INTERVAL, "PT10S", "how long one look at a run is reused; the Jobs API is rate-limited per workspace"),
                Setting.of(PROVISIONING_TIMEOUT, "PT20M", "a run whose task has not started by then ends the attempt PROVISIONING_FAILED")));
        settings.addAll(BackendLimits.settings(10, 50));
        SETTINGS = List.copyOf(settings);
    }

    /**
     * A profile's settings, read.
     *
     * @param settingsPrefix {@code sparkplane.backends.<profile>.}: the start-up check names the keys of what it finds wrong
     * @param provisioningTimeout how long an attempt may take to get its task running: a new job cluster takes minutes
     */
    public record Profile(DatabricksConfiguration configuration, BackendLimits limits, Duration provisioningTimeout, String settingsPrefix) {
        public Profile {
            requireNonNull(configuration, "configuration is null");
            requireNonNull(limits, "limits is null");
            requireNonNull(provisioningTimeout, "provisioningTimeout is null");
            requireNonNull(settingsPrefix, "settingsPrefix is null");
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
        URI host = settings.url(HOST).orElseThrow(() -> new SettingException(settings.key(HOST) + " is required: the workspace's URL"));
        String hostProblem = DatabricksConfiguration.hostProblem(host);
        if (hostProblem != null) {
            throw settings.invalid(HOST, hostProblem);
        }
        Authentication authentication = authentication(settings);
        String sparkVersion = matching(settings, SPARK_VERSION, DatabricksConfiguration.SPARK_VERSION,
                "is not a Databricks Runtime version (15.4.x-scala2.12, as the workspace lists them)");
        Optional<String> nodeType = optionalMatching(settings, NODE_TYPE, DatabricksConfiguration.NODE_TYPE, "is not a node type (i3.xlarge, Standard_DS3_v2)");
        Optional<String> driverNodeType = optionalMatching(settings, DRIVER_NODE_TYPE, DatabricksConfiguration.NODE_TYPE,
                "is not a node type (i3.xlarge, Standard_DS3_v2)");
        Optional<String> pool = optionalMatching(settings, INSTANCE_POOL_ID, DatabricksConfiguration.INSTANCE_POOL_ID, "is not an instance pool id");
        Optional<String> policy = optionalMatching(settings, POLICY_ID, DatabricksConfiguration.POLICY_ID, "is not a cluster policy id (9C6308F703005DF2)");
        if (nodeType.isEmpty() && pool.isEmpty() && policy.isEmpty()) {
            throw new SettingException(settings.key(NODE_TYPE) + " is required unless " + settings.key(INSTANCE_POOL_ID) + " or "
                    + settings.key(POLICY_ID) + " gives the job clusters their nodes");
        }
        Optional<DataSecurityMode> mode = settings.optional(DATA_SECURITY_MODE).map(given -> settings.choice(DATA_SECURITY_MODE, DataSecurityMode.class));
        Optional<String> singleUser = optionalMatching(settings, SINGLE_USER_NAME, DatabricksConfiguration.USER_NAME,
                "is not a user's name (an email) or a service principal's application id");
        if (singleUser.isPresent() && (mode.isEmpty() || !DatabricksConfiguration.DEDICATED.contains(mode.get()))) {
            throw new SettingException(settings.key(SINGLE_USER_NAME) + " names the user of a single-user (dedicated) cluster: it takes "
                    + settings.key(DATA_SECURITY_MODE) + "=single-user (or data-security-mode-dedicated)");
        }
        Duration pollInterval = settings.duration(STATUS_POLL_INTERVAL);
        Duration provisioning = settings.duration(PROVISIONING_TIMEOUT);
        if (provisioning.compareTo(Duration.ofMinutes(1)) < 0) {
            throw settings.invalid(PROVISIONING_TIMEOUT, "must be at least PT1M: a new job cluster takes minutes to start");
        }
        DatabricksConfiguration configuration;
        try {
            configuration = new DatabricksConfiguration(host, authentication, sparkVersion, nodeType, driverNodeType, pool, policy,
                    settings.bool(AUTOSCALE), sparkEnv(settings), customTags(settings), mode, singleUser, pollInterval);
        } catch (IllegalArgumentException e) {
            throw new SettingException(settings.prefix() + "*: " + e.getMessage(), e);
        }
        return new Profile(configuration, BackendLimits.read(settings), provisioning, settings.prefix());
    }

    /** A token, or a client id and secret, or neither (the SDK's default chain): never two ways at once. */
    private static Authentication authentication(Settings settings) {
        Optional<SecretReference> token = settings.secretReference(TOKEN);
        Optional<String> clientId = optionalMatching(settings, CLIENT_ID, DatabricksConfiguration.CLIENT_ID,
                "is not an OAuth client id (a service principal's application id)");
        Optional<SecretReference> clientSecret = settings.secretReference(CLIENT_SECRET);
        if (token.isPresent() && (clientId.isPresent() || clientSecret.isPresent())) {
            throw new SettingException(settings.key(TOKEN) + " and " + settings.key(clientId.isPresent() ? CLIENT_ID : CLIENT_SECRET)
                    + " are both set: a profile authenticates with a token or with a service principal's OAuth secret, not both");
        }
        if (clientId.isPresent() != clientSecret.isPresent()) {
            throw new SettingException(settings.key(clientId.isPresent() ? CLIENT_SECRET : CLIENT_ID) + " is required with "
                    + settings.key(clientId.isPresent() ? CLIENT_ID : CLIENT_SECRET) + ": OAuth takes the client id and its secret together");
        }
        if (token.isPresent()) {
            return new Authentication.PersonalAccessToken(token.get());
        }
        if (clientId.isPresent()) {
            return new Authentication.OAuthMachineToMachine(clientId.get(), clientSecret.get());
        }
        return new Authentication.DefaultChain();
    }

    private static SortedMap<String, String> sparkEnv(Settings settings) {
        SortedMap<String, String> variables = new TreeMap<>();
        for (Map.Entry<String, String> variable : settings.map(SPARK_ENV).entrySet()) {
            if (!DatabricksConfiguration.ENVIRONMENT_NAME.matcher(variable.getKey()).matches()) {
                throw new SettingException(settings.key(SPARK_ENV + "." + variable.getKey()) + ": an environment variable's name is letters, digits"
                        + " and _, not starting with a digit");
            }
            variables.put(variable.getKey(), variable.getValue());
        }
        return variables;
    }

    private static SortedMap<String, String> customTags(Settings settings) {
        SortedMap<String, String> tags = new TreeMap<>();
        for (Map.Entry<String, String> tag : settings.map(CUSTOM_TAGS).entrySet()) {
            String key = settings.key(CUSTOM_TAGS + "." + tag.getKey());
            if (!DatabricksConfiguration.TAG_KEY.matcher(tag.getKey()).matches()) {
                throw new SettingException(key + ": a tag key is 1 to 127 letters, digits, spaces and _ . : / = + @ -");
            }
            if (DatabricksConfiguration.ownTag(tag.getKey())) {
                throw new SettingException(key + ": tags beginning " + DatabricksConfiguration.OWN_TAG_PREFIX
                        + " are Sparkplane's own (it finds its runs by them)");
            }
            String value = tag.getValue().trim();
            if (!DatabricksConfiguration.TAG_VALUE.matcher(value).matches()) {
                throw new SettingException(key + ": a tag value is at most 255 letters, digits, spaces and _ . : / = + @ - (was '" + value + "')");
            }
            tags.put(tag.getKey(), value);
        }
        if (tags.size() > DatabricksConfiguration.MOST_PROFILE_TAGS) {
            throw new SettingException(settings.key(CUSTOM_TAGS) + ".*: at most " + DatabricksConfiguration.MOST_PROFILE_TAGS
                    + " tags (Databricks takes 45 on a cluster, 4 are Sparkplane's), not " + tags.size());
        }
        return tags;
    }

    private static String matching(Settings settings, String name, Pattern pattern, String problem) {
        String value = settings.string(name);
        if (!pattern.matcher(value).matches()) {
            throw settings.invalid(name, problem);
        }
        return value;
    }

    private static Optional<String> optionalMatching(Settings settings, String name, Pattern pattern, String problem) {
        Optional<String> value = settings.optional(name);
        if (value.isPresent() && !pattern.matcher(value.get()).matches()) {
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
        return Optional.of(profile.provisioningTimeout());
    }

    @Override
    public JobHosting hosting() {
        return JobHosting.SERVICE;
    }

    /**
     * A job cluster reads the run's files from the workspace's staging itself: S3 on AWS, Cloud
     * Storage on Google Cloud, ADLS Gen2 or Blob Storage on Azure. Which of them a workspace can read
     * is its cloud's and its credentials' (an instance profile, a Unity Catalog external location, a
     * cluster policy's Spark conf), not Sparkplane's.
     */
    @Override
    public Set<String> stagingSchemes() {
        return STAGING_SCHEMES;
    }

    /**
     * The profile's client, and one call to its workspace (its Spark versions): refused credentials,
     * a URL that is no workspace, or a runtime the workspace does not offer stop the profile here,
     * naming the key.
     */
    @Override
    public EngineBackend create(Profile profile, BackendContext context) {
        DatabricksConfiguration configuration = profile.configuration();
        System.getLogger(DatabricksBackendFactory.class.getName()).log(System.Logger.Level.INFO,
                "databricks backend {0}: workspace {1}, authentication {2}, runtime {3}, {4}", context.profile(), configuration.workspaceUrl(),
                configuration.authentication().kind(), configuration.sparkVersion(), configuration.autoscale() ? "autoscaling" : "fixed size");
        DatabricksEngineBackend backend;
        try {
            backend = backend(context.profile(), configuration, context.clock());
        } catch (SettingException e) {
            // the one credential read as the client is made: a service principal's secret
            throw new SettingException(profile.settingsPrefix() + CLIENT_SECRET + ": " + e.getMessage(), e);
        }
        try {
            backend.checkWorkspace(profile.settingsPrefix());
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        return backend;
    }

    /** The backend of a profile on its own client; the tests' way in with a fake's host. */
    static DatabricksEngineBackend backend(String profile, DatabricksConfiguration configuration, Clock clock) {
        return new DatabricksEngineBackend(profile, configuration, DatabricksClients.workspace(configuration), clock);
    }
}
