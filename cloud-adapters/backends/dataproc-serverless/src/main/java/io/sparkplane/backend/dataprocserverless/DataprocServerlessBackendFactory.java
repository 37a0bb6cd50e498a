package io.sparkplane.backend.dataprocserverless;

import static java.util.Objects.requireNonNull;

import io.sparkplane.backend.dataprocserverless.DataprocServerlessConfiguration.Credentials;
import io.sparkplane.backend.dataprocserverless.DataprocServerlessConfiguration.Endpoint;
import io.sparkplane.spi.engine.BackendContext;
import io.sparkplane.spi.engine.BackendLimits;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendFactory;
import io.sparkplane.spi.engine.JobHosting;
import io.sparkplane.spi.settings.Setting;
import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.spi.settings.Settings;
import java.time.Clock;
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
 * Engine profiles of type {@code dataproc-serverless}: each attempt is one Google Cloud Serverless
 * for Apache Spark (Dataproc Serverless) batch in the profile's project and region, run as the
 * profile's service account. Calls authenticate with Application Default Credentials; Sparkplane
 * stores no key. Nothing is called at start: a mistake in the settings stops the control plane
 * naming its key, one in Google Cloud shows on the first run with Google's words.
 */
public final class DataprocServerlessBackendFactory implements EngineBackendFactory<DataprocServerlessBackendFactory.Profile> {

    public static final String TYPE = "dataproc-serverless";
    static final String PROJECT = "project";
    static final String REGION = "region";
    static final String RUNTIME_VERSION = "runtime-version";
    static final String SERVICE_ACCOUNT = "service-account";
    static final String NETWORK = "network";
    static final String SUBNETWORK = "subnetwork";
    static final String LABELS = "labels";
    static final String TTL = "ttl";
    static final String ENDPOINT = "endpoint";
    static final String CREDENTIALS = "credentials";
    static final String STATUS_POLL_INTERVAL = "status-poll-interval";
    static final String DRIVER_LOG_GRACE = "driver-log-grace";
    static final String ENDED_BATCH_RETENTION = "ended-batch-retention";
    static final String PROVISIONING_TIMEOUT = "provisioning-timeout";
    private static final List<Setting> SETTINGS;

    static {
        List<Setting> settings = new ArrayList<>(List.of(
                Setting.required(PROJECT, "the Google Cloud project the batches run in (my-project)"),
                Setting.required(REGION, "the Dataproc region of the batches (us-central1)"),
                Setting.of(RUNTIME_VERSION, "2.3", "the Serverless for Apache Spark runtime version of every batch (1.2, 2.2, 2.3)"),
                Setting.optional(SERVICE_ACCOUNT, "the service account the batches run as (an email); unset: the project's Compute Engine default"),
                Setting.optional(NETWORK, "the VPC network the batches join, a name or URI; not with subnetwork"),
                Setting.optional(SUBNETWORK, "the VPC subnetwork the batches join, a name or URI; not with network"),
                Setting.map(LABELS, "labels put on every batch beside Sparkplane's own (labels.team=data)"),
                Setting.optional(TTL, "Dataproc cancels a batch after this long (PT10M to P14D); unset: Dataproc's default"),
                Setting.optional(ENDPOINT, "https://host:port of a regional or private endpoint; http://host:port: an emulator, with credentials=none"),
                Setting.of(CREDENTIALS, "application-default", "application-default (Application Default Credentials), or none for an emulator"),
                Setting.of(STATUS_POLL_INTERVAL, "PT10S", "how long one look at a batch is reused; Dataproc's read quota is per minute"),
                Setting.of(DRIVER_LOG_GRACE, "PT30S", "how long after a batch ended its driver output is read (its last part comes then)"),
                Setting.of(ENDED_BATCH_RETENTION, "PT1H", "how long an ended batch is kept before a terminate (or the sweep) deletes it"),
                Setting.of(PROVISIONING_TIMEOUT, "PT15M", "a batch not RUNNING by then ends the attempt PROVISIONING_FAILED")));
        settings.addAll(BackendLimits.settings(10, 50));
        SETTINGS = List.copyOf(settings);
    }

    /**
     * A profile's settings, read.
     *
     * @param provisioningTimeout how long an attempt may take to get its batch RUNNING: Dataproc
     *     takes a minute or more to start a batch's driver
     */
    public record Profile(DataprocServerlessConfiguration configuration, BackendLimits limits, Duration provisioningTimeout) {
        public Profile {
            requireNonNull(configuration, "configuration is null");
            requireNonNull(limits, "limits is null");
            requireNonNull(provisioningTimeout, "provisioningTimeout is null");
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
        String project = matching(settings, PROJECT, DataprocServerlessConfiguration.PROJECT,
                "is not a Google Cloud project id (6 to 30 lower-case letters, digits and dashes, starting with a letter: my-project)");
        String region = matching(settings, REGION, DataprocServerlessConfiguration.REGION, "is not a Google Cloud region (us-central1, europe-west4)");
        String runtime = matching(settings, RUNTIME_VERSION, DataprocServerlessConfiguration.RUNTIME_VERSION,
                "is not a Serverless for Apache Spark runtime version (1.2, 2.2, 2.3)");
        Optional<String> serviceAccount = optionalMatching(settings, SERVICE_ACCOUNT, DataprocServerlessConfiguration.SERVICE_ACCOUNT,
                "is not a service account's email (jobs@my-project.iam.gserviceaccount.com)");
        Optional<String> network = optionalMatching(settings, NETWORK, DataprocServerlessConfiguration.NETWORK,
                "is not a VPC network's name or URI (default, projects/my-project/global/networks/default)");
        Optional<String> subnetwork = optionalMatching(settings, SUBNETWORK, DataprocServerlessConfiguration.SUBNETWORK,
                "is not a VPC subnetwork's name or URI (default, projects/my-project/regions/us-central1/subnetworks/default)");
        if (network.isPresent() && subnetwork.isPresent()) {
            throw new SettingException(settings.key(NETWORK) + " and " + settings.key(SUBNETWORK)
                    + " are both set: a batch joins a network (and its subnetwork of the region) or a subnetwork, not both");
        }
        subnetwork.ifPresent(given -> {
            Matcher uri = DataprocServerlessConfiguration.SUBNETWORK.matcher(given);
            if (uri.matches() && uri.group(3) != null && !uri.group(3).equals(region)) {
                throw settings.invalid(SUBNETWORK, "is a subnetwork of region " + uri.group(3) + ", not of " + settings.key(REGION) + " " + region);
            }
        });
        Map<String, String> labels = labels(settings);
        Optional<Duration> ttl = settings.optional(TTL).map(given -> settings.duration(TTL));
        ttl.ifPresent(limit -> {
            if (limit.compareTo(DataprocServerlessConfiguration.SHORTEST_TTL) < 0 || limit.compareTo(DataprocServerlessConfiguration.LONGEST_TTL) > 0) {
                throw settings.invalid(TTL, "must be between PT10M and P14D, as Dataproc takes a batch's ttl");
            }
        });
        Credentials credentials = settings.choice(CREDENTIALS, Credentials.class);
        Optional<Endpoint> endpoint = endpoint(settings);
        if (endpoint.isPresent() && endpoint.get().plaintext() && credentials != Credentials.NONE) {
            throw new SettingException(settings.key(ENDPOINT) + " is http://: plaintext, for an emulator or fake only, which takes "
                    + settings.key(CREDENTIALS) + "=none (credentials are never sent without TLS)");
        }
        if (endpoint.isEmpty() && credentials == Credentials.NONE) {
            throw new SettingException(settings.key(CREDENTIALS) + "=none is for an emulator or fake at " + settings.key(ENDPOINT)
                    + "; Dataproc itself takes no call without credentials");
        }
        Duration pollInterval = settings.duration(STATUS_POLL_INTERVAL);
        Duration grace = settings.duration(DRIVER_LOG_GRACE);
        Duration retention = settings.duration(ENDED_BATCH_RETENTION);
        if (retention.compareTo(grace) < 0) {
            throw settings.invalid(ENDED_BATCH_RETENTION, "must be at least " + settings.key(DRIVER_LOG_GRACE)
                    + ": the driver output is found through the ended batch");
        }
        Duration provisioning = settings.duration(PROVISIONING_TIMEOUT);
        if (provisioning.compareTo(Duration.ofMinutes(1)) < 0) {
            throw settings.invalid(PROVISIONING_TIMEOUT, "must be at least PT1M: Dataproc takes a minute or more to start a batch's driver");
        }
        DataprocServerlessConfiguration configuration;
        try {
            configuration = new DataprocServerlessConfiguration(project, region, runtime, serviceAccount, network, subnetwork,
                    new TreeMap<>(labels), ttl, endpoint, credentials, pollInterval, grace, retention);
        } catch (IllegalArgumentException e) {
            throw new SettingException(settings.prefix() + "*: " + e.getMessage(), e);
        }
        return new Profile(configuration, BackendLimits.read(settings), provisioning);
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

    private static Map<String, String> labels(Settings settings) {
        Map<String, String> labels = settings.map(LABELS);
        for (Map.Entry<String, String> label : labels.entrySet()) {
            String key = settings.key(LABELS + "." + label.getKey());
            if (!DataprocServerlessConfiguration.LABEL_KEY.matcher(label.getKey()).matches()) {
                throw new SettingException(key + ": a label key is 1 to 63 lower-case letters, digits, _ and -, starting with a letter");
            }
            if (label.getKey().startsWith(DataprocServerlessConfiguration.OWN_LABEL_PREFIX)) {
                throw new SettingException(key + ": labels beginning " + DataprocServerlessConfiguration.OWN_LABEL_PREFIX
                        + " are Sparkplane's own (it finds its batches by them)");
            }
            if (!DataprocServerlessConfiguration.LABEL_VALUE.matcher(label.getValue().trim()).matches()) {
                throw new SettingException(key + ": a label value is at most 63 lower-case letters, digits, _ and - (was '" + label.getValue()
                        + "')");
            }
        }
        if (labels.size() > DataprocServerlessConfiguration.MOST_PROFILE_LABELS) {
            throw new SettingException(settings.key(LABELS) + ".*: at most " + DataprocServerlessConfiguration.MOST_PROFILE_LABELS
                    + " labels (Dataproc takes 32 on a batch, 4 are Sparkplane's), not " + labels.size());
        }
        Map<String, String> trimmed = new TreeMap<>();
        labels.forEach((key, value) -> trimmed.put(key, value.trim()));
        return trimmed;
    }

    /** {@code https://host[:port]} (TLS, 443 by default) or {@code http://host:port} (plaintext), nothing after the authority. */
    private static Optional<Endpoint> endpoint(Settings settings) {
        return settings.url(ENDPOINT).map(uri -> {
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            if (!(path.isEmpty() || path.equals("/")) || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw settings.invalid(ENDPOINT, "must be scheme://host:port and nothing more: gRPC calls take no path");
            }
            boolean plaintext = uri.getScheme().toLowerCase(Locale.ROOT).equals("http");
            int port = uri.getPort() >= 0 ? uri.getPort() : plaintext ? 80 : 443;
            try {
                return new Endpoint(uri.getHost() + ":" + port, plaintext);
            } catch (IllegalArgumentException e) {
                throw settings.invalid(ENDPOINT, "must be scheme://host:port");
            }
        });
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

    /** Batches read their inputs from Cloud Storage, and Dataproc writes their output there. */
    @Override
    public Set<String> stagingSchemes() {
        return Set.of("gs");
    }

    /**
     * The profile's Dataproc client: Application Default Credentials are looked up here (a machine
     * without them fails to start the profile, saying so); nothing else is called until the first run.
     */
    @Override
    public EngineBackend create(Profile profile, BackendContext context) {
        DataprocServerlessConfiguration configuration = profile.configuration();
        System.getLogger(DataprocServerlessBackendFactory.class.getName()).log(System.Logger.Level.INFO,
                "dataproc-serverless backend {0}: project {1}, region {2}, runtime {3}, calls to {4}, credentials {5}", context.profile(),
                configuration.project(), configuration.region(), configuration.runtimeVersion(), configuration.target(),
                configuration.credentials().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        DataprocServerlessEngineBackend backend = backend(context.profile(), configuration, context.clock());
        try {
            backend.checkProject();
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        return backend;
    }

    /** The backend of a profile on its own client; the tests' way in with a fake's endpoint. */
    static DataprocServerlessEngineBackend backend(String profile, DataprocServerlessConfiguration configuration, Clock clock) {
        return new DataprocServerlessEngineBackend(profile, configuration, DataprocClients.batchController(configuration), clock);
    }
}
