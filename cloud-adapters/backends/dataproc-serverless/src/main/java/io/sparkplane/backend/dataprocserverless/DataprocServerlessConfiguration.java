package io.sparkplane.backend.dataprocserverless;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How one {@code dataproc-serverless} engine profile runs its attempts, read from its settings.
 *
 * @param project the Google Cloud project the batches run in
 * @param region the Dataproc region of the batches ({@code us-central1})
 * @param runtimeVersion the Serverless for Apache Spark runtime of every batch ({@code 2.3})
 * @param serviceAccount the service account the batches run as; empty: Dataproc's default (the
 *     project's Compute Engine default service account)
 * @param networkUri the VPC network the batches join, a name or URI; empty: none given
 * @param subnetworkUri the VPC subnetwork the batches join, a name or URI; empty: none given
 *     (Dataproc takes the region's {@code default} subnetwork when neither is given)
 * @param labels the profile's own labels, put on every batch beside Sparkplane's
 * @param ttl how long Dataproc lets a batch run before it cancels it; empty: Dataproc's default
 * @param endpoint where the calls go instead of Dataproc's regional endpoint; empty: Dataproc's
 * @param credentials how the calls authenticate
 * @param statusPollInterval how long one look at a batch is reused by {@code describe}: the control
 *     plane's loops ask every second, Dataproc's read quota is per minute
 * @param driverLogGrace how long after a batch ended its driver output is taken as whole
 * @param endedBatchRetention how long an ended batch is kept (its state, the location of its driver
 *     output) before a terminate deletes it
 */
public record DataprocServerlessConfiguration(
        String project,
        String region,
        String runtimeVersion,
        Optional<String> serviceAccount,
        Optional<String> networkUri,
        Optional<String> subnetworkUri,
        SortedMap<String, String> labels,
        Optional<Duration> ttl,
        Optional<Endpoint> endpoint,
        Credentials credentials,
        Duration statusPollInterval,
        Duration driverLogGrace,
        Duration endedBatchRetention) {

    /** Google's rule for a project id: 6 to 30 lower-case letters, digits and dashes, starting with a letter, not ending with a dash. */
    static final Pattern PROJECT = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");
    /** A Google Cloud region: {@code us-central1}, {@code europe-west4}, {@code northamerica-northeast1}. */
    static final Pattern REGION = Pattern.compile("[a-z]+(-[a-z]+)+[0-9]{1,2}");
    /** A Serverless for Apache Spark runtime version: {@code 1.2}, {@code 2.2}, {@code 2.3}, or one of its sub-minor versions. */
    static final Pattern RUNTIME_VERSION = Pattern.compile("[0-9]{1,2}\\.[0-9]{1,2}(\\.[0-9]{1,4})?");
    /** A service account's email ({@code jobs@my-project.iam.gserviceaccount.com}). */
    static final Pattern SERVICE_ACCOUNT = Pattern.compile("[a-zA-Z0-9._%+-]{1,64}@[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?\\.[a-z]{2,63}");
    /** A Compute Engine resource name (a network's, a subnetwork's). */
    static final String NAME = "[a-z]([-a-z0-9]{0,61}[a-z0-9])?";
    /** A network: its name, or its URI (full, or from {@code projects/}). */
    static final Pattern NETWORK = Pattern.compile("(https://www\\.googleapis\\.com/compute/v1/)?(projects/[a-z0-9.:-]{1,63}/)?global/networks/" + NAME
            + "|" + NAME);
    /** A subnetwork: its name, or its URI (full, or from {@code projects/}); group 3 is the region a URI names. */
    static final Pattern SUBNETWORK = Pattern.compile("(https://www\\.googleapis\\.com/compute/v1/)?(projects/[a-z0-9.:-]{1,63}/)?regions/([a-z0-9-]{1,63})"
            + "/subnetworks/" + NAME + "|" + NAME);
    /** A label key, as Dataproc takes it (lower-case ASCII here). */
    static final Pattern LABEL_KEY = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    /** A label value, as Dataproc takes it (lower-case ASCII here; empty allowed). */
    static final Pattern LABEL_VALUE = Pattern.compile("[a-z0-9_-]{0,63}");
    /** Sparkplane's own labels begin so; a profile's may not. */
    static final String OWN_LABEL_PREFIX = "sparkplane-";
    /** Dataproc takes at most 32 labels on a batch; Sparkplane puts 4 of its own. */
    static final int MOST_PROFILE_LABELS = 28;
    static final Duration SHORTEST_TTL = Duration.ofMinutes(10);
    static final Duration LONGEST_TTL = Duration.ofDays(14);

    public DataprocServerlessConfiguration {
        requireNonNull(project, "project is null");
        requireNonNull(region, "region is null");
        requireNonNull(runtimeVersion, "runtimeVersion is null");
        requireNonNull(serviceAccount, "serviceAccount is null");
        requireNonNull(networkUri, "networkUri is null");
        requireNonNull(subnetworkUri, "subnetworkUri is null");
        labels = new TreeMap<>(requireNonNull(labels, "labels is null"));
        requireNonNull(ttl, "ttl is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(credentials, "credentials is null");
        requireNonNull(statusPollInterval, "statusPollInterval is null");
        requireNonNull(driverLogGrace, "driverLogGrace is null");
        requireNonNull(endedBatchRetention, "endedBatchRetention is null");
        check(PROJECT, project, "a project id");
        check(REGION, region, "a region");
        check(RUNTIME_VERSION, runtimeVersion, "a runtime version");
        serviceAccount.ifPresent(account -> check(SERVICE_ACCOUNT, account, "a service account's email"));
        networkUri.ifPresent(network -> check(NETWORK, network, "a network's name or URI"));
        subnetworkUri.ifPresent(subnetwork -> check(SUBNETWORK, subnetwork, "a subnetwork's name or URI"));
        if (networkUri.isPresent() && subnetworkUri.isPresent()) {
            throw new IllegalArgumentException("a batch joins a network or a subnetwork, not both");
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            check(LABEL_KEY, label.getKey(), "a label key");
            check(LABEL_VALUE, label.getValue(), "a label value");
            if (label.getKey().startsWith(OWN_LABEL_PREFIX)) {
                throw new IllegalArgumentException("labels beginning " + OWN_LABEL_PREFIX + " are Sparkplane's own: " + label.getKey());
            }
        }
        if (labels.size() > MOST_PROFILE_LABELS) {
            throw new IllegalArgumentException("at most " + MOST_PROFILE_LABELS + " labels of a profile's own, not " + labels.size());
        }
        ttl.ifPresent(limit -> {
            if (limit.compareTo(SHORTEST_TTL) < 0 || limit.compareTo(LONGEST_TTL) > 0) {
                throw new IllegalArgumentException("a batch's ttl is between 10 minutes and 14 days, not " + limit);
            }
        });
        if (endpoint.isPresent() && endpoint.get().plaintext() && credentials != Credentials.NONE) {
            throw new IllegalArgumentException("a plaintext endpoint takes no credentials");
        }
        if (endpoint.isEmpty() && credentials == Credentials.NONE) {
            throw new IllegalArgumentException("Dataproc itself takes no call without credentials");
        }
        if (statusPollInterval.isNegative() || driverLogGrace.isNegative() || endedBatchRetention.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    private static void check(Pattern pattern, String value, String what) {
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("not " + what + ": " + value);
        }
    }

    /** {@code projects/<project>/locations/<region>}: where the batches are. */
    public String parent() {
        return "projects/" + project + "/locations/" + region;
    }

    /** Where the calls go: the endpoint given, else Dataproc's regional endpoint, which regional resources need. */
    public String target() {
        return endpoint.map(Endpoint::authority).orElse(region + "-dataproc.googleapis.com:443");
    }

    /** How the calls authenticate. */
    public enum Credentials {
        /** Application Default Credentials: the environment's, a workload identity, the VM's service account. */
        APPLICATION_DEFAULT,
        /** None: only for an emulator or fake at {@code endpoint}. */
        NONE,
    }

    /**
     * Where the calls go instead of Dataproc's regional endpoint.
     *
     * @param authority {@code host:port}
     * @param plaintext gRPC without TLS ({@code http://}): an emulator or fake on a trusted network
     */
    public record Endpoint(String authority, boolean plaintext) {
        private static final Pattern AUTHORITY = Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.-]+):[0-9]{1,5}");

        public Endpoint {
            requireNonNull(authority, "authority is null");
            if (!AUTHORITY.matcher(authority).matches()) {
                throw new IllegalArgumentException("an endpoint is host:port, not " + authority);
            }
        }
    }
}
