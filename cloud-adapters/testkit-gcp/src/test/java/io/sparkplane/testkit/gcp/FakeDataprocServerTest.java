package io.sparkplane.testkit.gcp;

import static io.sparkplane.testkit.gcp.FakeDataprocServer.PROJECT;
import static io.sparkplane.testkit.gcp.FakeDataprocServer.REGION;
import static io.sparkplane.testkit.gcp.TestClients.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.longrunning.OperationFuture;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.FailedPreconditionException;
import com.google.api.gax.rpc.InternalException;
import com.google.api.gax.rpc.InvalidArgumentException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.StatusCode;
import com.google.api.gax.rpc.UnavailableException;
import com.google.cloud.dataproc.v1.Batch;
import com.google.cloud.dataproc.v1.BatchControllerClient;
import com.google.cloud.dataproc.v1.BatchOperationMetadata;
import com.google.cloud.dataproc.v1.Cluster;
import com.google.cloud.dataproc.v1.ClusterConfig;
import com.google.cloud.dataproc.v1.ClusterControllerClient;
import com.google.cloud.dataproc.v1.ClusterOperationMetadata;
import com.google.cloud.dataproc.v1.ClusterStatus;
import com.google.cloud.dataproc.v1.CreateBatchRequest;
import com.google.cloud.dataproc.v1.CreateClusterRequest;
import com.google.cloud.dataproc.v1.EnvironmentConfig;
import com.google.cloud.dataproc.v1.ExecutionConfig;
import com.google.cloud.dataproc.v1.InstanceGroupConfig;
import com.google.cloud.dataproc.v1.Job;
import com.google.cloud.dataproc.v1.JobControllerClient;
import com.google.cloud.dataproc.v1.JobPlacement;
import com.google.cloud.dataproc.v1.JobReference;
import com.google.cloud.dataproc.v1.JobStatus;
import com.google.cloud.dataproc.v1.ListBatchesRequest;
import com.google.cloud.dataproc.v1.ListClustersRequest;
import com.google.cloud.dataproc.v1.ListClustersResponse;
import com.google.cloud.dataproc.v1.ListJobsRequest;
import com.google.cloud.dataproc.v1.PySparkBatch;
import com.google.cloud.dataproc.v1.PySparkJob;
import com.google.cloud.dataproc.v1.SubmitJobRequest;
import com.google.cloud.dataproc.v1.UpdateClusterRequest;
import com.google.longrunning.Operation;
import com.google.longrunning.OperationsClient;
import com.google.protobuf.Duration;
import com.google.protobuf.Empty;
import com.google.protobuf.FieldMask;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fake in its state-only mode, driven by the real google-cloud-dataproc client (4.85.0) over real
 * gRPC: every behaviour the backends rely on, as the client sees it, its operation futures polling
 * google.longrunning.Operations included. One fake for the class; each test uses its own names.
 */
class FakeDataprocServerTest {

    private static final java.time.Duration LIMIT = java.time.Duration.ofSeconds(20);
    private static final String BUCKET = "sparkplane-staging";
    private static final String PARENT = "projects/" + PROJECT + "/locations/" + REGION;

    private static FakeDataprocServer fake;
    private static ClusterControllerClient clusters;
    private static JobControllerClient jobs;
    private static BatchControllerClient batches;

    @BeforeAll
    static void start() throws Exception {
        fake = FakeDataprocServer.start();
        clusters = TestClients.clusters(fake);
        jobs = TestClients.jobs(fake);
        batches = TestClients.batches(fake);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {clusters, jobs, batches, fake}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // the next one still closes
            }
        }
    }

    @BeforeEach
    void defaults() {
        fake.clusterStartDelay(java.time.Duration.ofMillis(300));
    }

    // --- clusters

    @Test
    void createsAClusterThroughTheOperationFutureWithTheClientsDefaultPolling() throws Exception {
        try (ClusterControllerClient defaults = TestClients.defaultClusters(fake)) {
            OperationFuture<Cluster, ClusterOperationMetadata> future = defaults.createClusterAsync(PROJECT, REGION,
                    cluster("create-default").putLabels("team", "a").build());

            assertThat(future.getName()).matches("projects/" + PROJECT + "/regions/" + REGION + "/operations/[-0-9a-f]{36}");
            Cluster creating = defaults.getCluster(PROJECT, REGION, "create-default");
            assertThat(creating.getStatus().getState()).isEqualTo(ClusterStatus.State.CREATING);
            assertThat(creating.getClusterUuid()).isNotEmpty();

            Cluster running = future.get(30, TimeUnit.SECONDS);
            assertThat(running.getStatus().getState()).isEqualTo(ClusterStatus.State.RUNNING);
            assertThat(running.getStatusHistoryList()).extracting(ClusterStatus::getState).containsExactly(ClusterStatus.State.CREATING);
            assertThat(running.getClusterUuid()).isEqualTo(creating.getClusterUuid());
            assertThat(running.getProjectId()).isEqualTo(PROJECT);
            assertThat(running.getConfig().getConfigBucket()).isEqualTo(BUCKET);
            assertThat(running.getLabelsMap()).containsEntry("team", "a")
                    .containsEntry("goog-dataproc-cluster-name", "create-default")
                    .containsEntry("goog-dataproc-cluster-uuid", running.getClusterUuid())
                    .containsEntry("goog-dataproc-location", REGION);

            ClusterOperationMetadata metadata = future.getMetadata().get();
            assertThat(metadata.getClusterName()).isEqualTo("create-default");
            assertThat(metadata.getClusterUuid()).isEqualTo(running.getClusterUuid());
            assertThat(metadata.getOperationType()).isEqualTo("CREATE");
            assertThat(metadata.getStatus().getState()).isEqualTo(com.google.cloud.dataproc.v1.ClusterOperationStatus.State.DONE);
            assertThat(metadata.getLabelsMap()).containsEntry("team", "a");
            assertThat(fake.calls()).containsKey("GetOperation");
            assertThat(fake.cluster("create-default")).contains(running);
        }
    }

    @Test
    void aRepeatedRequestIdReturnsTheFirstOperationAndAnotherOneIsRefusedAsExisting() throws Exception {
        CreateClusterRequest request = CreateClusterRequest.newBuilder()
                .setProjectId(PROJECT).setRegion(REGION).setCluster(cluster("idempotent")).setRequestId("request-1").build();

        Operation first = clusters.createClusterCallable().call(request);
        Operation second = clusters.createClusterCallable().call(request);

        assertThat(second.getName()).isEqualTo(first.getName());
        assertThat(fake.clusters()).filteredOn(cluster -> cluster.getClusterName().equals("idempotent")).hasSize(1);
        assertThatThrownBy(() -> clusters.createClusterCallable().call(request.toBuilder().setRequestId("request-2").build()))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessageContaining("clusters/idempotent");
        assertThatThrownBy(() -> clusters.createClusterCallable().call(request.toBuilder().clearRequestId().build()))
                .isInstanceOf(AlreadyExistsException.class);
        assertThat(clusters.createClusterOperationCallable().resumeFutureCall(first.getName()).get(10, TimeUnit.SECONDS)
                .getStatus().getState()).isEqualTo(ClusterStatus.State.RUNNING);
    }

    @Test
    void refusesInvalidNamesLabelsAndRequestIds() {
        assertThatThrownBy(() -> clusters.createClusterAsync(PROJECT, REGION, cluster("Upper-Case").build()).get())
                .hasCauseInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> clusters.createClusterAsync(PROJECT, REGION, cluster("ends-with-hyphen-").build()).get())
                .hasCauseInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> clusters.createClusterAsync(PROJECT, REGION, cluster("a".repeat(52)).build()).get())
                .hasCauseInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> clusters.createClusterAsync(PROJECT, REGION, cluster("bad-label").putLabels("Team", "a").build()).get())
                .hasCauseInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> clusters.createClusterAsync(PROJECT, REGION, cluster("bad-value").putLabels("team", "A b").build()).get())
                .hasCauseInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> clusters.createClusterCallable().call(CreateClusterRequest.newBuilder().setProjectId(PROJECT)
                .setRegion(REGION).setCluster(cluster("bad-request-id")).setRequestId("no spaces allowed").build()))
                .isInstanceOf(InvalidArgumentException.class);
        assertThat(fake.cluster("a".repeat(52))).isEmpty();
        assertThat(fake.cluster("bad-label")).isEmpty();
    }

    @Test
    void updatesSecondaryWorkersThroughUpdatingAndRecordsTheCounts() throws Exception {
        clusters.createClusterAsync(PROJECT, REGION, cluster("resized")
                .setConfig(config().setSecondaryWorkerConfig(InstanceGroupConfig.newBuilder().setNumInstances(0))).build())
                .get(10, TimeUnit.SECONDS);

        OperationFuture<Cluster, ClusterOperationMetadata> update = clusters.updateClusterAsync(UpdateClusterRequest.newBuilder()
                .setProjectId(PROJECT).setRegion(REGION).setClusterName("resized")
                .setCluster(Cluster.newBuilder().setConfig(ClusterConfig.newBuilder()
                        .setSecondaryWorkerConfig(InstanceGroupConfig.newBuilder().setNumInstances(3))))
                .setUpdateMask(FieldMask.newBuilder().addPaths("config.secondary_worker_config.num_instances"))
                .setGracefulDecommissionTimeout(Duration.newBuilder().setSeconds(600))
                .build());
        update.getInitialFuture().get(10, TimeUnit.SECONDS); // the call itself: an operation future sends it on its own thread
        assertThat(clusters.getCluster(PROJECT, REGION, "resized").getStatus().getState()).isEqualTo(ClusterStatus.State.UPDATING);
        // a second update while UPDATING: "The cluster must be in a RUNNING state or an error is returned"
        assertThatThrownBy(() -> clusters.updateClusterAsync(resize("resized", 5)).get())
                .hasCauseInstanceOf(FailedPreconditionException.class);

        Cluster updated = update.get(10, TimeUnit.SECONDS);
        assertThat(updated.getStatus().getState()).isEqualTo(ClusterStatus.State.RUNNING);
        assertThat(updated.getConfig().getSecondaryWorkerConfig().getNumInstances()).isEqualTo(3);
        assertThat(updated.getConfig().getWorkerConfig().getNumInstances()).isEqualTo(2);
        assertThat(updated.getStatusHistoryList()).extracting(ClusterStatus::getState)
                .containsExactly(ClusterStatus.State.CREATING, ClusterStatus.State.RUNNING, ClusterStatus.State.UPDATING);
        assertThat(update.getMetadata().get().getOperationType()).isEqualTo("UPDATE");

        clusters.updateClusterAsync(resize("resized", 1)).get(10, TimeUnit.SECONDS);
        assertThat(fake.secondaryWorkerCounts()).containsEntry("resized", List.of(0, 3, 1));

        assertThatThrownBy(() -> clusters.updateClusterAsync(resize("resized", 1).toBuilder()
                .setUpdateMask(FieldMask.newBuilder().addPaths("config.master_config.num_instances")).build()).get())
                .hasCauseInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> clusters.updateClusterAsync(resize("no-such-cluster", 1)).get())
                .hasCauseInstanceOf(NotFoundException.class);
    }

    @Test
    void refusesAnUpdateWhileCreating() throws Exception {
        fake.clusterStartDelay(java.time.Duration.ofMinutes(1));
        OperationFuture<Cluster, ClusterOperationMetadata> create = clusters.createClusterAsync(PROJECT, REGION, cluster("slow").build());
        create.getInitialFuture().get(10, TimeUnit.SECONDS);

        assertThatThrownBy(() -> clusters.updateClusterAsync(resize("slow", 2)).get())
                .hasCauseInstanceOf(FailedPreconditionException.class)
                .hasMessageContaining("CREATING");

        // a test ends the wait: the create's operation is done with the cluster
        fake.setClusterState("slow", ClusterStatus.State.RUNNING, "");
        assertThat(create.get(10, TimeUnit.SECONDS).getStatus().getState()).isEqualTo(ClusterStatus.State.RUNNING);
    }

    @Test
    void aClusterSetToErrorWhileCreatingFailsItsOperationWithTheDetail() throws Exception {
        fake.clusterStartDelay(java.time.Duration.ofMinutes(1));
        OperationFuture<Cluster, ClusterOperationMetadata> create = clusters.createClusterAsync(PROJECT, REGION, cluster("broken").build());
        create.getInitialFuture().get(10, TimeUnit.SECONDS);

        String detail = "Insufficient 'CPUS' quota. Requested 24.0, available 8.0.";
        fake.setClusterState("broken", ClusterStatus.State.ERROR, detail);

        assertThatThrownBy(() -> create.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InternalException.class)
                .hasMessageContaining(detail);
        Cluster broken = clusters.getCluster(PROJECT, REGION, "broken");
        assertThat(broken.getStatus().getState()).isEqualTo(ClusterStatus.State.ERROR);
        assertThat(broken.getStatus().getDetail()).isEqualTo(detail);
    }

    @Test
    void deletesAClusterThroughDeletingThenItIsNotFoundAndItsJobsEndInError() throws Exception {
        clusters.createClusterAsync(PROJECT, REGION, cluster("doomed").build()).get(10, TimeUnit.SECONDS);
        Job job = jobs.submitJob(submit("doomed", "doomed-job", null));
        await("the job RUNNING", LIMIT, () -> state(job) == JobStatus.State.RUNNING);

        OperationFuture<Empty, ClusterOperationMetadata> delete = clusters.deleteClusterAsync(PROJECT, REGION, "doomed");
        delete.getInitialFuture().get(10, TimeUnit.SECONDS);
        assertThat(fake.cluster("doomed").orElseThrow().getStatus().getState()).isEqualTo(ClusterStatus.State.DELETING);
        assertThatThrownBy(() -> clusters.deleteClusterAsync(PROJECT, REGION, "doomed").get())
                .hasCauseInstanceOf(FailedPreconditionException.class);

        assertThat(delete.get(10, TimeUnit.SECONDS)).isEqualTo(Empty.getDefaultInstance());
        assertThat(delete.getMetadata().get().getOperationType()).isEqualTo("DELETE");
        assertThatThrownBy(() -> clusters.getCluster(PROJECT, REGION, "doomed")).isInstanceOf(NotFoundException.class);
        assertThat(fake.deletedClusters()).contains("doomed");
        Job ended = jobs.getJob(PROJECT, REGION, "doomed-job");
        assertThat(ended.getStatus().getState()).isEqualTo(JobStatus.State.ERROR);
        assertThat(ended.getStatus().getDetails()).contains("the cluster was deleted");
        assertThat(ended.getDone()).isTrue();

        assertThatThrownBy(() -> clusters.deleteClusterAsync(PROJECT, REGION, "doomed").get())
                .hasCauseInstanceOf(NotFoundException.class);
    }

    @Test
    void aClusterDeletedBehindTheBacksOfClientsIsGoneAtOnce() throws Exception {
        clusters.createClusterAsync(PROJECT, REGION, cluster("vanishing").build()).get(10, TimeUnit.SECONDS);
        Job job = jobs.submitJob(submit("vanishing", "orphan-job", null));

        fake.deleteClusterBehindTheBacksOfClients("vanishing");

        assertThatThrownBy(() -> clusters.getCluster(PROJECT, REGION, "vanishing")).isInstanceOf(NotFoundException.class);
        assertThat(state(job)).isEqualTo(JobStatus.State.ERROR);
        assertThat(fake.deletedClusters()).doesNotContain("vanishing");
    }

    @Test
    void listsClustersByStateNameAndLabelsInPages() throws Exception {
        List<OperationFuture<Cluster, ClusterOperationMetadata>> creates = new ArrayList<>();
        for (String name : List.of("listed-a", "listed-b", "listed-c")) {
            creates.add(clusters.createClusterAsync(PROJECT, REGION, cluster(name)
                    .putLabels("suite", "listing").putLabels("team", name.equals("listed-b") ? "b" : "a").build()));
        }
        for (OperationFuture<Cluster, ClusterOperationMetadata> create : creates) {
            create.get(10, TimeUnit.SECONDS);
        }
        fake.setClusterState("listed-c", ClusterStatus.State.ERROR, "broken");

        assertThat(names("labels.suite = listing")).containsExactly("listed-a", "listed-b", "listed-c");
        assertThat(names("status.state = ACTIVE AND labels.suite = listing")).containsExactly("listed-a", "listed-b");
        assertThat(names("status.state = INACTIVE labels.suite = listing")).containsExactly("listed-c");
        assertThat(names("labels.suite = listing AND labels.team = a")).containsExactly("listed-a", "listed-c");
        assertThat(names("clusterName = listed-b AND labels.team = *")).containsExactly("listed-b");
        assertThat(names("labels.suite = other")).isEmpty();

        ListClustersRequest firstPage = ListClustersRequest.newBuilder().setProjectId(PROJECT).setRegion(REGION)
                .setFilter("labels.suite = listing").setPageSize(2).build();
        ListClustersResponse page = clusters.listClustersCallable().call(firstPage);
        assertThat(page.getClustersList()).extracting(Cluster::getClusterName).containsExactly("listed-a", "listed-b");
        assertThat(page.getNextPageToken()).isNotEmpty();
        ListClustersResponse last = clusters.listClustersCallable().call(firstPage.toBuilder().setPageToken(page.getNextPageToken()).build());
        assertThat(last.getClustersList()).extracting(Cluster::getClusterName).containsExactly("listed-c");
        assertThat(last.getNextPageToken()).isEmpty();
        // the client's pager follows the tokens
        assertThat(StreamSupport.stream(clusters.listClusters(firstPage.toBuilder().setPageSize(1).build()).iterateAll().spliterator(), false)
                .map(Cluster::getClusterName)).containsExactly("listed-a", "listed-b", "listed-c");
        // another region holds none of them
        assertThat(clusters.listClusters(PROJECT, "europe-west1").iterateAll()).isEmpty();

        assertThatThrownBy(() -> names("status.state = SLEEPING")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> names("zone = a")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> names("labels.team = a OR labels.team = b")).isInstanceOf(InvalidArgumentException.class);
    }

    // --- jobs

    @Test
    void aJobGoesPendingSetupDoneRunningAndIsCancelledThroughItsCancelStates() throws Exception {
        Cluster cluster = clusters.createClusterAsync(PROJECT, REGION, cluster("jobs").build()).get(10, TimeUnit.SECONDS);

        Job submitted = jobs.submitJob(submit("jobs", "job-1", "submit-1").toBuilder()
                .setJob(submit("jobs", "job-1", "submit-1").getJob().toBuilder().putLabels("run", "r1")).build());

        assertThat(submitted.getStatus().getState()).isEqualTo(JobStatus.State.PENDING);
        assertThat(submitted.getReference()).isEqualTo(JobReference.newBuilder().setProjectId(PROJECT).setJobId("job-1").build());
        assertThat(submitted.getPlacement().getClusterUuid()).isEqualTo(cluster.getClusterUuid());
        String base = "gs://" + BUCKET + "/google-cloud-dataproc-metainfo/" + cluster.getClusterUuid() + "/jobs/job-1";
        assertThat(submitted.getDriverOutputResourceUri()).isEqualTo(base + "/driveroutput");
        assertThat(submitted.getDriverControlFilesUri()).isEqualTo(base + "/");
        assertThat(submitted.getJobUuid()).isNotEmpty();
        assertThat(submitted.getDone()).isFalse();

        await("job-1 RUNNING", LIMIT, () -> state(submitted) == JobStatus.State.RUNNING);
        assertThat(jobs.getJob(PROJECT, REGION, "job-1").getStatusHistoryList()).extracting(JobStatus::getState)
                .containsExactly(JobStatus.State.PENDING, JobStatus.State.SETUP_DONE);
        assertThatThrownBy(() -> jobs.deleteJob(PROJECT, REGION, "job-1")).isInstanceOf(FailedPreconditionException.class);

        Job cancelling = jobs.cancelJob(PROJECT, REGION, "job-1");
        assertThat(cancelling.getStatus().getState()).isEqualTo(JobStatus.State.CANCEL_PENDING);
        await("job-1 CANCELLED", LIMIT, () -> state(submitted) == JobStatus.State.CANCELLED);
        Job cancelled = jobs.getJob(PROJECT, REGION, "job-1");
        assertThat(cancelled.getStatusHistoryList()).extracting(JobStatus::getState).containsExactly(JobStatus.State.PENDING,
                JobStatus.State.SETUP_DONE, JobStatus.State.RUNNING, JobStatus.State.CANCEL_PENDING, JobStatus.State.CANCEL_STARTED);
        assertThat(cancelled.getDone()).isTrue();
        assertThatThrownBy(() -> jobs.cancelJob(PROJECT, REGION, "job-1"))
                .isInstanceOf(FailedPreconditionException.class)
                .hasMessageContaining("CANCELLED");

        jobs.deleteJob(PROJECT, REGION, "job-1");
        assertThatThrownBy(() -> jobs.getJob(PROJECT, REGION, "job-1")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> jobs.cancelJob(PROJECT, REGION, "job-1")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aRepeatedSubmitRequestIdReturnsTheSameJobAndAnExistingIdIsRefused() throws Exception {
        clusters.createClusterAsync(PROJECT, REGION, cluster("submits").build()).get(10, TimeUnit.SECONDS);

        Job first = jobs.submitJob(submit("submits", "job-twice", "request-a"));
        Job again = jobs.submitJob(submit("submits", "job-twice", "request-a"));

        assertThat(again.getJobUuid()).isEqualTo(first.getJobUuid());
        assertThat(fake.jobs()).filteredOn(job -> job.getReference().getJobId().equals("job-twice")).hasSize(1);
        assertThatThrownBy(() -> jobs.submitJob(submit("submits", "job-twice", "request-b")))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessageContaining("jobs/job-twice");
        assertThatThrownBy(() -> jobs.submitJob(submit("submits", "job-twice", null))).isInstanceOf(AlreadyExistsException.class);
        // no job id: the service makes one
        Job unnamed = jobs.submitJob(submit("submits", "", null));
        assertThat(unnamed.getReference().getJobId()).matches("[0-9a-f]{32}");
    }

    @Test
    void refusesJobsOnClustersThatCannotTakeThem() throws Exception {
        fake.clusterStartDelay(java.time.Duration.ofMinutes(1));
        clusters.createClusterAsync(PROJECT, REGION, cluster("not-yet").build()).getInitialFuture().get(10, TimeUnit.SECONDS);

        assertThatThrownBy(() -> jobs.submitJob(submit("not-yet", "early-job", null)))
                .isInstanceOf(FailedPreconditionException.class)
                .hasMessageContaining("CREATING");
        assertThatThrownBy(() -> jobs.submitJob(submit("no-such-cluster", "lost-job", null))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> jobs.submitJob(SubmitJobRequest.newBuilder().setProjectId(PROJECT).setRegion(REGION)
                .setJob(Job.newBuilder().setPlacement(JobPlacement.newBuilder().setClusterName("not-yet"))).build()))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> jobs.submitJob(submit("not-yet", "bad id!", null))).isInstanceOf(InvalidArgumentException.class);
        assertThat(fake.job("early-job")).isEmpty();
    }

    @Test
    void listsJobsByClusterStateMatcherAndLabels() throws Exception {
        clusters.createClusterAsync(PROJECT, REGION, cluster("listing-jobs").build()).get(10, TimeUnit.SECONDS);
        for (String id : List.of("listed-1", "listed-2", "listed-3")) {
            SubmitJobRequest request = submit("listing-jobs", id, null);
            jobs.submitJob(request.toBuilder().setJob(request.getJob().toBuilder().putLabels("kind", id.equals("listed-3") ? "b" : "a")).build());
        }
        await("listed-1 RUNNING", LIMIT, () -> fake.job("listed-1").orElseThrow().getStatus().getState() == JobStatus.State.RUNNING);
        fake.setJobState("listed-1", JobStatus.State.DONE, "");

        ListJobsRequest onCluster = ListJobsRequest.newBuilder().setProjectId(PROJECT).setRegion(REGION).setClusterName("listing-jobs").build();
        assertThat(jobIds(onCluster)).containsExactly("listed-1", "listed-2", "listed-3");
        assertThat(jobIds(onCluster.toBuilder().setJobStateMatcher(ListJobsRequest.JobStateMatcher.ACTIVE).build()))
                .containsExactly("listed-2", "listed-3");
        assertThat(jobIds(onCluster.toBuilder().setJobStateMatcher(ListJobsRequest.JobStateMatcher.NON_ACTIVE).build()))
                .containsExactly("listed-1");
        assertThat(jobIds(onCluster.toBuilder().setFilter("status.state = ACTIVE AND labels.kind = a").build())).containsExactly("listed-2");
        assertThat(jobIds(onCluster.toBuilder().setFilter("labels.kind = *").setPageSize(1).build()))
                .containsExactly("listed-1", "listed-2", "listed-3");
        assertThatThrownBy(() -> jobIds(onCluster.toBuilder().setFilter("status.state = RUNNING").build()))
                .isInstanceOf(InvalidArgumentException.class);
        assertThat(fake.job("listed-1").orElseThrow().getStatusHistoryList()).extracting(JobStatus::getState)
                .containsExactly(JobStatus.State.PENDING, JobStatus.State.SETUP_DONE, JobStatus.State.RUNNING);
    }

    // --- batches

    @Test
    void aBatchRunsItsOperationIsCancelledThenItIsDeleted() throws Exception {
        CreateBatchRequest request = batch("batch-cancelled", "create-batch-1");

        Operation operation = batches.createBatchCallable().call(request);
        OperationFuture<Batch, BatchOperationMetadata> future = batches.createBatchOperationCallable().resumeFutureCall(operation.getName());
        assertThat(operation.getName()).startsWith("projects/" + PROJECT + "/regions/" + REGION + "/operations/");
        BatchOperationMetadata metadata = operation.getMetadata().unpack(BatchOperationMetadata.class);
        assertThat(metadata.getBatch()).isEqualTo(PARENT + "/batches/batch-cancelled");
        assertThat(metadata.getOperationType()).isEqualTo(BatchOperationMetadata.BatchOperationType.BATCH);
        assertThat(metadata.getLabelsMap()).containsEntry("run", "r1");

        Batch pending = batches.getBatch(PARENT + "/batches/batch-cancelled");
        assertThat(pending.getUuid()).isEqualTo(metadata.getBatchUuid());
        assertThat(pending.getOperation()).isEqualTo(operation.getName());
        assertThat(pending.getRuntimeInfo().getOutputUri()).isEqualTo("gs://" + BUCKET + "/google-cloud-dataproc-metainfo/"
                + pending.getUuid() + "/jobs/srvls-batch-" + pending.getUuid() + "/driveroutput");
        assertThat(batches.createBatchCallable().call(request).getName()).isEqualTo(operation.getName());
        assertThatThrownBy(() -> batches.createBatchCallable().call(request.toBuilder().setRequestId("create-batch-2").build()))
                .isInstanceOf(AlreadyExistsException.class);

        await("the batch RUNNING", LIMIT, () -> fake.batch("batch-cancelled").orElseThrow().getState() == Batch.State.RUNNING);
        assertThat(future.isDone()).isFalse();
        assertThatThrownBy(() -> batches.deleteBatch(PARENT + "/batches/batch-cancelled")).isInstanceOf(FailedPreconditionException.class);

        OperationsClient operations = batches.getOperationsClient();
        operations.cancelOperation(operation.getName());
        assertThat(batches.getBatch(PARENT + "/batches/batch-cancelled").getState()).isEqualTo(Batch.State.CANCELLING);
        Batch cancelled = future.get(10, TimeUnit.SECONDS);
        assertThat(cancelled.getState()).isEqualTo(Batch.State.CANCELLED);
        assertThat(cancelled.getStateHistoryList()).extracting(Batch.StateHistory::getState)
                .containsExactly(Batch.State.PENDING, Batch.State.RUNNING, Batch.State.CANCELLING);
        assertThatThrownBy(() -> operations.cancelOperation(operation.getName())).isInstanceOf(FailedPreconditionException.class);

        batches.deleteBatch(PARENT + "/batches/batch-cancelled");
        assertThatThrownBy(() -> batches.getBatch(PARENT + "/batches/batch-cancelled")).isInstanceOf(NotFoundException.class);
        assertThat(fake.deletedBatches()).contains("batch-cancelled");
    }

    @Test
    void aFailedBatchFailsItsOperationWithItsStateMessageAndASucceededOneAnswersTheBatch() throws Exception {
        OperationFuture<Batch, BatchOperationMetadata> failing = batches.createBatchAsync(batch("batch-failing", null));
        OperationFuture<Batch, BatchOperationMetadata> succeeding = batches.createBatchAsync(batch("batch-succeeding", null));
        await("both RUNNING", LIMIT, () -> fake.batches().stream()
                .filter(batch -> batch.getName().endsWith("/batch-failing") || batch.getName().endsWith("/batch-succeeding"))
                .filter(batch -> batch.getState() == Batch.State.RUNNING)
                .count() == 2);

        fake.setBatchState("batch-failing", Batch.State.FAILED, "Job failed with message [ValueError: boom]");
        fake.setBatchState("batch-succeeding", Batch.State.SUCCEEDED, "");

        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InternalException.class)
                .hasMessageContaining("ValueError: boom");
        assertThat(batches.getBatch(PARENT + "/batches/batch-failing").getStateMessage()).contains("ValueError: boom");
        assertThat(succeeding.get(10, TimeUnit.SECONDS).getState()).isEqualTo(Batch.State.SUCCEEDED);
        assertThat(succeeding.getMetadata().get().hasDoneTime()).isTrue();
    }

    @Test
    void refusesInvalidBatchIdsAndListsBatchesByStateAndLabels() throws Exception {
        assertThatThrownBy(() -> batches.createBatchAsync(batch("Bad_Id", null)).get()).hasCauseInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> batches.createBatchAsync(batch("abc", null)).get()).hasCauseInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> batches.createBatchAsync(batch("-starts-with-hyphen", null)).get())
                .hasCauseInstanceOf(InvalidArgumentException.class);

        for (String id : List.of("listed-batch-1", "listed-batch-2", "listed-batch-3")) {
            CreateBatchRequest request = batch(id, null);
            batches.createBatchAsync(request.toBuilder().setBatch(request.getBatch().toBuilder().putLabels("suite", "batch-listing")).build())
                    .getInitialFuture().get(10, TimeUnit.SECONDS);
        }
        await("listed-batch-3 RUNNING", LIMIT, () -> fake.batch("listed-batch-3").orElseThrow().getState() == Batch.State.RUNNING);
        fake.setBatchState("listed-batch-2", Batch.State.SUCCEEDED, "");

        ListBatchesRequest listing = ListBatchesRequest.newBuilder().setParent(PARENT).setFilter("labels.suite = batch-listing").build();
        assertThat(batchIds(listing)).containsExactly("listed-batch-1", "listed-batch-2", "listed-batch-3");
        assertThat(batchIds(listing.toBuilder().setFilter("state = RUNNING and labels.suite = \"batch-listing\"").build()))
                .containsExactly("listed-batch-1", "listed-batch-3");
        assertThat(batchIds(listing.toBuilder().setFilter("batch_id = listed-batch-2").build())).containsExactly("listed-batch-2");
        assertThat(batchIds(listing.toBuilder().setPageSize(2).setOrderBy("create_time desc").build()))
                .containsExactly("listed-batch-3", "listed-batch-2", "listed-batch-1");
        assertThatThrownBy(() -> batchIds(listing.toBuilder().setFilter("create_time < \"2023-01-01T00:00:00Z\"").build()))
                .isInstanceOf(InvalidArgumentException.class);
    }

    // --- operations, faults and calls

    @Test
    void listsGetsAndDeletesOperations() throws Exception {
        clusters.createClusterAsync(PROJECT, REGION, cluster("operated").build()).get(10, TimeUnit.SECONDS);
        OperationsClient operations = clusters.getOperationsClient();

        List<Operation> listed = new ArrayList<>();
        operations.listOperations("projects/" + PROJECT + "/regions/" + REGION + "/operations", "").iterateAll().forEach(listed::add);
        Operation created = listed.stream()
                .filter(operation -> unpackCluster(operation).getClusterName().equals("operated"))
                .findFirst().orElseThrow();
        assertThat(created.getDone()).isTrue();
        assertThat(created.getResponse().unpack(Cluster.class).getClusterName()).isEqualTo("operated");
        assertThat(operations.getOperation(created.getName())).isEqualTo(created);

        operations.deleteOperation(created.getName());
        assertThatThrownBy(() -> operations.getOperation(created.getName())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> operations.cancelOperation(listed.get(0).getName() + "-missing")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void faultsAreAnsweredBeforeTheServiceAndTheClientsOwnRetrySettingsSeeThem() throws Exception {
        clusters.createClusterAsync(PROJECT, REGION, cluster("faulty").build()).get(10, TimeUnit.SECONDS);
        fake.resetCalls();

        // GetCluster retries UNAVAILABLE (and DEADLINE_EXCEEDED, INTERNAL) by default
        fake.failNext("GetCluster", 2, Status.Code.UNAVAILABLE);
        assertThat(clusters.getCluster(PROJECT, REGION, "faulty").getClusterName()).isEqualTo("faulty");
        assertThat(fake.calls()).containsEntry("GetCluster", 3);

        // CreateCluster retries UNAVAILABLE only: the fault did nothing, the retry creates it
        fake.failNext("CreateCluster", 1, Status.Code.UNAVAILABLE);
        assertThat(clusters.createClusterAsync(PROJECT, REGION, cluster("faulty-create").build()).get(10, TimeUnit.SECONDS)
                .getStatus().getState()).isEqualTo(ClusterStatus.State.RUNNING);
        assertThat(fake.calls()).containsEntry("CreateCluster", 2);

        // the operation future's polls retry UNAVAILABLE too
        fake.failNext("GetOperation", 2, Status.Code.UNAVAILABLE);
        assertThat(clusters.createClusterAsync(PROJECT, REGION, cluster("faulty-poll").build()).get(10, TimeUnit.SECONDS)
                .getStatus().getState()).isEqualTo(ClusterStatus.State.RUNNING);

        // SubmitJob does not retry FAILED_PRECONDITION
        fake.failNext("SubmitJob", 1, Status.Code.FAILED_PRECONDITION);
        assertThatThrownBy(() -> jobs.submitJob(submit("faulty", "faulty-job", null))).isInstanceOf(FailedPreconditionException.class);
        assertThat(fake.job("faulty-job")).isEmpty();
        assertThat(jobs.submitJob(submit("faulty", "faulty-job", null)).getReference().getJobId()).isEqualTo("faulty-job");

        // BatchController's calls have no retry settings at all: one UNAVAILABLE reaches the caller
        fake.resetCalls();
        fake.failNext("CreateBatch", 1, Status.Code.UNAVAILABLE);
        assertThatThrownBy(() -> batches.createBatchAsync(batch("faulty-batch", null)).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(UnavailableException.class);
        assertThat(fake.calls()).isEqualTo(Map.of("CreateBatch", 1));
        assertThat(fake.batch("faulty-batch")).isEmpty();

        // 0 times clears a fault
        fake.failNext("GetCluster", 5, Status.Code.INTERNAL);
        fake.failNext("GetCluster", 0, Status.Code.INTERNAL);
        assertThat(clusters.getCluster(PROJECT, REGION, "faulty").getClusterName()).isEqualTo("faulty");
    }

    @Test
    void aFaultAfterDoingLetsTheCallTakeEffectAndARefusedProjectIsDeniedOnEveryCall() throws Exception {
        fake.failNextAfterDoing("CreateCluster", 1, Status.Code.INTERNAL);
        assertThatThrownBy(() -> clusters.createClusterAsync(PROJECT, REGION, cluster("made-anyway").build()).get(10, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(ApiException.class,
                        exception -> assertThat(exception.getStatusCode().getCode()).isEqualTo(StatusCode.Code.INTERNAL));
        assertThat(fake.cluster("made-anyway")).as("the create took effect; its answer was lost").isPresent();

        fake.refuseProject("someone-elses");
        assertThatThrownBy(() -> clusters.listClusters("someone-elses", REGION).iterateAll().iterator().next())
                .isInstanceOfSatisfying(ApiException.class,
                        exception -> assertThat(exception.getStatusCode().getCode()).isEqualTo(StatusCode.Code.PERMISSION_DENIED))
                .hasMessageContaining("someone-elses");
        assertThatThrownBy(() -> batches.listBatches("projects/someone-elses/locations/" + REGION).iterateAll().iterator().next())
                .isInstanceOfSatisfying(ApiException.class,
                        exception -> assertThat(exception.getStatusCode().getCode()).isEqualTo(StatusCode.Code.PERMISSION_DENIED));
        assertThat(clusters.getCluster(PROJECT, REGION, "made-anyway").getClusterName()).as("other projects answer").isEqualTo("made-anyway");
    }

    @Test
    void unimplementedCallsAnswerUnimplemented() {
        assertThatThrownBy(() -> clusters.stopClusterAsync(com.google.cloud.dataproc.v1.StopClusterRequest.newBuilder()
                .setProjectId(PROJECT).setRegion(REGION).setClusterName("any").build()).get())
                .cause()
                .isInstanceOfSatisfying(ApiException.class,
                        exception -> assertThat(exception.getStatusCode().getCode()).isEqualTo(StatusCode.Code.UNIMPLEMENTED));
    }

    // --- helpers

    private static Cluster.Builder cluster(String name) {
        return Cluster.newBuilder().setClusterName(name).setConfig(config());
    }

    private static ClusterConfig.Builder config() {
        return ClusterConfig.newBuilder()
                .setConfigBucket(BUCKET)
                .setWorkerConfig(InstanceGroupConfig.newBuilder().setNumInstances(2));
    }

    private static UpdateClusterRequest resize(String name, int secondaryWorkers) {
        return UpdateClusterRequest.newBuilder()
                .setProjectId(PROJECT).setRegion(REGION).setClusterName(name)
                .setCluster(Cluster.newBuilder().setConfig(ClusterConfig.newBuilder()
                        .setSecondaryWorkerConfig(InstanceGroupConfig.newBuilder().setNumInstances(secondaryWorkers))))
                .setUpdateMask(FieldMask.newBuilder().addPaths("config.secondary_worker_config.num_instances"))
                .build();
    }

    private static SubmitJobRequest submit(String clusterName, String jobId, String requestId) {
        SubmitJobRequest.Builder request = SubmitJobRequest.newBuilder().setProjectId(PROJECT).setRegion(REGION)
                .setJob(Job.newBuilder()
                        .setReference(JobReference.newBuilder().setJobId(jobId))
                        .setPlacement(JobPlacement.newBuilder().setClusterName(clusterName))
                        .setPysparkJob(PySparkJob.newBuilder().setMainPythonFileUri("gs://" + BUCKET + "/app.py")));
        if (requestId != null) {
            request.setRequestId(requestId);
        }
        return request.build();
    }

    private static CreateBatchRequest batch(String batchId, String requestId) {
        CreateBatchRequest.Builder request = CreateBatchRequest.newBuilder()
                .setParent(PARENT)
                .setBatchId(batchId)
                .setBatch(Batch.newBuilder()
                        .setPysparkBatch(PySparkBatch.newBuilder().setMainPythonFileUri("gs://" + BUCKET + "/app.py"))
                        .putLabels("run", "r1")
                        .setEnvironmentConfig(EnvironmentConfig.newBuilder()
                                .setExecutionConfig(ExecutionConfig.newBuilder().setStagingBucket(BUCKET))));
        if (requestId != null) {
            request.setRequestId(requestId);
        }
        return request.build();
    }

    private static JobStatus.State state(Job job) {
        return jobs.getJob(PROJECT, REGION, job.getReference().getJobId()).getStatus().getState();
    }

    private static List<String> names(String filter) {
        List<String> names = new ArrayList<>();
        clusters.listClusters(PROJECT, REGION, filter).iterateAll().forEach(cluster -> names.add(cluster.getClusterName()));
        return names;
    }

    private static List<String> jobIds(ListJobsRequest request) {
        List<String> ids = new ArrayList<>();
        jobs.listJobs(request).iterateAll().forEach(job -> ids.add(job.getReference().getJobId()));
        return ids;
    }

    private static List<String> batchIds(ListBatchesRequest request) {
        List<String> ids = new ArrayList<>();
        batches.listBatches(request).iterateAll().forEach(batch -> ids.add(batch.getName().substring(batch.getName().lastIndexOf('/') + 1)));
        return ids;
    }

    private static ClusterOperationMetadata unpackCluster(Operation operation) {
        try {
            return operation.getMetadata().unpack(ClusterOperationMetadata.class);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return ClusterOperationMetadata.getDefaultInstance(); // a batch's operation
        }
    }
}
