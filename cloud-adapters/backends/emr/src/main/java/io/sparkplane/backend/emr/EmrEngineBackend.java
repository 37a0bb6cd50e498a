package io.sparkplane.backend.emr;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.engine.JobHosting;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.Cluster;
import software.amazon.awssdk.services.emr.model.ClusterState;
import software.amazon.awssdk.services.emr.model.ClusterSummary;
import software.amazon.awssdk.services.emr.model.InstanceGroup;
import software.amazon.awssdk.services.emr.model.InstanceGroupModifyConfig;
import software.amazon.awssdk.services.emr.model.InstanceGroupType;
import software.amazon.awssdk.services.emr.model.InvalidRequestException;
import software.amazon.awssdk.services.emr.model.StepState;
import software.amazon.awssdk.services.emr.model.StepSummary;
import software.amazon.awssdk.services.emr.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The {@code emr} backend: an attempt's cluster is one transient EMR on EC2 cluster, named and
 * tagged after the attempt, running the job as its one step ({@link JobFlowRequests}); the
 * autoscaler's worker count is its TASK group's instance count. What EMR reports is read by {@link
 * EmrStates}.
 *
 * <p>RunJobFlow takes no idempotency token: a provision that may follow an earlier one ({@link
 * ClusterSpec#mayExist()}) first looks for a cluster of the attempt's name carrying Sparkplane's
 * tags and adopts it, so a retry after a crash makes no second cluster.
 * A provision that fails after EMR made the cluster terminates it. Observations are reused for
 * {@link EmrBackendConfiguration#statusPollInterval()}: the control plane's loops ask every second,
 * EMR's describe calls are rate-limited per account. Throttling and transient errors are retried by
 * the SDK's standard retry strategy, with backoff.
 */
public final class EmrEngineBackend implements EngineBackend {

    static final String CLUSTER_ID = "clusterId";
    static final String STEP_ID = "stepId";
    static final String LOG_URI = "logUri";
    static final String MIN_WORKERS = "minWorkers";
    static final String MAX_WORKERS = "maxWorkers";
    /** How far back a provision looks for an ended cluster of its attempt (a retry comes within minutes). */
    static final Duration ADOPTION_WINDOW = Duration.ofDays(1);
    private static final Set<ClusterState> LIVE = Set.of(
            ClusterState.STARTING, ClusterState.BOOTSTRAPPING, ClusterState.RUNNING, ClusterState.WAITING, ClusterState.TERMINATING);
    private static final Set<ClusterState> ENDED = Set.of(ClusterState.TERMINATED, ClusterState.TERMINATED_WITH_ERRORS);
    private static final System.Logger LOG = System.getLogger(EmrEngineBackend.class.getName());

    private final String name;
    private final EmrClient emr;
    private final EmrBackendConfiguration configuration;
    private final Clock clock;
    private final Map<String, Observed> observations = new ConcurrentHashMap<>();

    private record Observed(Instant at, EmrObservation observation, Optional<String> taskGroupId) {}

    /** A backend on a client it closes when it is closed itself. */
    EmrEngineBackend(String name, EmrClient emr, EmrBackendConfiguration configuration, Clock clock) {
        this.name = requireNonNull(name, "name is null");
        this.emr = requireNonNull(emr, "emr is null");
        this.configuration = requireNonNull(configuration, "configuration is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * A backend with its own client on the profile's region, endpoint and credentials, after checking
     * with EMR that the release takes the profile's instance types (where EMR can tell).
     */
    static EmrEngineBackend connect(String name, EmrBackendConfiguration configuration, Clock clock) {
        return connect(name, configuration, clock, credentials(configuration, Region.of(configuration.region())));
    }

    static EmrEngineBackend connect(String name, EmrBackendConfiguration configuration, Clock clock, AwsCredentialsProvider credentials) {
        EmrClient client = client(configuration, credentials);
        try {
            ReleaseCheck.instanceTypes(client, configuration);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "emr backend {0}: region {1}, release {2}, master {3}, {4} core {5}, task {6}",
                name, configuration.region(), configuration.releaseLabel(), configuration.masterInstanceType(),
                configuration.coreInstanceCount(), configuration.coreInstanceType(), configuration.taskInstanceType());
        return new EmrEngineBackend(name, client, configuration, clock);
    }

    static EmrClient client(EmrBackendConfiguration configuration, AwsCredentialsProvider credentials) {
        var builder = EmrClient.builder()
                .region(Region.of(configuration.region()))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(credentials)
                .overrideConfiguration(override -> override.retryStrategy(RetryMode.STANDARD));
        configuration.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(EmrBackendConfiguration configuration, Region region) {
        if (configuration.roleArn().isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        var sts = StsClient.builder().region(region).httpClient(UrlConnectionHttpClient.create());
        configuration.endpoint().ifPresent(sts::endpointOverride);
        return StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts.build())
                .refreshRequest(request -> request.roleArn(configuration.roleArn().get()).roleSessionName("sparkplane"))
                .build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public JobHosting hosting() {
        return JobHosting.SERVICE;
    }

    @Override
    public ClusterRef provision(ClusterSpec spec) {
        Optional<String> existing;
        try {
            // listing clusters is slow and rate-limited: only when an earlier provision may have made one
            existing = spec.mayExist() ? find(spec.clusterName()) : Optional.empty();
        } catch (SdkException e) {
            throw failure("cannot look for the EMR cluster " + spec.clusterName(), e); // nothing made: the next provision looks again
        }
        String clusterId;
        if (existing.isPresent()) {
            clusterId = existing.get();
            LOG.log(System.Logger.Level.INFO, "cluster {0}: adopted EMR cluster {1}", spec.clusterName(), clusterId);
        } else {
            try {
                clusterId = emr.runJobFlow(JobFlowRequests.runJobFlow(configuration, name, spec)).jobFlowId();
            } catch (SdkException e) {
                // a call that timed out may have made the cluster all the same: nothing recorded would end it
                terminateQuietly(spec.clusterName());
                throw failure("cannot start the EMR cluster " + spec.clusterName(), e);
            }
            LOG.log(System.Logger.Level.INFO, "cluster {0}: EMR cluster {1} started with {2} task instances",
                    spec.clusterName(), clusterId, spec.initialWorkers());
        }
        try {
            StepSummary step = firstStep(clusterId)
                    .orElseThrow(() -> new EngineBackendException("the EMR cluster " + spec.clusterName() + " has no step"));
            return new ClusterRef(name, spec.clusterName(), Map.of(
                    CLUSTER_ID, clusterId,
                    STEP_ID, step.id(),
                    LOG_URI, JobFlowRequests.logUri(spec),
                    MIN_WORKERS, Integer.toString(spec.resources().minExecutors()),
                    MAX_WORKERS, Integer.toString(spec.resources().maxExecutors())));
        } catch (SdkException | EngineBackendException e) {
            if (existing.isEmpty()) {
                // what this call made ends with it; an adopted cluster runs on, for the next provision to adopt
                terminateQuietly(spec.clusterName());
            }
            throw e instanceof SdkException sdk ? failure("cannot start the EMR cluster " + spec.clusterName(), sdk) : (EngineBackendException) e;
        }
    }

    @Override
    public ClusterTopology resize(ClusterRef cluster, int wanted) {
        int workers = Math.max(bound(cluster, MIN_WORKERS), Math.min(bound(cluster, MAX_WORKERS), wanted));
        try {
            Observed observed = observe(cluster, false);
            ClusterTopology topology = observed.observation().topology();
            boolean live = observed.observation().clusterState() != ClusterState.TERMINATING && !ENDED.contains(observed.observation().clusterState());
            if (!live || topology.desiredWorkers() == workers || observed.taskGroupId().isEmpty()) {
                return topology;
            }
            emr.modifyInstanceGroups(request -> request.clusterId(cluster.attribute(CLUSTER_ID)).instanceGroups(
                    InstanceGroupModifyConfig.builder().instanceGroupId(observed.taskGroupId().get()).instanceCount(workers).build()));
            LOG.log(System.Logger.Level.INFO, "cluster {0}: task instances {1} -> {2}", cluster.clusterName(), topology.desiredWorkers(), workers);
            return observe(cluster, true).observation().topology();
        } catch (SdkException e) {
            throw failure("cannot resize the EMR cluster " + cluster.clusterName(), e);
        }
    }

    @Override
    public ClusterStatus describe(ClusterRef cluster) {
        try {
            return EmrStates.status(observe(cluster, false).observation());
        } catch (InvalidRequestException e) {
            // EMR forgets a cluster two months after it ends, and a wrong id is refused the same way
            return new ClusterStatus.Gone("EMR does not know the cluster " + cluster.attribute(CLUSTER_ID) + ": " + message(e));
        } catch (SdkException e) {
            throw failure("cannot describe the EMR cluster " + cluster.clusterName(), e);
        }
    }

    /**
     * Cancels the step, then terminates the cluster: EMR ends it (instances included) on its own
     * from there, which takes minutes; the control plane's loops are not held for it.
     */
    @Override
    public void terminate(ClusterRef cluster) {
        String clusterId = cluster.attribute(CLUSTER_ID);
        try {
            Cluster described = emr.describeCluster(request -> request.clusterId(clusterId)).cluster();
            if (!ENDED.contains(described.status().state()) && described.status().state() != ClusterState.TERMINATING) {
                cancelStep(cluster);
                emr.terminateJobFlows(request -> request.jobFlowIds(clusterId));
                LOG.log(System.Logger.Level.INFO, "cluster {0}: EMR cluster {1} terminating", cluster.clusterName(), clusterId);
            }
            // after the calls: a look taken meanwhile must not outlive them
            observations.remove(clusterId);
        } catch (InvalidRequestException e) {
            LOG.log(System.Logger.Level.DEBUG, "cluster {0}: EMR does not know {1}: nothing to terminate", cluster.clusterName(), clusterId);
        } catch (SdkException e) {
            throw failure("cannot terminate the EMR cluster " + cluster.clusterName(), e);
        }
    }

    /** The step's stdout and stderr, which EMR copies to the cluster's log URI every few minutes and at its end. */
    @Override
    public List<String> driverLogLocations(ClusterRef cluster) {
        String steps = cluster.attribute(LOG_URI) + cluster.attribute(CLUSTER_ID) + "/steps/" + cluster.attribute(STEP_ID) + "/";
        return List.of(steps + "stdout.gz", steps + "stderr.gz");
    }

    /** EMR copies the step's logs a last time as the cluster terminates: they are whole once it has. */
    @Override
    public boolean driverLogComplete(ClusterRef cluster) {
        try {
            if (ENDED.contains(observe(cluster, false).observation().clusterState())) {
                observations.remove(cluster.attribute(CLUSTER_ID)); // asked no more
                return true;
            }
            return false;
        } catch (InvalidRequestException e) {
            return true; // EMR no longer knows the cluster: nothing more will come
        } catch (SdkException e) {
            throw failure("cannot describe the EMR cluster " + cluster.clusterName(), e);
        }
    }

    @Override
    public List<ClusterRef> liveClusters() {
        try {
            List<ClusterRef> found = new ArrayList<>();
            for (ClusterSummary summary : emr.listClustersPaginator(request -> request.clusterStates(LIVE)).clusters()) {
                if (!summary.name().startsWith("sp-")) {
                    continue;
                }
                Cluster cluster;
                try {
                    cluster = emr.describeCluster(request -> request.clusterId(summary.id())).cluster();
                } catch (AwsServiceException e) {
                    if (e.statusCode() == 403) {
                        continue; // a least-privilege policy names this profile's clusters only: not ours to see
                    }
                    throw e;
                }
                if (EmrTags.isOurs(tags(cluster), name, summary.name())) {
                    found.add(new ClusterRef(name, summary.name(), Map.of(CLUSTER_ID, summary.id(), LOG_URI,
                            Optional.ofNullable(cluster.logUri()).orElse(""))));
                }
            }
            return found;
        } catch (SdkException e) {
            throw failure("cannot list the EMR clusters of profile " + name, e);
        }
    }

    @Override
    public void close() {
        emr.close();
    }

    /** The newest cluster of that name carrying this profile's tags: live, or ended within the adoption window. */
    private Optional<String> find(String clusterName) {
        Instant since = clock.instant().minus(ADOPTION_WINDOW);
        Set<ClusterState> states = new HashSet<>(LIVE);
        states.addAll(ENDED);
        List<ClusterSummary> named = new ArrayList<>();
        for (ClusterSummary summary : emr.listClustersPaginator(request -> request.clusterStates(states).createdAfter(since)).clusters()) {
            if (summary.name().equals(clusterName)) {
                named.add(summary);
            }
        }
        named.sort(Comparator.comparing((ClusterSummary summary) -> summary.status().timeline().creationDateTime(),
                Comparator.nullsFirst(Comparator.naturalOrder())).reversed());
        for (ClusterSummary summary : named) {
            Cluster cluster = emr.describeCluster(request -> request.clusterId(summary.id())).cluster();
            if (EmrTags.isOurs(tags(cluster), name, clusterName)) {
                return Optional.of(summary.id());
            }
        }
        return Optional.empty();
    }

    private Optional<StepSummary> firstStep(String clusterId) {
        List<StepSummary> steps = emr.listSteps(request -> request.clusterId(clusterId)).steps();
        // ListSteps gives the newest first; an attempt's cluster has one step
        return steps.isEmpty() ? Optional.empty() : Optional.of(steps.get(steps.size() - 1));
    }

    private void cancelStep(ClusterRef cluster) {
        String stepId = cluster.attributes().get(STEP_ID);
        if (stepId == null) {
            return;
        }
        try {
            emr.cancelSteps(request -> request.clusterId(cluster.attribute(CLUSTER_ID)).stepIds(stepId));
        } catch (SdkException e) {
            // terminating the cluster ends its step too: a refused cancel holds nothing up
            LOG.log(System.Logger.Level.WARNING, "cluster {0}: cannot cancel step {1} before terminating: {2}",
                    cluster.clusterName(), stepId, message(e));
        }
    }

    private void terminateQuietly(String clusterName) {
        try {
            Optional<String> made = find(clusterName);
            if (made.isPresent()) {
                emr.terminateJobFlows(request -> request.jobFlowIds(made.get()));
                LOG.log(System.Logger.Level.INFO, "cluster {0}: EMR cluster {1} terminated after provisioning failed", clusterName, made.get());
            }
        } catch (SdkException e) {
            LOG.log(System.Logger.Level.WARNING, "cluster {0}: cannot terminate what was made of it before provisioning failed: {1}",
                    clusterName, message(e));
        }
    }

    /** The cluster as EMR sees it now, or as it saw it within the poll interval unless {@code fresh}. */
    private Observed observe(ClusterRef cluster, boolean fresh) {
        String clusterId = cluster.attribute(CLUSTER_ID);
        Instant now = clock.instant();
        Observed cached = observations.get(clusterId);
        if (!fresh && cached != null && Duration.between(cached.at(), now).compareTo(configuration.statusPollInterval()) < 0) {
            return cached;
        }
        Cluster described = emr.describeCluster(request -> request.clusterId(clusterId)).cluster();
        String stepId = cluster.attributes().get(STEP_ID);
        StepState stepState = null;
        String failureReason = null;
        String failureMessage = null;
        String failureLog = null;
        if (stepId != null) {
            var status = emr.describeStep(request -> request.clusterId(clusterId).stepId(stepId)).step().status();
            stepState = status.state();
            if (status.failureDetails() != null) {
                failureReason = status.failureDetails().reason();
                failureMessage = status.failureDetails().message();
                failureLog = status.failureDetails().logFile();
            }
        }
        Optional<InstanceGroup> task = emr.listInstanceGroups(request -> request.clusterId(clusterId)).instanceGroups().stream()
                .filter(group -> group.instanceGroupType() == InstanceGroupType.TASK)
                .findFirst();
        int requested = task.map(group -> orZero(group.requestedInstanceCount())).orElse(0);
        int running = task.map(group -> orZero(group.runningInstanceCount())).orElse(0);
        Map<String, String> endpoints = described.masterPublicDnsName() == null ? Map.of() : Map.of("master", described.masterPublicDnsName());
        ClusterTopology topology = new ClusterTopology(requested, running, 0, endpoints, List.of());
        var reason = described.status().stateChangeReason();
        EmrObservation observation = new EmrObservation(described.status().state(),
                reason == null ? null : reason.code(), reason == null ? null : reason.message(),
                stepState, failureReason, failureMessage, failureLog, topology);
        Observed observed = new Observed(now, observation, task.map(InstanceGroup::id));
        observations.put(clusterId, observed);
        return observed;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static int bound(ClusterRef cluster, String attribute) {
        return Integer.parseInt(cluster.attribute(attribute));
    }

    private static Map<String, String> tags(Cluster cluster) {
        return cluster.tags() == null ? Map.of() : cluster.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    }

    /** AWS's own words (error code and message), never the request. */
    static EngineBackendException failure(String what, SdkException e) {
        return new EngineBackendException(what + ": " + message(e), e);
    }

    static String message(SdkException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String code = aws.awsErrorDetails().errorCode();
            String text = aws.awsErrorDetails().errorMessage();
            return (code == null ? "" : code + ": ") + (text == null ? "HTTP " + aws.statusCode() : text);
        }
        return e.getMessage();
    }
}
