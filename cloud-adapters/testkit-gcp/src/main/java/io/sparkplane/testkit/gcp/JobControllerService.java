package io.sparkplane.testkit.gcp;

import static java.util.Objects.requireNonNull;

import com.google.cloud.dataproc.v1.CancelJobRequest;
import com.google.cloud.dataproc.v1.Cluster;
import com.google.cloud.dataproc.v1.ClusterStatus;
import com.google.cloud.dataproc.v1.DeleteJobRequest;
import com.google.cloud.dataproc.v1.GetJobRequest;
import com.google.cloud.dataproc.v1.Job;
import com.google.cloud.dataproc.v1.JobControllerGrpc;
import com.google.cloud.dataproc.v1.JobReference;
import com.google.cloud.dataproc.v1.JobStatus;
import com.google.cloud.dataproc.v1.ListJobsRequest;
import com.google.cloud.dataproc.v1.ListJobsResponse;
import com.google.cloud.dataproc.v1.SubmitJobRequest;
import com.google.protobuf.Empty;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * google.cloud.dataproc.v1.JobController: submit (synchronous), get, list, cancel, delete.
 * SubmitJobAsOperation and UpdateJob answer UNIMPLEMENTED (the base class's answer).
 */
final class JobControllerService extends JobControllerGrpc.JobControllerImplBase {

    /**
     * The cluster states that take jobs: RUNNING, and the two Google documents as taking them too
     * ("UPDATING: It continues to accept and process jobs"; "ERROR_DUE_TO_UPDATE: Jobs can be
     * submitted to the cluster").
     */
    private static final Set<ClusterStatus.State> ACCEPTING_JOBS =
            EnumSet.of(ClusterStatus.State.RUNNING, ClusterStatus.State.UPDATING, ClusterStatus.State.ERROR_DUE_TO_UPDATE);
    private static final Set<String> FILTER_FIELDS = Set.of("status.state");
    private static final int DEFAULT_PAGE_SIZE = 100;
    private static final int MAXIMUM_PAGE_SIZE = 1000;

    private final DataprocState state;

    JobControllerService(DataprocState state) {
        this.state = requireNonNull(state, "state is null");
    }

    @Override
    public void submitJob(SubmitJobRequest request, StreamObserver<Job> observer) {
        Rpc.answer(observer, state.log, "SubmitJob", () -> submit(request));
    }

    @Override
    public void getJob(GetJobRequest request, StreamObserver<Job> observer) {
        Rpc.answer(observer, state.log, "GetJob", () -> {
            synchronized (state) {
                return state.jobs.get(existing(request.getProjectId(), request.getRegion(), request.getJobId()));
            }
        });
    }

    @Override
    public void listJobs(ListJobsRequest request, StreamObserver<ListJobsResponse> observer) {
        Rpc.answer(observer, state.log, "ListJobs", () -> list(request));
    }

    @Override
    public void cancelJob(CancelJobRequest request, StreamObserver<Job> observer) {
        Rpc.answer(observer, state.log, "CancelJob", () -> {
            synchronized (state) {
                return state.cancelJob(existing(request.getProjectId(), request.getRegion(), request.getJobId()));
            }
        });
    }

    @Override
    public void deleteJob(DeleteJobRequest request, StreamObserver<Empty> observer) {
        Rpc.answer(observer, state.log, "DeleteJob", () -> {
            synchronized (state) {
                String key = existing(request.getProjectId(), request.getRegion(), request.getJobId());
                JobStatus.State current = state.jobs.get(key).getStatus().getState();
                if (!DataprocState.isTerminal(current)) {
                    // "If the job is active, the delete fails, and the response returns FAILED_PRECONDITION"
                    throw Rpc.failedPrecondition("Job " + key + " is in state " + current + ": an active job cannot be deleted");
                }
                state.jobs.remove(key);
                state.log.log(key + ": deleted");
                return Empty.getDefaultInstance();
            }
        });
    }

    private Job submit(SubmitJobRequest request) {
        synchronized (state) {
            String parent = ResourceRules.regionParent(request.getProjectId(), request.getRegion());
            ResourceRules.checkRequestId(request.getRequestId());
            String requestKey = "SubmitJob|" + parent + "|" + request.getRequestId();
            if (!request.getRequestId().isEmpty() && state.requestIds.containsKey(requestKey)) {
                Job first = state.jobs.get(state.requestIds.get(requestKey));
                if (first != null) {
                    return first; // "the second request will be ignored and the first Job created and stored in the backend is returned"
                }
            }
            Job requested = request.getJob();
            JobReference reference = requested.getReference();
            if (!reference.getProjectId().isEmpty() && !reference.getProjectId().equals(request.getProjectId())) {
                throw Rpc.invalidArgument("job.reference.project_id '" + reference.getProjectId() + "' is not the request's project_id '"
                        + request.getProjectId() + "'");
            }
            String jobId = reference.getJobId().isEmpty() ? UUID.randomUUID().toString().replace("-", "") : reference.getJobId();
            ResourceRules.checkJobId(jobId);
            String key = parent + "/jobs/" + jobId;
            if (state.jobs.containsKey(key)) {
                throw Rpc.alreadyExists("Already exists: Failed to submit job: Job " + key);
            }
            if (requested.getTypeJobCase() == Job.TypeJobCase.TYPEJOB_NOT_SET) {
                throw Rpc.invalidArgument("Job " + jobId + " has no job type (pyspark_job, spark_job, ...)");
            }
            String clusterName = requested.getPlacement().getClusterName();
            if (clusterName.isEmpty()) {
                throw Rpc.invalidArgument("job.placement.cluster_name is required (the fake does not place jobs by cluster_labels)");
            }
            Cluster cluster = state.clusters.get(parent + "/clusters/" + clusterName);
            if (cluster == null) {
                throw Rpc.notFound("Not found: Cluster " + parent + "/clusters/" + clusterName);
            }
            if (!ACCEPTING_JOBS.contains(cluster.getStatus().getState())) {
                throw Rpc.failedPrecondition("Cluster '" + clusterName + "' is in state " + cluster.getStatus().getState()
                        + " and cannot accept jobs; it must be RUNNING");
            }
            ResourceRules.checkLabels(requested.getLabelsMap());
            String base = "gs://" + cluster.getConfig().getConfigBucket() + "/google-cloud-dataproc-metainfo/" + cluster.getClusterUuid()
                    + "/jobs/" + jobId;
            Job job = requested.toBuilder()
                    .setReference(JobReference.newBuilder().setProjectId(request.getProjectId()).setJobId(jobId))
                    .setPlacement(requested.getPlacement().toBuilder().setClusterUuid(cluster.getClusterUuid()))
                    .clearStatusHistory()
                    .setStatus(JobStatus.newBuilder().setState(JobStatus.State.PENDING).setStateStartTime(Rpc.now()))
                    .setDriverOutputResourceUri(base + "/driveroutput")
                    .setDriverControlFilesUri(base + "/")
                    .setJobUuid(UUID.randomUUID().toString())
                    .setDone(false)
                    .build();
            state.jobs.put(key, job);
            if (!request.getRequestId().isEmpty()) {
                state.requestIds.put(requestKey, key);
            }
            state.log.log(key + ": PENDING on cluster " + clusterName + " (" + job.getTypeJobCase() + ")");
            state.scheduleJob(key);
            return job;
        }
    }

    private ListJobsResponse list(ListJobsRequest request) {
        synchronized (state) {
            String parent = ResourceRules.regionParent(request.getProjectId(), request.getRegion());
            ListFilter filter = ListFilter.parse(request.getFilter(), FILTER_FIELDS);
            for (ListFilter.Term term : filter.terms()) {
                if (term.field().equals("status.state") && !Set.of("ACTIVE", "NON_ACTIVE", ListFilter.ANY).contains(term.value())) {
                    throw Rpc.invalidArgument("Invalid filter: status.state can be ACTIVE or NON_ACTIVE, not '" + term.value() + "'");
                }
            }
            List<Job> matching = new ArrayList<>();
            for (Map.Entry<String, Job> entry : state.jobs.entrySet()) {
                Job job = entry.getValue();
                if (entry.getKey().startsWith(parent + "/jobs/")
                        && (request.getClusterName().isEmpty() || request.getClusterName().equals(job.getPlacement().getClusterName()))
                        // "If filter is provided, jobStateMatcher will be ignored."
                        && (request.getFilter().isBlank() ? matches(job, request.getJobStateMatcher()) : matches(job, filter))) {
                    matching.add(job);
                }
            }
            Paging<Job> page = Paging.page(matching, request.getPageSize(), request.getPageToken(), DEFAULT_PAGE_SIZE, MAXIMUM_PAGE_SIZE);
            return ListJobsResponse.newBuilder().addAllJobs(page.items()).setNextPageToken(page.nextPageToken()).build();
        }
    }

    private static boolean matches(Job job, ListJobsRequest.JobStateMatcher matcher) {
        boolean terminal = DataprocState.isTerminal(job.getStatus().getState());
        return switch (matcher) {
            case ALL, UNRECOGNIZED -> true;
            case ACTIVE -> !terminal;
            case NON_ACTIVE -> terminal;
        };
    }

    private static boolean matches(Job job, ListFilter filter) {
        for (ListFilter.Term term : filter.terms()) {
            boolean matches = switch (term.field()) {
                case "status.state" -> switch (term.value()) {
                    case "ACTIVE" -> matches(job, ListJobsRequest.JobStateMatcher.ACTIVE);
                    case "NON_ACTIVE" -> matches(job, ListJobsRequest.JobStateMatcher.NON_ACTIVE);
                    default -> true;
                };
                default -> term.matchesLabel(job.getLabelsMap());
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    /** The job's full name, or NOT_FOUND. */
    private String existing(String projectId, String region, String jobId) {
        String key = ResourceRules.regionParent(projectId, region) + "/jobs/" + jobId;
        if (!state.jobs.containsKey(key)) {
            throw Rpc.notFound("Not found: Job " + key);
        }
        return key;
    }
}
