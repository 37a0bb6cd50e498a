package io.sparkplane.backend.dataproc;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.engine.BackendContext;
import io.sparkplane.spi.engine.BackendLimits;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendFactory;
import io.sparkplane.spi.engine.JobHosting;
import io.sparkplane.spi.settings.Setting;
import io.sparkplane.spi.settings.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Engine profiles of type {@code dataproc}: each attempt is one Dataproc on Compute Engine cluster
 * running one job, its secondary workers resized by Sparkplane's autoscaler. Everything the settings
 * alone can tell is checked here, at the control plane's start, naming the key.
 */
public final class DataprocBackendFactory implements EngineBackendFactory<DataprocBackendFactory.Profile> {

    public static final String TYPE = "dataproc";
    static final String PROJECT = "project";
    static final String REGION = "region";
    static final String ZONE = "zone";
    static final String IMAGE_VERSION = "image-version";
    static final String MASTER_MACHINE_TYPE = "master-machine-type";
    static final String WORKER_MACHINE_TYPE = "worker-machine-type";
    static final String WORKER_COUNT = "worker-count";
    static final String SECONDARY_WORKER_MACHINE_TYPE = "secondary-worker-machine-type";
    static final String SECONDARY_WORKER_PREEMPTIBILITY = "secondary-worker-preemptibility";
    static final String SERVICE_ACCOUNT = "service-account";
    static final String NETWORK = "network";
    static final String SUBNETWORK = "subnetwork";
    static final String LABELS = "labels";
    static final String IDLE_DELETE_TTL = "idle-delete-ttl";
    static final String AUTO_DELETE_TTL = "auto-delete-ttl";
    static final String GRACEFUL_DECOMMISSION_TIMEOUT = "graceful-decommission-timeout";
    static final String ENDPOINT = "endpoint";
    static final String CREDENTIALS = "credentials";
    static final String STATUS_POLL_INTERVAL = "status-poll-interval";
    static final String OPERATION_TIMEOUT = "operation-timeout";
    static final String DRIVER_LOG_GRACE = "driver-log-grace";
    static final String PROVISIONING_TIMEOUT = "provisioning-timeout";

    static final Pattern PROJECT_ID = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");
    static final Pattern REGION_NAME = Pattern.compile("[a-z]+-[a-z]+[0-9]+");
    private static final Pattern IMAGE = Pattern.compile("[0-9]+\\.[0-9]+(\\.[0-9]+)?(-[a-z0-9]+)*");
    private static final Pattern MACHINE_TYPE = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)+");
    private static final Pattern EMAIL = Pattern.compile("[a-z0-9][a-z0-9._-]*@[a-z0-9-]+(\\.[a-z0-9-]+)+");
    private static final Pattern RESOURCE = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?|(https://www\\.googleapis\\.com/compute/v1/)?projects/[^/\\s]+/.+");
    /** Dataproc's bounds on both lifecycle TTLs. */
    private static final Duration TTL_MIN = Duration.ofMinutes(10);
    private static final Duration TTL_MAX = Duration.ofDays(14);
    private static final List<Setting> SETTINGS;

    static {
        List<Setting> settings = new ArrayList<>(List.of(
                Setting.required(PROJECT, "the Google Cloud project the clusters run in"),
                Setting.required(REGION, "the Dataproc region (us-central1)"),
                Setting.optional(ZONE, "the Compute Engine zone (us-central1-a); unset: Dataproc's auto zone placement"),
                Setting.of(IMAGE_VERSION, "2.3-debian12", "the Dataproc image version, which fixes the Spark version (2.3: Spark 3.5)"),
                Setting.of(MASTER_MACHINE_TYPE, "n2-standard-4", "the master's machine type; the driver runs on it"),
                Setting.of(WORKER_MACHINE_TYPE, "n2-standard-4", "the primary workers' machine type"),
                Setting.of(WORKER_COUNT, "2", "primary workers per cluster (YARN and HDFS, fixed); at least 2"),
                Setting.optional(SECONDARY_WORKER_MACHINE_TYPE, "the secondary workers' machine type, resized by the autoscaler; unset: the workers'"),
                Setting.of(SECONDARY_WORKER_PREEMPTIBILITY, "non-preemptible", "the secondary workers' kind: non-preemptible, preemptible or spot"),
                Setting.optional(SERVICE_ACCOUNT, "the VMs' service account email; unset: the project's Compute Engine default"),
                Setting.optional(NETWORK, "the VPC network (name or URI); unset: default; not with subnetwork"),
                Setting.optional(SUBNETWORK, "the VPC subnetwork (name or URI); not with network"),
                Setting.map(LABELS, "labels on every cluster and job beside Sparkplane's own (sparkplane-*)"),
                Setting.of(IDLE_DELETE_TTL, "PT30M", "Dataproc deletes a cluster idle this long: the cloud's safety net (PT10M..P14D)"),
                Setting.of(AUTO_DELETE_TTL, "P1D", "Dataproc deletes a cluster this old whatever it does: longer than any run (PT10M..P14D)"),
                Setting.of(GRACEFUL_DECOMMISSION_TIMEOUT, "PT2M", "how long a secondary worker being removed may finish its work"),
                Setting.optional(ENDPOINT, "Dataproc's gRPC endpoint, https://host:port; unset: the region's. http:// only for an emulator, with credentials none"),
                Setting.of(CREDENTIALS, "application-default", "application-default (Google's default chain), or none for an emulator"),
                Setting.of(STATUS_POLL_INTERVAL, "PT10S", "how long one look at a cluster and its job is reused"),
                Setting.of(OPERATION_TIMEOUT, "PT1M", "how long a call waits for Dataproc to accept a cluster's create, update or delete"),
                Setting.of(DRIVER_LOG_GRACE, "PT10S", "how long after the job's end its driver output is taken as whole"),
                Setting.of(PROVISIONING_TIMEOUT, "PT30M", "a cluster whose job has not started by then ends the run PROVISIONING_FAILED")));
        settings.addAll(BackendLimits.settings(10, 20));
        SETTINGS = List.copyOf(settings);
    }

    /** A profile's settings, read. */
    public record Profile(DataprocConfiguration configuration, BackendLimits limits, Duration provisioningTimeout) {
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
    public JobHosting hosting() {
        return JobHosting.SERVICE;
    }

    @Override
    public Set<String> stagingSchemes() {
        return Set.of("gs");
    }

    @Override
    public Profile configure(Settings settings) {
        String project = matching(settings, PROJECT, PROJECT_ID, "a Google Cloud project id like my-project-123");
        String region = matching(settings, REGION, REGION_NAME, "a Dataproc region like us-central1");
        Optional<String> zone = settings.optional(ZONE);
        if (zone.isPresent() && !zone.get().matches(Pattern.quote(region) + "-[a-z]")) {
            throw settings.invalid(ZONE, "is not a zone of region " + region + " (" + region + "-a)");
        }
        String image = matching(settings, IMAGE_VERSION, IMAGE, "a Dataproc image version like 2.3-debian12");
        String master = matching(settings, MASTER_MACHINE_TYPE, MACHINE_TYPE, "a machine type like n2-standard-4");
        String worker = matching(settings, WORKER_MACHINE_TYPE, MACHINE_TYPE, "a machine type like n2-standard-4");
        Optional<String> secondary = settings.optional(SECONDARY_WORKER_MACHINE_TYPE);
        if (secondary.isPresent()) {
            matching(settings, SECONDARY_WORKER_MACHINE_TYPE, MACHINE_TYPE, "a machine type like n2-standard-4");
        }
        String preemptibility = switch (settings.string(SECONDARY_WORKER_PREEMPTIBILITY).toLowerCase(Locale.ROOT)) {
            case "non-preemptible" -> "NON_PREEMPTIBLE";
            case "preemptible" -> "PREEMPTIBLE";
            case "spot" -> "SPOT";
            default -> throw settings.invalid(SECONDARY_WORKER_PREEMPTIBILITY, "must be non-preemptible, preemptible or spot");
        };
        Optional<String> account = settings.optional(SERVICE_ACCOUNT);
        if (account.isPresent() && !EMAIL.matcher(account.get()).matches()) {
            throw settings.invalid(SERVICE_ACCOUNT, "is not a service account email like jobs@my-project.iam.gserviceaccount.com");
        }
        Optional<String> network = resource(settings, NETWORK);
        Optional<String> subnetwork = resource(settings, SUBNETWORK);
        if (network.isPresent() && subnetwork.isPresent()) {
            throw settings.invalid(SUBNETWORK, "is set beside " + settings.key(NETWORK) + ": Dataproc takes one of them");
        }
        Map<String, String> labels = settings.map(LABELS);
        DataprocLabels.check(labels).ifPresent(problem -> {
            throw settings.invalid(LABELS, problem);
        });
        Duration idle = ttl(settings, IDLE_DELETE_TTL);
        Duration auto = ttl(settings, AUTO_DELETE_TTL);
        DataprocConfiguration configuration = new DataprocConfiguration(project, region, zone, image, master, worker,
                settings.integer(WORKER_COUNT, 2, 1000), secondary, preemptibility, account, network, subnetwork, labels, idle, auto,
                notNegative(settings, GRACEFUL_DECOMMISSION_TIMEOUT), endpoint(settings, region),
                notNegative(settings, STATUS_POLL_INTERVAL), positive(settings, OPERATION_TIMEOUT), notNegative(settings, DRIVER_LOG_GRACE));
        Duration provisioning = settings.duration(PROVISIONING_TIMEOUT);
        if (provisioning.compareTo(Duration.ofMinutes(1)) < 0) {
            throw settings.invalid(PROVISIONING_TIMEOUT, "must be at least PT1M: a Dataproc cluster takes minutes to start");
        }
        return new Profile(configuration, BackendLimits.read(settings), provisioning);
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
    public EngineBackend create(Profile profile, BackendContext context) {
        return DataprocEngineBackend.connect(context.profile(), profile.configuration(), context.clock());
    }

    /** The endpoint setting and the credentials setting together: plaintext never carries credentials. */
    static GoogleEndpoint endpoint(Settings settings, String region) {
        boolean credentials = switch (settings.string(CREDENTIALS)) {
            case "application-default" -> true;
            case "none" -> false;
            default -> throw settings.invalid(CREDENTIALS, "must be application-default or none");
        };
        Optional<URI> url = settings.url(ENDPOINT);
        if (url.isEmpty()) {
            if (!credentials) {
                throw settings.invalid(CREDENTIALS, "is none, which only an emulator's endpoint takes: set " + settings.key(ENDPOINT));
            }
            return GoogleEndpoint.regional(region);
        }
        URI uri = url.get();
        if ((uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) || uri.getQuery() != null) {
            throw settings.invalid(ENDPOINT, "must be scheme://host:port with no path");
        }
        boolean plaintext = uri.getScheme().equalsIgnoreCase("http");
        if (plaintext && credentials) {
            throw settings.invalid(ENDPOINT, "is http://, which would send credentials in plaintext: use https://, or set "
                    + settings.key(CREDENTIALS) + " to none for an emulator");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : plaintext ? 80 : 443;
        return new GoogleEndpoint(uri.getHost() + ":" + port, plaintext, credentials);
    }

    private static Optional<String> resource(Settings settings, String name) {
        Optional<String> value = settings.optional(name);
        if (value.isPresent() && !RESOURCE.matcher(value.get()).matches()) {
            throw settings.invalid(name, "is not a " + name + " name or projects/.../" + name + "s/... URI");
        }
        return value;
    }

    private static Duration ttl(Settings settings, String name) {
        Duration ttl = settings.duration(name);
        if (ttl.compareTo(TTL_MIN) < 0 || ttl.compareTo(TTL_MAX) > 0) {
            throw settings.invalid(name, "must be between PT10M and P14D, as Dataproc takes");
        }
        return ttl;
    }

    private static Duration notNegative(Settings settings, String name) {
        Duration duration = settings.duration(name);
        if (duration.isNegative()) {
            throw settings.invalid(name, "must not be negative");
        }
        return duration;
    }

    private static Duration positive(Settings settings, String name) {
        Duration duration = settings.duration(name);
        if (duration.isNegative() || duration.isZero()) {
            throw settings.invalid(name, "must be positive");
        }
        return duration;
    }

    private static String matching(Settings settings, String name, Pattern pattern, String what) {
        String value = settings.string(name);
        if (!pattern.matcher(value).matches()) {
            throw settings.invalid(name, "is not " + what);
        }
        return value;
    }
}
