package io.sparkplane.backend.dataprocserverless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.dataproc.v1.Batch;
import com.google.cloud.dataproc.v1.BatchControllerClient;
import com.google.cloud.dataproc.v1.CreateBatchRequest;
import com.google.cloud.dataproc.v1.ExecutionConfig;
import io.grpc.Status;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.testkit.gcp.FakeDataprocServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backend's calls on the wire: the real google-cloud-dataproc client, over real gRPC on
 * loopback (plaintext, no credentials), against the testkit's {@link FakeDataprocServer}, a fake of
 * Dataproc serving Google's published BatchController and google.longrunning.Operations service
 * definitions (no Dataproc runs here). The fake's batches go PENDING, then RUNNING, and stay so
 * until a test sets their state; faults are injected per RPC and calls are counted.
 */
class DataprocServerlessWireConformanceIT {

    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final Duration RETENTION = Duration.ofHours(1);
    private static final String PROFILE = "wire";
    private static FakeDataprocServer fake;
    private final MovableClock clock = new MovableClock();
    private final List<DataprocServerlessEngineBackend> backends = new ArrayList<>();
    private DataprocServerlessEngineBackend backend;

    @BeforeAll
    static void startTheFake() throws Exception {
        fake = FakeDataprocServer.start();
    }

    @AfterAll
    static void stopTheFake() {
        fake.close();
    }

    @BeforeEach
    void start() {
        backend = backend(PROFILE, configuration(Duration.ZERO));
        fake.resetCalls();
    }

    @AfterEach
    void stop() {
        // a test that failed halfway leaves no fault for the next one
        for (String method : List.of("CreateBatch", "GetBatch", "ListBatches", "DeleteBatch", "CancelOperation")) {
            fake.failNext(method, 0, Status.Code.UNAVAILABLE);
        }
        backends.forEach(DataprocServerlessEngineBackend::close);
    }

    private static DataprocServerlessConfiguration configuration(Duration pollInterval) {
        DataprocServerlessConfiguration fakes = TestSpecs.fake(fake.endpoint(), GRACE, RETENTION);
        return new DataprocServerlessConfiguration(fakes.project(), fakes.region(), fakes.runtimeVersion(), fakes.serviceAccount(),
                fakes.networkUri(), fakes.subnetworkUri(), fakes.labels(), fakes.ttl(), fakes.endpoint(), fakes.credentials(), pollInterval,
                fakes.driverLogGrace(), fakes.endedBatchRetention());
    }

    private DataprocServerlessEngineBackend backend(String profile, DataprocServerlessConfiguration configuration) {
        DataprocServerlessEngineBackend made = DataprocServerlessBackendFactory.backend(profile, configuration, clock);
        backends.add(made);
        return made;
    }

    /** An attempt's first provision: nothing looked up first. */
    private static ClusterSpec first() {
        return TestSpecs.python(1, 4).withMayExist(false);
    }

    private static String batchId(ClusterSpec spec) {
        return spec.clusterName();
    }

    private static Batch batch(ClusterSpec spec) {
        return fake.batch(batchId(spec)).orElseThrow(() -> new AssertionError("the fake has no batch " + batchId(spec)));
    }

    private static int calls(String method) {
        return fake.calls().getOrDefault(method, 0);
    }

    private static void awaitState(ClusterSpec spec, Batch.State state) {
        await(() -> fake.batch(batchId(spec)).map(batch -> batch.getState() == state).orElse(false), "batch " + batchId(spec) + " " + state);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Another client, as an earlier call or someone else would have made a batch. */
    private static void createElsewhere(CreateBatchRequest request) {
        try (BatchControllerClient client = DataprocClients.batchController(configuration(Duration.ZERO))) {
            client.createBatchCallable().call(request);
        }
    }

    @Test
    void provisionCreatesOneBatchOfTheAttemptWithEveryFieldAndReturnsAtOnce() {
        ClusterSpec spec = first();

        ClusterRef cluster = backend.provision(spec);

        Batch batch = batch(spec);
        assertThat(batch.getName()).isEqualTo("projects/sparkplane-test/locations/us-central1/batches/" + spec.clusterName());
        assertThat(batch.getState()).as("not waited on").isEqualTo(Batch.State.PENDING);
        assertThat(cluster).isEqualTo(new ClusterRef(PROFILE, spec.clusterName(), Map.of(
                "batch", batch.getName(), "operation", batch.getOperation(), "minWorkers", "1", "maxWorkers", "4", "initialWorkers", "1")));
        assertThat(batch.getOperation()).isNotBlank();
        assertThat(batch.getPysparkBatch().getMainPythonFileUri()).isEqualTo(TestSpecs.inputs(spec.launch().runId()) + "job.py");
        assertThat(batch.getPysparkBatch().getJarFileUrisList()).first().isEqualTo("gs://staging-bucket/sparkplane/listener/sparkplane-listener.jar");
        assertThat(batch.getRuntimeConfig().getVersion()).isEqualTo("2.3");
        assertThat(batch.getRuntimeConfig().getPropertiesMap()).containsEntry("spark.dynamicAllocation.maxExecutors", "4")
                .containsEntry("spark.sparkplane.report.url", "https://sparkplane.example.com/internal/v1/runs/" + spec.launch().runId()
                        + "/attempts/1/heartbeat");
        ExecutionConfig execution = batch.getEnvironmentConfig().getExecutionConfig();
        assertThat(execution.getServiceAccount()).isEqualTo("jobs@sparkplane-test.iam.gserviceaccount.com");
        assertThat(execution.getSubnetworkUri()).isEqualTo("projects/sparkplane-test/regions/us-central1/subnetworks/jobs");
        assertThat(execution.getStagingBucket()).isEqualTo("staging-bucket");
        assertThat(execution.getTtl().getSeconds()).isEqualTo(6 * 3600);
        assertThat(batch.getLabelsMap()).containsEntry("sparkplane-profile", PROFILE).containsEntry("sparkplane-cluster", spec.clusterName())
                .containsEntry("sparkplane-run-id", spec.launch().runId()).containsEntry("sparkplane-attempt", "1").containsEntry("team", "data");
        assertThat(batch.toString()).doesNotContain(TestSpecs.TOKEN).doesNotContain(TestSpecs.STORAGE_SECRET);
        assertThat(calls("CreateBatch")).isEqualTo(1);
        assertThat(calls("GetBatch")).as("a first provision looks for nothing").isZero();
        assertThat(calls("GetOperation")).as("nothing waits on the operation").isZero();
    }

    @Test
    void aCreateRepeatedWithTheSameRequestIdIsAnsweredWithTheFirstOperation() {
        ClusterSpec spec = first();

        ClusterRef cluster = backend.provision(spec);
        ClusterRef again = backend(PROFILE, configuration(Duration.ZERO)).provision(spec);

        assertThat(again).isEqualTo(cluster);
        assertThat(fake.batches().stream().filter(batch -> batch.getName().endsWith("/" + spec.clusterName()))).hasSize(1);
        assertThat(calls("CreateBatch")).isEqualTo(2);
    }

    @Test
    void aProvisionThatMayFollowAnEarlierOneAdoptsTheBatchWithoutCreating() {
        ClusterSpec spec = first();
        ClusterRef cluster = backend.provision(spec);
        fake.resetCalls();

        ClusterRef adopted = backend(PROFILE, configuration(Duration.ZERO)).provision(spec.withMayExist(true));

        assertThat(adopted).isEqualTo(cluster);
        assertThat(calls("GetBatch")).isEqualTo(1);
        assertThat(calls("CreateBatch")).isZero();
    }

    @Test
    void aBatchOfTheAttemptMadeByAnotherRequestIsAdoptedWhenCreateSaysItExists() {
        ClusterSpec spec = first();
        BatchRequest request = BatchRequest.of(spec, PROFILE, configuration(Duration.ZERO));
        createElsewhere(request.toProto().toBuilder().setRequestId("an-earlier-call").build());

        ClusterRef adopted = backend.provision(spec);

        assertThat(adopted.attribute("operation")).isEqualTo(batch(spec).getOperation());
        assertThat(adopted.attribute("batch")).isEqualTo(request.batchName());
        assertThat(calls("CreateBatch")).as("the other client's, then the backend's ALREADY_EXISTS").isEqualTo(2);
        assertThat(fake.batches().stream().filter(batch -> batch.getName().equals(request.batchName()))).hasSize(1);
    }

    @Test
    void aBatchOfTheIdThatIsNotTheAttemptsIsNeitherAdoptedNorCancelled() {
        ClusterSpec spec = first();
        BatchRequest request = BatchRequest.of(spec, PROFILE, configuration(Duration.ZERO));
        Batch someoneElses = request.batch().toBuilder().putLabels("sparkplane-cluster", "sp-someone-else-1").build();
        createElsewhere(request.toProto().toBuilder().setRequestId("someone-else").setBatch(someoneElses).build());

        assertThatThrownBy(() -> backend.provision(spec.withMayExist(true))).isInstanceOf(EngineBackendException.class)
                .hasMessageContaining(request.batchName()).hasMessageContaining("not the batch of " + spec.clusterName());
        assertThatThrownBy(() -> backend.provision(spec)).isInstanceOf(EngineBackendException.class)
                .hasMessageContaining("not the batch of " + spec.clusterName());
        assertThat(calls("CancelOperation")).isZero();
    }

    @Test
    void describeFollowsTheBatchThroughEveryStateTheFakeCanSet() {
        ClusterSpec spec = first();
        ClusterRef cluster = backend.provision(spec);
        ClusterTopology topology = new ClusterTopology(1, 0, 0, Map.of(), List.of());
        awaitState(spec, Batch.State.RUNNING);
        assertThat(backend.describe(cluster)).isEqualTo(new ClusterStatus.Active("the batch is RUNNING", topology, true));

        // UNRECOGNIZED is the client's name for a number it does not know, which the fake cannot send
        for (Batch.State state : Arrays.stream(Batch.State.values()).filter(state -> state != Batch.State.UNRECOGNIZED).toList()) {
            String message = "state " + state + " set by the test";
            fake.setBatchState(batchId(spec), state, message);
            assertThat(backend.describe(cluster)).as(state.name()).isEqualTo(BatchStates.status(state, message, topology));
        }
    }

    @Test
    void aFailedBatchInTheFakesWordsIsTheJobsFailureWithItsExitCode() {
        ClusterSpec spec = first();
        ClusterRef cluster = backend.provision(spec);
        String output = batch(spec).getRuntimeInfo().getOutputUri();
        fake.setBatchState(batchId(spec), Batch.State.FAILED, "Job failed with message [ZeroDivisionError: division by zero]. Driver exited with"
                + " code 1. Additional details can be found at: " + output + ".000000000");

        ClusterStatus status = backend.describe(cluster);

        assertThat(status).isInstanceOfSatisfying(ClusterStatus.Finished.class, finished -> {
            assertThat(finished.outcome().failure()).isEqualTo(AttemptFailure.USER_CODE_ERROR);
            assertThat(finished.outcome().exitCode()).isEqualTo(1);
            assertThat(finished.outcome().message()).startsWith("Job failed with message [ZeroDivisionError: division by zero]");
        });
    }

    @Test
    void aLookAtABatchIsReusedForThePollInterval() {
        DataprocServerlessEngineBackend polling = backend(PROFILE, configuration(Duration.ofSeconds(10)));
        ClusterSpec spec = first();
        ClusterRef cluster = polling.provision(spec);
        awaitState(spec, Batch.State.RUNNING);
        fake.resetCalls();

        assertThat(polling.describe(cluster)).isInstanceOf(ClusterStatus.Active.class);
        fake.setBatchState(batchId(spec), Batch.State.SUCCEEDED, "");
        assertThat(polling.describe(cluster)).as("within the interval").isInstanceOf(ClusterStatus.Active.class);
        assertThat(calls("GetBatch")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(10));
        assertThat(polling.describe(cluster)).isInstanceOf(ClusterStatus.Finished.class);
        assertThat(calls("GetBatch")).isEqualTo(2);
    }

    @Test
    void terminateCancelsTheBatchsOperationAndDeletesTheEndedBatchOnceItsRetentionIsOver() {
        ClusterSpec spec = first();
        ClusterRef cluster = backend.provision(spec);
        awaitState(spec, Batch.State.RUNNING);

        backend.terminate(cluster);

        assertThat(calls("CancelOperation")).isEqualTo(1);
        awaitState(spec, Batch.State.CANCELLED);
        assertThat(backend.describe(cluster)).isInstanceOf(ClusterStatus.Gone.class);
        backend.terminate(cluster);
        assertThat(calls("CancelOperation")).as("an ended batch is not cancelled again").isEqualTo(1);
        assertThat(fake.deletedBatches()).as("kept for its retention").doesNotContain(batchId(spec));

        clock.advance(RETENTION);
        backend.terminate(cluster);

        assertThat(fake.deletedBatches()).contains(batchId(spec));
        assertThat(fake.batch(batchId(spec))).isEmpty();
        assertThat(backend.describe(cluster)).isEqualTo(new ClusterStatus.Gone("Dataproc batch " + cluster.attribute("batch") + " no longer exists"));
        backend.terminate(cluster);
        assertThat(calls("DeleteBatch")).isEqualTo(1);
    }

    @Test
    void terminatingABatchBeingCancelledOrEndedMeanwhileIsNoError() {
        ClusterSpec spec = first();
        ClusterRef cluster = backend.provision(spec);
        awaitState(spec, Batch.State.RUNNING);
        fake.setBatchState(batchId(spec), Batch.State.CANCELLING, "");

        backend.terminate(cluster);
        assertThat(calls("CancelOperation")).as("being cancelled already").isZero();

        fake.setBatchState(batchId(spec), Batch.State.RUNNING, "");
        fake.failNext("CancelOperation", 1, Status.Code.FAILED_PRECONDITION);
        backend.terminate(cluster);
        assertThat(calls("CancelOperation")).as("ended between the look and the cancel").isEqualTo(1);
    }

    @Test
    void aCancelRefusedForGoodFailsTheTerminateWithGooglesWords() {
        ClusterSpec spec = first();
        ClusterRef cluster = backend.provision(spec);
        awaitState(spec, Batch.State.RUNNING);
        fake.failNext("CancelOperation", 1, Status.Code.PERMISSION_DENIED);

        assertThatThrownBy(() -> backend.terminate(cluster)).isInstanceOf(EngineBackendException.class)
                .hasMessageContaining("cannot cancel Dataproc batch " + cluster.attribute("batch"))
                .hasMessageContaining("PERMISSION_DENIED: fault injected by the fake (failNext CancelOperation)");
        assertThat(calls("CancelOperation")).as("not retried").isEqualTo(1);
        assertThat(batch(spec).getState()).isEqualTo(Batch.State.RUNNING);
    }

    @Test
    void theDriverOutputIsEveryNumberedPartBesideTheBatchsOutputUri() {
        ClusterSpec spec = first();
        ClusterRef cluster = backend.provision(spec);
        String output = batch(spec).getRuntimeInfo().getOutputUri();

        assertThat(output).startsWith("gs://staging-bucket/google-cloud-dataproc-metainfo/").endsWith("/driveroutput");
        assertThat(backend.driverLogLocations(cluster)).containsExactly(output + "*");
        assertThat(backend(PROFILE, configuration(Duration.ZERO)).driverLogLocations(cluster)).as("read from the batch by a backend that never"
                + " looked at it").containsExactly(output + "*");

        fake.setBatchState(batchId(spec), Batch.State.SUCCEEDED, "");
        clock.advance(RETENTION);
        backend.terminate(cluster);
        assertThat(fake.batch(batchId(spec))).isEmpty();
        assertThat(backend.driverLogLocations(cluster)).as("a deleted batch names nothing").isEmpty();
    }

    @Test
    void theDriverOutputIsWholeAGraceAfterTheBatchEnded() {
        ClusterSpec spec = first();
        ClusterRef cluster = backend.provision(spec);
        awaitState(spec, Batch.State.RUNNING);

        assertThat(backend.driverLogComplete(cluster)).as("running").isFalse();
        fake.setBatchState(batchId(spec), Batch.State.SUCCEEDED, "");
        assertThat(backend.driverLogComplete(cluster)).as("just ended").isFalse();
        clock.advance(GRACE);
        assertThat(backend.driverLogComplete(cluster)).as("a grace after it ended").isTrue();
        clock.advance(RETENTION);
        backend.terminate(cluster);
        assertThat(backend.driverLogComplete(cluster)).as("deleted").isTrue();
    }

    @Test
    void liveClustersAreTheProfilesBatchesEndedOrNotUntilTheyAreDeleted() {
        DataprocServerlessEngineBackend mine = backend("wire-live-" + UUID.randomUUID().toString().substring(0, 8), configuration(Duration.ZERO));
        DataprocServerlessEngineBackend other = backend("wire-other-" + UUID.randomUUID().toString().substring(0, 8), configuration(Duration.ZERO));
        ClusterSpec going = first();
        ClusterSpec ended = first();
        ClusterRef goingRef = mine.provision(going);
        ClusterRef endedRef = mine.provision(ended);
        ClusterRef othersRef = other.provision(first());
        fake.setBatchState(batchId(ended), Batch.State.FAILED, "Job failed with message [boom]");

        assertThat(mine.liveClusters()).containsExactlyInAnyOrder(goingRef, endedRef);
        assertThat(other.liveClusters()).containsExactly(othersRef);

        clock.advance(RETENTION);
        mine.terminate(endedRef);
        assertThat(mine.liveClusters()).containsExactly(goingRef);
        assertThat(calls("ListBatches")).isEqualTo(3);
    }

    @Test
    void aListThatRefusesTheLabelFilterIsFilteredHere() {
        DataprocServerlessEngineBackend mine = backend("wire-refused-" + UUID.randomUUID().toString().substring(0, 8), configuration(Duration.ZERO));
        ClusterRef made = mine.provision(first());
        ClusterRef others = backend.provision(first());
        fake.failNext("ListBatches", 1, Status.Code.INVALID_ARGUMENT);

        List<ClusterRef> live = mine.liveClusters();

        assertThat(live).containsExactly(made).doesNotContain(others);
        assertThat(calls("ListBatches")).as("refused, then every batch of the region").isGreaterThanOrEqualTo(2);
        assertThat(mine.liveClusters()).containsExactly(made);
    }

    @Test
    void liveClustersReadsEveryPage() {
        DataprocServerlessEngineBackend many = backend("wire-many-" + UUID.randomUUID().toString().substring(0, 8), configuration(Duration.ZERO));
        List<ClusterRef> made = new ArrayList<>();
        for (int i = 0; i < 105; i++) {
            made.add(many.provision(first()));
        }
        fake.resetCalls();

        assertThat(many.liveClusters()).containsExactlyInAnyOrderElementsOf(made);
        assertThat(calls("ListBatches")).as("pages of 100").isEqualTo(2);
    }

    @Test
    void unavailableAndTimedOutCallsAreRetriedByTheClientsOwnSettings() {
        ClusterSpec spec = first();
        fake.failNext("CreateBatch", 2, Status.Code.UNAVAILABLE);
        ClusterRef cluster = backend.provision(spec);
        assertThat(calls("CreateBatch")).isEqualTo(3);
        assertThat(fake.batches().stream().filter(batch -> batch.getName().equals(cluster.attribute("batch")))).hasSize(1);

        fake.failNext("GetBatch", 2, Status.Code.DEADLINE_EXCEEDED);
        assertThat(backend.describe(cluster)).isInstanceOf(ClusterStatus.Active.class);
        assertThat(calls("GetBatch")).isEqualTo(3);

        fake.failNext("ListBatches", 1, Status.Code.UNAVAILABLE);
        assertThat(backend.liveClusters()).contains(cluster);
        assertThat(calls("ListBatches")).isEqualTo(2);

        awaitState(spec, Batch.State.RUNNING);
        fake.failNext("CancelOperation", 1, Status.Code.UNAVAILABLE);
        backend.terminate(cluster);
        assertThat(calls("CancelOperation")).isEqualTo(2);
        awaitState(spec, Batch.State.CANCELLED);

        clock.advance(RETENTION);
        fake.failNext("DeleteBatch", 2, Status.Code.UNAVAILABLE);
        backend.terminate(cluster);
        assertThat(calls("DeleteBatch")).isEqualTo(3);
        assertThat(fake.deletedBatches()).contains(batchId(spec));
    }

    @Test
    void aRefusedCreateFailsWithGooglesWordsAndIsNotRetried() {
        ClusterSpec spec = first();
        fake.failNext("CreateBatch", 1, Status.Code.PERMISSION_DENIED);

        assertThatThrownBy(() -> backend.provision(spec)).isInstanceOf(EngineBackendException.class)
                .hasMessage("Dataproc did not create batch " + spec.clusterName() + " in projects/sparkplane-test/locations/us-central1: "
                        + "PERMISSION_DENIED: fault injected by the fake (failNext CreateBatch)");
        assertThat(calls("CreateBatch")).isEqualTo(1);
        assertThat(fake.batch(batchId(spec))).isEmpty();
    }

    @Test
    void aCreateThatFailsForGoodCancelsTheBatchAnEarlierCallMade() {
        ClusterSpec spec = first();
        // the attempt's first CreateBatch made the batch, but its answer was lost; every try since fails
        createElsewhere(BatchRequest.of(spec, PROFILE, configuration(Duration.ZERO)).toProto());
        awaitState(spec, Batch.State.RUNNING);
        fake.failNext("CreateBatch", 50, Status.Code.UNAVAILABLE);
        try {
            assertThatThrownBy(() -> backend.provision(spec)).isInstanceOf(EngineBackendException.class)
                    .hasMessageContaining("UNAVAILABLE: fault injected by the fake (failNext CreateBatch)");
        } finally {
            fake.failNext("CreateBatch", 0, Status.Code.UNAVAILABLE);
        }

        assertThat(calls("CreateBatch")).as("the other client's, then the backend's tries").isEqualTo(1 + 6);
        assertThat(calls("CancelOperation")).isEqualTo(1);
        awaitState(spec, Batch.State.CANCELLED);
    }
}
