package io.sparkplane.backend.dataproc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.dataproc.v1.Cluster;
import com.google.cloud.dataproc.v1.Job;
import com.google.cloud.dataproc.v1.JobStatus;
import io.grpc.Status;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.testkit.gcp.FakeDataprocServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every call the {@code dataproc} backend makes, through Google's own client over real gRPC, against
 * the testkit's {@link FakeDataprocServer}, a fake of Dataproc's published service definitions (no
 * Dataproc can run here): the requests it sends, the states it reads back, the faults it meets.
 */
class DataprocWireConformanceIT {

    private static FakeDataprocServer dataproc;
    private final List<DataprocEngineBackend> backends = new ArrayList<>();

    @BeforeAll
    static void startFake() throws Exception {
        dataproc = FakeDataprocServer.start();
        dataproc.clusterStartDelay(Duration.ofMillis(300));
    }

    @AfterAll
    static void stopFake() {
        if (dataproc != null) {
            dataproc.close();
        }
    }

    @AfterEach
    void closeBackends() {
        backends.forEach(DataprocEngineBackend::close);
    }

    static DataprocConfiguration configuration(FakeDataprocServer server) {
        return TestSpecs.configuration(new GoogleEndpoint(server.endpoint().replaceFirst("^http://", ""), true, false));
    }

    static DataprocEngineBackend backend(FakeDataprocServer server, String profile, Clock clock) {
        return DataprocEngineBackend.connect(profile, configuration(server), clock);
    }

    private DataprocEngineBackend backend() {
        DataprocEngineBackend backend = backend(dataproc, "gcp", Clock.systemUTC());
        backends.add(backend);
        return backend;
    }

    private static <T> T eventually(Supplier<T> value, Predicate<T> done) throws InterruptedException {
        T last = value.get();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = value.get();
        }
        return last;
    }

    private static ClusterStatus.Active running(DataprocEngineBackend backend, ClusterRef cluster) throws InterruptedException {
        ClusterStatus status = eventually(() -> backend.describe(cluster),
                seen -> seen instanceof ClusterStatus.Active active && active.jobStarted());
        assertThat(status).as("the job runs").isInstanceOf(ClusterStatus.Active.class);
        return (ClusterStatus.Active) status;
    }

    @Test
    void anAttemptIsOneLabelledClusterAndOnceItRunsOneJobWithTheServiceConf() throws Exception {
        DataprocEngineBackend backend = backend();
        ClusterSpec spec = TestSpecs.python(1, 4);

        ClusterRef ref = backend.provision(spec);
        ClusterStatus first = backend.describe(ref);

        assertThat(first).as("no job on a cluster still being created").isInstanceOf(ClusterStatus.Active.class);
        assertThat(((ClusterStatus.Active) first).jobStarted()).isFalse();
        Cluster cluster = dataproc.cluster(spec.clusterName()).orElseThrow();
        assertThat(cluster.getLabelsMap()).containsEntry("sparkplane-run-id", spec.launch().runId()).containsEntry("sparkplane-profile", "gcp");
        assertThat(cluster.getConfig().getConfigBucket()).isEqualTo(TestSpecs.BUCKET);
        assertThat(cluster.getConfig().getSecondaryWorkerConfig().getNumInstances()).isEqualTo(1);
        assertThat(cluster.getConfig().getLifecycleConfig().getIdleDeleteTtl().getSeconds()).isEqualTo(1800);

        ClusterStatus.Active active = running(backend, ref);

        assertThat(active.topology().desiredWorkers()).isEqualTo(1);
        Job job = dataproc.job(spec.clusterName()).orElseThrow();
        assertThat(job.getPlacement().getClusterName()).isEqualTo(spec.clusterName());
        assertThat(job.getPysparkJob().getMainPythonFileUri()).isEqualTo(spec.launch().entrypoint().location());
        assertThat(job.getPysparkJob().getPropertiesMap()).containsEntry("spark.dynamicAllocation.maxExecutors", "4");
        assertThat(job.toString()).doesNotContain(TestSpecs.TOKEN).doesNotContain(TestSpecs.STORAGE_SECRET);
        assertThat(dataproc.jobs().stream().filter(each -> each.getPlacement().getClusterName().equals(spec.clusterName())))
                .as("asked every pass, the job is submitted once").hasSize(1);
        backend.terminate(ref);
    }

    @Test
    void aRepeatedProvisionAndARestartedBackendAdoptTheClusterAndItsJob() throws Exception {
        DataprocEngineBackend backend = backend();
        ClusterSpec spec = TestSpecs.python(1, 2);
        ClusterRef ref = backend.provision(spec);
        running(backend, ref);

        assertThat(backend.provision(spec)).as("the same create again: the same request id").isEqualTo(ref);
        DataprocEngineBackend restarted = backend();
        assertThat(restarted.provision(spec.withMayExist(true))).isEqualTo(ref);
        assertThat(running(restarted, ref).detail()).contains("runs");

        assertThat(dataproc.clusters().stream().filter(cluster -> cluster.getClusterName().equals(spec.clusterName()))).hasSize(1);
        assertThat(dataproc.jobs().stream().filter(job -> job.getPlacement().getClusterName().equals(spec.clusterName()))).hasSize(1);
        backend.terminate(ref);
    }

    @Test
    void aClusterOfTheAttemptsNameThatIsNotOursIsLeftAlone() throws Exception {
        ClusterSpec spec = TestSpecs.python(1, 2);
        DataprocEngineBackend other = backend(dataproc, "another-profile", Clock.systemUTC());
        backends.add(other);
        ClusterRef theirs = other.provision(spec);

        assertThatThrownBy(() -> backend().provision(spec.withMayExist(true))).isInstanceOf(EngineBackendException.class)
                .hasMessageContaining("without profile gcp's labels");
        assertThatThrownBy(() -> backend().provision(spec)).isInstanceOf(EngineBackendException.class)
                .hasMessageContaining("without profile gcp's labels");
        assertThat(dataproc.cluster(spec.clusterName())).isPresent();
        other.terminate(theirs);
    }

    @Test
    void theJobsEndIsTheAttemptsOutcome() throws Exception {
        DataprocEngineBackend backend = backend();
        ClusterSpec succeeds = TestSpecs.python(1, 2);
        ClusterSpec fails = TestSpecs.python(1, 2);
        ClusterRef good = backend.provision(succeeds);
        ClusterRef bad = backend.provision(fails);
        running(backend, good);
        running(backend, bad);

        dataproc.setJobState(succeeds.clusterName(), JobStatus.State.DONE, "");
        dataproc.setJobState(fails.clusterName(), JobStatus.State.ERROR, "Job failed with message [Driver exited with code 2]");

        ClusterStatus done = eventually(() -> backend.describe(good), ClusterStatus.Finished.class::isInstance);
        assertThat(((ClusterStatus.Finished) done).outcome().succeeded()).isTrue();
        ClusterStatus error = eventually(() -> backend.describe(bad), ClusterStatus.Finished.class::isInstance);
        assertThat(((ClusterStatus.Finished) error).outcome().failure()).isEqualTo(AttemptFailure.USER_CODE_ERROR);
        assertThat(((ClusterStatus.Finished) error).outcome().exitCode()).isEqualTo(2);
        backend.terminate(good);
        backend.terminate(bad);
    }

    @Test
    void aClusterThatCannotComeUpFailsTheProvisioningWithGooglesWords() throws Exception {
        DataprocEngineBackend backend = backend();
        dataproc.clusterStartDelay(Duration.ofSeconds(30));
        ClusterSpec spec = TestSpecs.python(1, 2);
        ClusterRef ref;
        try {
            ref = backend.provision(spec);
        } finally {
            dataproc.clusterStartDelay(Duration.ofMillis(300));
        }

        dataproc.setClusterState(spec.clusterName(), com.google.cloud.dataproc.v1.ClusterStatus.State.ERROR,
                "Insufficient 'CPUS' quota. Requested 24.0, available 8.0.");

        ClusterStatus status = eventually(() -> backend.describe(ref), ClusterStatus.Failed.class::isInstance);
        assertThat(((ClusterStatus.Failed) status).failure()).isEqualTo(AttemptFailure.PROVISIONING_FAILED);
        assertThat(((ClusterStatus.Failed) status).detail()).contains("Insufficient 'CPUS' quota");
        backend.terminate(ref);
    }

    @Test
    void aJobDataprocRefusesEndsTheProvisioningWithGooglesWords() throws Exception {
        DataprocEngineBackend backend = backend();
        ClusterSpec spec = TestSpecs.python(1, 2);
        ClusterRef ref = backend.provision(spec);
        dataproc.failNext("SubmitJob", 1, Status.Code.INVALID_ARGUMENT);

        ClusterStatus status = eventually(() -> backend.describe(ref), seen -> !(seen instanceof ClusterStatus.Active));

        assertThat(status).isInstanceOf(ClusterStatus.Failed.class);
        assertThat(((ClusterStatus.Failed) status).failure()).isEqualTo(AttemptFailure.PROVISIONING_FAILED);
        assertThat(((ClusterStatus.Failed) status).detail()).startsWith("Dataproc refused the job on cluster " + spec.clusterName())
                .contains("INVALID_ARGUMENT");
        backend.terminate(ref);
    }

    @Test
    void resizesChangeOnlyTheSecondaryWorkersWithinTheRunsBounds() throws Exception {
        DataprocEngineBackend backend = backend();
        ClusterSpec spec = TestSpecs.python(1, 3);
        ClusterRef ref = backend.provision(spec);
        running(backend, ref);

        eventually(() -> backend.resize(ref, 10), topology -> topology.desiredWorkers() == 3);
        eventually(() -> backend.resize(ref, 0), topology -> topology.desiredWorkers() == 1);

        assertThat(dataproc.secondaryWorkerCounts().get(spec.clusterName())).containsExactly(1, 3, 1);
        assertThat(dataproc.cluster(spec.clusterName()).orElseThrow().getConfig().getWorkerConfig().getNumInstances())
                .as("the primary workers stay").isEqualTo(2);
        backend.terminate(ref);
    }

    @Test
    void terminateCancelsTheJobAndDeletesTheClusterAndMayBeRepeated() throws Exception {
        DataprocEngineBackend backend = backend();
        ClusterSpec spec = TestSpecs.python(1, 2);
        ClusterRef ref = backend.provision(spec);
        running(backend, ref);

        dataproc.resetCalls();
        backend.terminate(ref);
        backend.terminate(ref);

        assertThat(dataproc.calls()).as("the job cancelled, then the cluster deleted").containsKeys("CancelJob", "DeleteCluster");
        assertThat(dataproc.job(spec.clusterName()).orElseThrow().getStatus().getState()).as("cancelled, or ended by its cluster's delete")
                .isIn(JobStatus.State.CANCEL_PENDING, JobStatus.State.CANCEL_STARTED, JobStatus.State.CANCELLED, JobStatus.State.ERROR);
        assertThat(dataproc.job(spec.clusterName()).orElseThrow().getStatusHistoryList()).extracting(JobStatus::getState)
                .contains(JobStatus.State.CANCEL_PENDING);
        assertThat(eventually(() -> dataproc.cluster(spec.clusterName()).isPresent(), present -> !present)).isFalse();
        assertThat(dataproc.deletedClusters()).contains(spec.clusterName());
        ClusterStatus after = eventually(() -> backend.describe(ref), status -> !(status instanceof ClusterStatus.Active));
        assertThat(after).as("seen after its own terminate").isNotInstanceOf(ClusterStatus.Active.class);
    }

    @Test
    void theDriverOutputIsTheJobsNumberedPartsWholeAGraceAfterItsEnd() throws Exception {
        MovableClock clock = new MovableClock();
        DataprocEngineBackend backend = new DataprocEngineBackend("gcp", DataprocClients.connect(
                configuration(dataproc).withDriverLogGrace(Duration.ofSeconds(10))), configuration(dataproc).withDriverLogGrace(Duration.ofSeconds(10)), clock);
        backends.add(backend);
        ClusterSpec spec = TestSpecs.python(1, 2);
        ClusterRef ref = backend.provision(spec);
        running(backend, ref);

        Job job = dataproc.job(spec.clusterName()).orElseThrow();
        assertThat(backend.driverLogLocations(ref)).containsExactly(job.getDriverOutputResourceUri() + "*");
        assertThat(job.getDriverOutputResourceUri()).startsWith("gs://" + TestSpecs.BUCKET + "/google-cloud-dataproc-metainfo/")
                .endsWith("/jobs/" + spec.clusterName() + "/driveroutput");
        assertThat(backend.driverLogComplete(ref)).as("while the job runs").isFalse();

        dataproc.setJobState(spec.clusterName(), JobStatus.State.DONE, "");
        clock.set(Instant.now());
        assertThat(backend.driverLogComplete(ref)).as("at the job's end").isFalse();
        clock.set(Instant.now().plusSeconds(11));
        assertThat(backend.driverLogComplete(ref)).as("a grace after it").isTrue();
        backend.terminate(ref);
    }

    @Test
    void theProfilesClustersAreFoundByTheirLabels() throws Exception {
        DataprocEngineBackend backend = backend();
        DataprocEngineBackend other = backend(dataproc, "elsewhere", Clock.systemUTC());
        backends.add(other);
        ClusterSpec ours = TestSpecs.python(1, 2);
        ClusterSpec theirs = TestSpecs.python(1, 2);
        ClusterRef ourRef = backend.provision(ours);
        ClusterRef theirRef = other.provision(theirs);

        List<String> found = backend.liveClusters().stream().map(ClusterRef::clusterName).toList();

        assertThat(found).contains(ours.clusterName()).doesNotContain(theirs.clusterName());
        backend.terminate(ourRef);
        other.terminate(theirRef);
        assertThat(eventually(() -> backend.liveClusters().stream().map(ClusterRef::clusterName).toList(),
                names -> !names.contains(ours.clusterName()))).doesNotContain(ours.clusterName());
    }

    @Test
    void transientErrorsAreRetriedByTheClientAndOthersSayGooglesWords() throws Exception {
        DataprocEngineBackend backend = backend();
        ClusterSpec spec = TestSpecs.python(1, 2);
        dataproc.failNext("CreateCluster", 2, Status.Code.UNAVAILABLE);
        dataproc.resetCalls();

        ClusterRef ref = backend.provision(spec);

        assertThat(dataproc.calls().get("CreateCluster")).as("two refusals, then the create").isEqualTo(3);
        assertThat(dataproc.clusters().stream().filter(cluster -> cluster.getClusterName().equals(spec.clusterName()))).hasSize(1);
        dataproc.failNext("GetCluster", 1, Status.Code.PERMISSION_DENIED);
        assertThatThrownBy(() -> backend(dataproc, "gcp", Clock.systemUTC()).describe(ref)).isInstanceOf(EngineBackendException.class)
                .hasMessageContaining("PERMISSION_DENIED");
        backend.terminate(ref);
    }

    @Test
    void aProjectDataprocRefusesStopsTheProfileWhenItsBackendIsMade() {
        dataproc.failNext("ListClusters", 1, Status.Code.PERMISSION_DENIED);
        assertThatThrownBy(() -> backend(dataproc, "gcp", Clock.systemUTC())).isInstanceOf(SettingException.class)
                .hasMessageStartingWith("project: Dataproc refuses project sparkplane-test in region us-central1: PERMISSION_DENIED");
        dataproc.failNext("ListClusters", 1, Status.Code.INTERNAL);
        DataprocEngineBackend unchecked = backend();
        assertThat(unchecked.name()).as("Dataproc not answering tells nothing: the backend is made").isEqualTo("gcp");
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
