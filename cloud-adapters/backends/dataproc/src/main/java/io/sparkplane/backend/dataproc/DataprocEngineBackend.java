package io.sparkplane.backend.dataproc;

import static java.util.Objects.requireNonNull;

import com.google.api.core.ApiFuture;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.dataproc.v1.Cluster;
import com.google.cloud.dataproc.v1.GetJobRequest;
import com.google.cloud.dataproc.v1.Job;
import com.google.cloud.dataproc.v1.JobStatus;
import com.google.cloud.dataproc.v1.ListClustersRequest;
import com.google.cloud.dataproc.v1.SubmitJobRequest;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.engine.JobHosting;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code dataproc} backend: an attempt's cluster is one Dataproc on Compute Engine cluster,
 * named and labelled after the attempt ({@link ClusterRequests}), and its job runs on it; the
 * autoscaler's worker count is its secondary workers' count. What Dataproc reports is read by {@link
 * DataprocStates}.
 *
 * <p>Dataproc takes a job only on a running cluster, minutes after the create: {@link #provision}
 * starts the cluster and returns once Dataproc has accepted it (the create's operation), and the
 * first {@link #describe} that sees it running submits the job, with the job id and request id
 * derived from the cluster's name, so asking again is harmless. The job's request rides in the
 * cluster's reference, which the control plane keeps, so a restarted control plane submits the same
 * job. A create whose cluster exists already (a retry after a crash) adopts it when its labels say it
 * is this attempt's. Observations are reused for {@link DataprocConfiguration#statusPollInterval()}.
 */
public final class DataprocEngineBackend implements EngineBackend {

    static final String JOB_ID = "jobId";
    static final String JOB_REQUEST = "jobRequest";
    static final String MIN_WORKERS = "minWorkers";
    static final String MAX_WORKERS = "maxWorkers";
    private static final Set<com.google.cloud.dataproc.v1.ClusterStatus.State> SUBMITTABLE = EnumSet.of(
            com.google.cloud.dataproc.v1.ClusterStatus.State.RUNNING, com.google.cloud.dataproc.v1.ClusterStatus.State.UPDATING,
            com.google.cloud.dataproc.v1.ClusterStatus.State.ERROR_DUE_TO_UPDATE);
    /** Answers to a submit that no later submit mends: the job, the permission or the project is wrong. */
    private static final Set<StatusCode.Code> REFUSALS = EnumSet.of(StatusCode.Code.INVALID_ARGUMENT, StatusCode.Code.PERMISSION_DENIED,
            StatusCode.Code.NOT_FOUND, StatusCode.Code.UNAUTHENTICATED, StatusCode.Code.OUT_OF_RANGE, StatusCode.Code.UNIMPLEMENTED);
    private static final Set<JobStatus.State> JOB_ENDED = EnumSet.of(JobStatus.State.DONE, JobStatus.State.ERROR, JobStatus.State.CANCELLED);
    private static final System.Logger LOG = System.getLogger(DataprocEngineBackend.class.getName());

    private final String name;
    private final DataprocClients.Clients clients;
    private final DataprocConfiguration configuration;
    private final Clock clock;
    private final Map<String, Observed> observations = new ConcurrentHashMap<>();

    private record Observed(Instant at, Optional<Cluster> cluster, Optional<Job> job) {}

    DataprocEngineBackend(String name, DataprocClients.Clients clients, DataprocConfiguration configuration, Clock clock) {
        this.name = requireNonNull(name, "name is null");
        this.clients = requireNonNull(clients, "clients is null");
        this.configuration = requireNonNull(configuration, "configuration is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    static DataprocEngineBackend connect(String name, DataprocConfiguration configuration, Clock clock) {
        DataprocClients.Clients clients = DataprocClients.connect(configuration);
        try {
            ProjectCheck.reachable(clients.clusters(), configuration);
        } catch (RuntimeException e) {
            clients.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "dataproc backend {0}: project {1}, region {2}, image {3}, {4} workers {5}, endpoint {6}",
                name, configuration.project(), configuration.region(), configuration.imageVersion(), configuration.workerCount(),
                configuration.workerMachineType(), configuration.endpoint().hostAndPort());
        return new DataprocEngineBackend(name, clients, configuration, clock);
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
        String clusterName = spec.clusterName();
        SubmitJobRequest job = ClusterRequests.submitJob(configuration, name, spec);
        ClusterRef ref = new ClusterRef(name, clusterName, Map.of(
                JOB_ID, job.getJob().getReference().getJobId(),
                JOB_REQUEST, Base64.getEncoder().encodeToString(deterministic(job)),
                MIN_WORKERS, Integer.toString(spec.resources().minExecutors()),
                MAX_WORKERS, Integer.toString(spec.resources().maxExecutors())));
        if (spec.mayExist()) {
            Optional<Cluster> existing;
            try {
                existing = cluster(clusterName);
            } catch (ApiException e) {
                throw failure("cannot look for the Dataproc cluster " + clusterName, e); // nothing made: the next provision looks again
            }
            if (existing.isPresent()) {
                return adopt(ref, existing.get());
            }
        }
        try {
            // accepted is enough: the cluster takes minutes, which the control plane's loops do not wait for
            accepted(clients.clusters().createClusterCallable().futureCall(ClusterRequests.createCluster(configuration, name, spec)));
        } catch (ExecutionException | TimeoutException | InterruptedException | ApiException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            ApiException api = api(e);
            if (api instanceof AlreadyExistsException) {
                Optional<Cluster> existing = clusterQuietly(clusterName);
                if (existing.isPresent()) {
                    return adopt(ref, existing.get());
                }
            }
            // a call that timed out may have made the cluster all the same: nothing recorded would end it
            deleteQuietly(clusterName);
            throw api != null ? failure("cannot create the Dataproc cluster " + clusterName, api)
                    : new EngineBackendException("cannot create the Dataproc cluster " + clusterName + ": Dataproc did not accept it within "
                            + configuration.operationTimeout().toSeconds() + " s", e);
        }
        LOG.log(System.Logger.Level.INFO, "cluster {0}: Dataproc cluster creating with {1} secondary workers", clusterName, spec.initialWorkers());
        return ref;
    }

    private ClusterRef adopt(ClusterRef ref, Cluster existing) {
        if (!DataprocLabels.isOurs(existing.getLabelsMap(), name, ref.clusterName())) {
            throw new EngineBackendException("a Dataproc cluster named " + ref.clusterName() + " exists without profile " + name
                    + "'s labels: Sparkplane leaves it alone");
        }
        LOG.log(System.Logger.Level.INFO, "cluster {0}: adopted the Dataproc cluster ({1})", ref.clusterName(), existing.getStatus().getState());
        return ref;
    }

    @Override
    public ClusterTopology resize(ClusterRef cluster, int wanted) {
        int workers = Math.max(bound(cluster, MIN_WORKERS), Math.min(bound(cluster, MAX_WORKERS), wanted));
        try {
            Observed observed = observe(cluster, false);
            ClusterTopology topology = topology(observed.cluster());
            boolean resizable = observed.cluster().map(found -> found.getStatus().getState()
                    == com.google.cloud.dataproc.v1.ClusterStatus.State.RUNNING).orElse(false);
            if (!resizable || topology.desiredWorkers() == workers) {
                return topology; // an update under way, or none possible: the autoscaler asks again
            }
            accepted(clients.clusters().updateClusterCallable().futureCall(ClusterRequests.resize(configuration, cluster.clusterName(), workers)));
            LOG.log(System.Logger.Level.INFO, "cluster {0}: secondary workers {1} -> {2}", cluster.clusterName(), topology.desiredWorkers(), workers);
            return topology(observe(cluster, true).cluster());
        } catch (ExecutionException | TimeoutException | InterruptedException | ApiException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            ApiException api = api(e);
            if (api != null && api.getStatusCode().getCode() == StatusCode.Code.FAILED_PRECONDITION) {
                // another update is under way (Dataproc takes one at a time): the next resize asks again
                return topology(observed(cluster));
            }
            throw api != null ? failure("cannot resize the Dataproc cluster " + cluster.clusterName(), api)
                    : new EngineBackendException("cannot resize the Dataproc cluster " + cluster.clusterName() + ": " + e, e);
        }
    }

    /** Also submits the attempt's job once its cluster runs, idempotently (see the class's comment). */
    @Override
    public ClusterStatus describe(ClusterRef cluster) {
        try {
            Observed observed = observe(cluster, false);
            boolean up = observed.cluster().map(found -> SUBMITTABLE.contains(found.getStatus().getState())).orElse(false);
            if (observed.job().isEmpty() && up && cluster.attributes().containsKey(JOB_REQUEST)) {
                Optional<String> refused = submit(cluster);
                if (refused.isPresent()) {
                    return new ClusterStatus.Failed(AttemptFailure.PROVISIONING_FAILED, refused.get());
                }
                observed = observe(cluster, true);
            }
            return DataprocStates.status(new DataprocObservation(observed.cluster().map(Cluster::getStatus),
                    observed.job().map(Job::getStatus), topology(observed.cluster())));
        } catch (ApiException e) {
            throw failure("cannot describe the Dataproc cluster " + cluster.clusterName(), e);
        }
    }

    /** Submits the attempt's job; Dataproc's words when it refuses it for good (a transient error is thrown, to be asked again). */
    private Optional<String> submit(ClusterRef cluster) {
        SubmitJobRequest request;
        try {
            request = SubmitJobRequest.parseFrom(Base64.getDecoder().decode(cluster.attribute(JOB_REQUEST)));
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            return Optional.of("the job of cluster " + cluster.clusterName() + " cannot be read back: " + e.getMessage());
        }
        try {
            Job job = clients.jobs().submitJob(request);
            LOG.log(System.Logger.Level.INFO, "cluster {0}: job {1} submitted", cluster.clusterName(), job.getReference().getJobId());
        } catch (AlreadyExistsException e) {
            // submitted before, under another request id (a restore of an older control plane): the job is there
            LOG.log(System.Logger.Level.DEBUG, "cluster {0}: job already submitted", cluster.clusterName());
        } catch (ApiException e) {
            if (REFUSALS.contains(e.getStatusCode().getCode())) {
                return Optional.of("Dataproc refused the job on cluster " + cluster.clusterName() + ": " + message(e));
            }
            throw e;
        }
        return Optional.empty();
    }

    /**
     * Cancels the job, then deletes the cluster: Dataproc deletes it (VMs included) on its own from
     * there, which takes minutes; the call returns once Dataproc has accepted the delete.
     */
    @Override
    public void terminate(ClusterRef cluster) {
        String clusterName = cluster.clusterName();
        cancelJobQuietly(cluster);
        try {
            accepted(clients.clusters().deleteClusterCallable().futureCall(ClusterRequests.deleteCluster(configuration, name, clusterName)));
            LOG.log(System.Logger.Level.INFO, "cluster {0}: Dataproc cluster deleting", clusterName);
        } catch (ExecutionException | TimeoutException | InterruptedException | ApiException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            ApiException api = api(e);
            if (api instanceof NotFoundException) {
                LOG.log(System.Logger.Level.DEBUG, "cluster {0}: Dataproc does not know it: nothing to delete", clusterName);
            } else if (api != null && api.getStatusCode().getCode() == StatusCode.Code.FAILED_PRECONDITION && deleting(clusterName)) {
                LOG.log(System.Logger.Level.DEBUG, "cluster {0}: already deleting", clusterName);
            } else {
                throw api != null ? failure("cannot delete the Dataproc cluster " + clusterName, api)
                        : new EngineBackendException("cannot delete the Dataproc cluster " + clusterName + ": Dataproc did not accept it within "
                                + configuration.operationTimeout().toSeconds() + " s", e);
            }
        } finally {
            // after the calls: a look taken meanwhile must not outlive them
            observations.remove(clusterName);
        }
    }

    /** The job's driver output, which Dataproc writes in numbered parts under its {@code driverOutputResourceUri}. */
    @Override
    public List<String> driverLogLocations(ClusterRef cluster) {
        try {
            // asked once the attempt is over: not kept among the looks, which the teardown has already dropped
            return job(cluster.attributes().getOrDefault(JOB_ID, ClusterRequests.jobId(cluster.clusterName())))
                    .map(Job::getDriverOutputResourceUri)
                    .filter(uri -> !uri.isBlank())
                    .map(uri -> List.of(uri + "*"))
                    .orElse(List.of());
        } catch (ApiException e) {
            throw failure("cannot read the Dataproc job of cluster " + cluster.clusterName(), e);
        }
    }

    /** Dataproc streams the driver's output as the job runs: whole a short grace after the job ended, or when there never was a job. */
    @Override
    public boolean driverLogComplete(ClusterRef cluster) {
        try {
            Optional<Job> job = observe(cluster, false).job();
            boolean complete = job.isEmpty() || complete(job.get().getStatus());
            if (complete) {
                observations.remove(cluster.clusterName()); // asked no more
            }
            return complete;
        } catch (ApiException e) {
            throw failure("cannot read the Dataproc job of cluster " + cluster.clusterName(), e);
        }
    }

    private boolean complete(JobStatus status) {
        if (!JOB_ENDED.contains(status.getState())) {
            return false;
        }
        Instant ended = Instant.ofEpochSecond(status.getStateStartTime().getSeconds(), status.getStateStartTime().getNanos());
        return !clock.instant().isBefore(ended.plus(configuration.driverLogGrace()));
    }

    @Override
    public List<ClusterRef> liveClusters() {
        try {
            List<ClusterRef> found = new ArrayList<>();
            ListClustersRequest request = ListClustersRequest.newBuilder()
                    .setProjectId(configuration.project())
                    .setRegion(configuration.region())
                    .setFilter("labels." + DataprocLabels.MANAGED_BY + " = " + DataprocLabels.SPARKPLANE
                            + " AND labels." + DataprocLabels.PROFILE + " = " + DataprocLabels.value(name))
                    .build();
            for (Cluster cluster : labelled(request)) {
                if (cluster.getStatus().getState() == com.google.cloud.dataproc.v1.ClusterStatus.State.DELETING
                        || !DataprocLabels.isOurs(cluster.getLabelsMap(), name, cluster.getClusterName())) {
                    continue;
                }
                found.add(new ClusterRef(name, cluster.getClusterName(), Map.of(JOB_ID, ClusterRequests.jobId(cluster.getClusterName()))));
            }
            return found;
        } catch (ApiException e) {
            throw failure("cannot list the Dataproc clusters of profile " + name, e);
        }
    }

    @Override
    public void close() {
        clients.close();
    }

    /**
     * The clusters the label filter selects; should Dataproc refuse the filter (its documented syntax
     * names no rule on dashes in label keys), the region's clusters, which the caller checks by label.
     */
    private Iterable<Cluster> labelled(ListClustersRequest request) {
        try {
            return clients.clusters().listClusters(request).iterateAll();
        } catch (ApiException e) {
            if (e.getStatusCode().getCode() != StatusCode.Code.INVALID_ARGUMENT) {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "Dataproc refuses the label filter {0} ({1}): listing the region''s clusters",
                    request.getFilter(), message(e));
            return clients.clusters().listClusters(request.toBuilder().clearFilter().build()).iterateAll();
        }
    }

    private void cancelJobQuietly(ClusterRef cluster) {
        String jobId = cluster.attributes().getOrDefault(JOB_ID, ClusterRequests.jobId(cluster.clusterName()));
        try {
            clients.jobs().cancelJob(configuration.project(), configuration.region(), jobId);
        } catch (ApiException e) {
            // not submitted (NOT_FOUND) or already over (FAILED_PRECONDITION); deleting the cluster ends the job anyway
            LOG.log(System.Logger.Level.DEBUG, "cluster {0}: job {1} not cancelled: {2}", cluster.clusterName(), jobId, message(e));
        }
    }

    /**
     * The long-running operation Dataproc started, once it answered, within the operation timeout. Its
     * end is not waited for, nor polled: the cluster's own state, which the control plane asks for
     * anyway, says where it is, and an operation polled for minutes costs read quota for nothing.
     */
    private com.google.longrunning.Operation accepted(ApiFuture<com.google.longrunning.Operation> call)
            throws ExecutionException, TimeoutException, InterruptedException {
        try {
            return call.get(configuration.operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            call.cancel(true);
            throw e;
        }
    }

    /** Whether the cluster is being deleted already, or is gone; false when that cannot be told. */
    private boolean deleting(String clusterName) {
        try {
            return cluster(clusterName).map(found -> found.getStatus().getState()
                    == com.google.cloud.dataproc.v1.ClusterStatus.State.DELETING).orElse(true);
        } catch (ApiException e) {
            return false;
        }
    }

    private void deleteQuietly(String clusterName) {
        try {
            Optional<Cluster> made = cluster(clusterName);
            if (made.isPresent() && DataprocLabels.isOurs(made.get().getLabelsMap(), name, clusterName)) {
                accepted(clients.clusters().deleteClusterCallable().futureCall(ClusterRequests.deleteCluster(configuration, name, clusterName)));
                LOG.log(System.Logger.Level.INFO, "cluster {0}: Dataproc cluster deleted after provisioning failed", clusterName);
            }
        } catch (ExecutionException | TimeoutException | InterruptedException | ApiException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.log(System.Logger.Level.WARNING, "cluster {0}: cannot delete what was made of it before provisioning failed: {1}",
                    clusterName, e.getMessage());
        }
    }

    private Optional<Cluster> cluster(String clusterName) {
        try {
            return Optional.of(clients.clusters().getCluster(configuration.project(), configuration.region(), clusterName));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<Cluster> clusterQuietly(String clusterName) {
        try {
            return cluster(clusterName);
        } catch (ApiException e) {
            return Optional.empty();
        }
    }

    private Optional<Job> job(String jobId) {
        try {
            return Optional.of(clients.jobs().getJob(GetJobRequest.newBuilder()
                    .setProjectId(configuration.project()).setRegion(configuration.region()).setJobId(jobId).build()));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** The cluster and its job as Dataproc sees them now, or as it saw them within the poll interval unless {@code fresh}. */
    private Observed observe(ClusterRef cluster, boolean fresh) {
        String clusterName = cluster.clusterName();
        Instant now = clock.instant();
        Observed cached = observations.get(clusterName);
        if (!fresh && cached != null && Duration.between(cached.at(), now).compareTo(configuration.statusPollInterval()) < 0) {
            return cached;
        }
        Optional<Cluster> found = cluster(clusterName);
        boolean creating = found.map(seen -> seen.getStatus().getState() == com.google.cloud.dataproc.v1.ClusterStatus.State.CREATING)
                .orElse(false);
        // no job runs on a cluster still being created: one call saved on every look of the minutes it takes
        Optional<Job> job = creating ? Optional.empty()
                : job(cluster.attributes().getOrDefault(JOB_ID, ClusterRequests.jobId(clusterName)));
        Observed observed = new Observed(now, found, job);
        observations.put(clusterName, observed);
        return observed;
    }

    private Optional<Cluster> observed(ClusterRef cluster) {
        Observed cached = observations.get(cluster.clusterName());
        return cached == null ? Optional.empty() : cached.cluster();
    }

    /** The secondary workers asked for, and those Dataproc lists as made once the cluster runs. */
    static ClusterTopology topology(Optional<Cluster> cluster) {
        if (cluster.isEmpty()) {
            return new ClusterTopology(0, 0, 0, Map.of(), List.of());
        }
        var config = cluster.get().getConfig();
        int requested = config.getSecondaryWorkerConfig().getNumInstances();
        int made = config.getSecondaryWorkerConfig().getInstanceNamesCount();
        boolean running = cluster.get().getStatus().getState() == com.google.cloud.dataproc.v1.ClusterStatus.State.RUNNING;
        Map<String, String> endpoints = new LinkedHashMap<>(config.getEndpointConfig().getHttpPortsMap());
        if (config.getMasterConfig().getInstanceNamesCount() > 0) {
            endpoints.put("master", config.getMasterConfig().getInstanceNames(0));
        }
        return new ClusterTopology(requested, made > 0 ? made : running ? requested : 0, 0, endpoints, List.of());
    }

    private static int bound(ClusterRef cluster, String attribute) {
        return Integer.parseInt(cluster.attribute(attribute));
    }

    /**
     * The request's bytes with its maps in key order: two replicas provisioning one attempt must make
     * equal references, which the control plane compares to tell an adopted cluster from a second one.
     */
    static byte[] deterministic(SubmitJobRequest request) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.useDeterministicSerialization();
            request.writeTo(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not from memory
        }
        return bytes.toByteArray();
    }

    /** The API error in a future's failure or a call's, if that is what it was. */
    private static ApiException api(Exception e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        return cause instanceof ApiException api ? api : null;
    }

    /** Google's own words (status code and message), never the request. */
    static EngineBackendException failure(String what, ApiException e) {
        return new EngineBackendException(what + ": " + message(e), e);
    }

    static String message(ApiException e) {
        String text = e.getMessage() == null ? "" : e.getMessage();
        // gRPC's message is "CODE: description"; the code is said once
        String code = e.getStatusCode().getCode().name();
        return text.startsWith(code) ? text : code + ": " + text;
    }
}
