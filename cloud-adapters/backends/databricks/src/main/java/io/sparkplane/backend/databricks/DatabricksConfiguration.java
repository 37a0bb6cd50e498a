package io.sparkplane.backend.databricks;

import static java.util.Objects.requireNonNull;

import com.databricks.sdk.service.compute.DataSecurityMode;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How one {@code databricks} engine profile runs its attempts, read from its settings.
 *
 * @param host the workspace's URL, {@code https://<workspace host>} ({@code http://} only to a loopback address: a fake or a local proxy)
 * @param authentication how the calls authenticate
 * @param sparkVersion the Databricks Runtime of every job cluster, as the workspace names it ({@code 15.4.x-scala2.12})
 * @param nodeType the workers' node type ({@code i3.xlarge}, {@code Standard_DS3_v2}, {@code n2-highmem-4}); empty with
 *     an instance pool, or a cluster policy that sets it
 * @param driverNodeType the driver's node type; empty: the workers'
 * @param instancePoolId the pool the job clusters' nodes come from, driver and workers
 * @param policyId the cluster policy every job cluster is made under; its defaults are applied
 * @param autoscale true: Databricks autoscales each job cluster within the run's executor bounds; false: a fixed size, the
 *     run's first worker count, which Sparkplane's autoscaler changes with clusters/resize
 * @param sparkEnv environment variables of the job clusters' Spark processes
 * @param customTags the profile's own tags on every job cluster, beside Sparkplane's
 * @param dataSecurityMode the job clusters' access mode (Unity Catalog); empty: Databricks' default
 * @param singleUserName the user or service principal a dedicated (single-user) cluster is for; empty: the run's owner
 * @param statusPollInterval how long one look at a run (runs/get) is reused: the control plane's loops ask every pass
 */
public record DatabricksConfiguration(
        URI host,
        Authentication authentication,
        String sparkVersion,
        Optional<String> nodeType,
        Optional<String> driverNodeType,
        Optional<String> instancePoolId,
        Optional<String> policyId,
        boolean autoscale,
        SortedMap<String, String> sparkEnv,
        SortedMap<String, String> customTags,
        Optional<DataSecurityMode> dataSecurityMode,
        Optional<String> singleUserName,
        Duration statusPollInterval) {

    /** A Databricks Runtime key ({@code 15.4.x-scala2.12}, {@code 16.4.x-gpu-ml-scala2.13}, {@code custom:...}); the workspace's list decides at start. */
    static final Pattern SPARK_VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}");
    /** A cloud node type ({@code i3.xlarge}, {@code Standard_DS3_v2}, {@code n2-highmem-4}). */
    static final Pattern NODE_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** An instance pool's id ({@code 0101-120000-brick1-pool-ABCD1234}). */
    static final Pattern INSTANCE_POOL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
    /** A cluster policy's id ({@code 9C6308F703005DF2}). */
    static final Pattern POLICY_ID = Pattern.compile("[A-Za-z0-9]{1,64}");
    /** A service principal's application id (a UUID) or an OAuth client id. */
    static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    /** A user's name (an email) or a service principal's application id. */
    static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._%+@-]{1,254}");
    /** A tag key the clouds Databricks runs on all take: letters, digits, spaces and {@code _ . : / = + @ -}. */
    static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9 _.:/=+@-]{1,127}");
    static final Pattern TAG_VALUE = Pattern.compile("[A-Za-z0-9 _.:/=+@-]{0,255}");
    /** An environment variable's name. */
    static final Pattern ENVIRONMENT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** Sparkplane's own tags begin so; a profile's may not. */
    static final String OWN_TAG_PREFIX = "sparkplane-";
    /** Databricks takes at most 45 custom tags on a cluster; Sparkplane puts 4 of its own. */
    static final int MOST_PROFILE_TAGS = 41;
    /** The access modes that make a cluster one user's, which {@code single_user_name} names. */
    static final Set<DataSecurityMode> DEDICATED = Set.of(DataSecurityMode.SINGLE_USER, DataSecurityMode.DATA_SECURITY_MODE_DEDICATED,
            DataSecurityMode.LEGACY_SINGLE_USER, DataSecurityMode.LEGACY_SINGLE_USER_STANDARD, DataSecurityMode.LEGACY_PASSTHROUGH);

    public DatabricksConfiguration {
        requireNonNull(host, "host is null");
        requireNonNull(authentication, "authentication is null");
        requireNonNull(sparkVersion, "sparkVersion is null");
        requireNonNull(nodeType, "nodeType is null");
        requireNonNull(driverNodeType, "driverNodeType is null");
        requireNonNull(instancePoolId, "instancePoolId is null");
        requireNonNull(policyId, "policyId is null");
        sparkEnv = new TreeMap<>(requireNonNull(sparkEnv, "sparkEnv is null"));
        customTags = new TreeMap<>(requireNonNull(customTags, "customTags is null"));
        requireNonNull(dataSecurityMode, "dataSecurityMode is null");
        requireNonNull(singleUserName, "singleUserName is null");
        requireNonNull(statusPollInterval, "statusPollInterval is null");
        String problem = hostProblem(host);
        if (problem != null) {
            throw new IllegalArgumentException("the host " + problem);
        }
        check(SPARK_VERSION, sparkVersion, "a Databricks Runtime version");
        nodeType.ifPresent(type -> check(NODE_TYPE, type, "a node type"));
        driverNodeType.ifPresent(type -> check(NODE_TYPE, type, "a node type"));
        instancePoolId.ifPresent(id -> check(INSTANCE_POOL_ID, id, "an instance pool id"));
        policyId.ifPresent(id -> check(POLICY_ID, id, "a cluster policy id"));
        if (nodeType.isEmpty() && instancePoolId.isEmpty() && policyId.isEmpty()) {
            throw new IllegalArgumentException("a job cluster needs a node type, an instance pool, or a cluster policy that sets its node type");
        }
        if (authentication instanceof Authentication.OAuthMachineToMachine oauth) {
            check(CLIENT_ID, oauth.clientId(), "an OAuth client id");
        }
        for (Map.Entry<String, String> variable : sparkEnv.entrySet()) {
            check(ENVIRONMENT_NAME, variable.getKey(), "an environment variable's name");
            requireNonNull(variable.getValue(), "an environment variable's value is null");
        }
        for (Map.Entry<String, String> tag : customTags.entrySet()) {
            check(TAG_KEY, tag.getKey(), "a tag key");
            check(TAG_VALUE, tag.getValue(), "a tag value");
            if (ownTag(tag.getKey())) {
                throw new IllegalArgumentException("tags beginning " + OWN_TAG_PREFIX + " are Sparkplane's own: " + tag.getKey());
            }
        }
        if (customTags.size() > MOST_PROFILE_TAGS) {
            throw new IllegalArgumentException("at most " + MOST_PROFILE_TAGS + " tags of a profile's own, not " + customTags.size());
        }
        singleUserName.ifPresent(user -> {
            check(USER_NAME, user, "a user's or service principal's name");
            if (dataSecurityMode.isEmpty() || !DEDICATED.contains(dataSecurityMode.get())) {
                throw new IllegalArgumentException("a single user is named for a dedicated (single-user) access mode only");
            }
        });
        if (statusPollInterval.isNegative()) {
            throw new IllegalArgumentException("the status poll interval must not be negative");
        }
    }

    /** What is wrong with a workspace URL, or null: {@code https://host[:port]}, or {@code http://} to a loopback address, nothing after. */
    static String hostProblem(URI host) {
        String scheme = host.getScheme() == null ? "" : host.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || host.getHost() == null) {
            return "must be https://<workspace host>";
        }
        String path = host.getRawPath() == null ? "" : host.getRawPath();
        if (!(path.isEmpty() || path.equals("/")) || host.getRawQuery() != null || host.getRawFragment() != null || host.getRawUserInfo() != null) {
            return "must be the workspace's URL and nothing more (https://<workspace host>)";
        }
        if (scheme.equals("http") && !loopback(host.getHost())) {
            return "must be https:// (http:// is for a fake or a proxy on this machine only: a token is never sent in plain text across a network)";
        }
        return null;
    }

    private static boolean loopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.equals("localhost") || bare.startsWith("127.") || bare.equals("::1") || bare.equals("0:0:0:0:0:0:0:1");
    }

    static boolean ownTag(String key) {
        return key.toLowerCase(Locale.ROOT).startsWith(OWN_TAG_PREFIX);
    }

    private static void check(Pattern pattern, String value, String what) {
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("not " + what + ": " + value);
        }
    }

    /** The workspace URL as the SDK's config takes it: scheme, host and port, no trailing slash. */
    public String workspaceUrl() {
        return host.getScheme().toLowerCase(Locale.ROOT) + "://" + host.getRawAuthority();
    }
}
