package io.sparkplane.backend.dataprocserverless;

import com.google.cloud.dataproc.v1.Batch;
import com.google.cloud.dataproc.v1.BatchControllerClient;
import io.grpc.Status;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.testkit.EngineBackendContract;
import io.sparkplane.testkit.gcp.FakeDataprocServer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The backend contract against the testkit's {@link FakeDataprocServer}, a fake of Dataproc serving
 * Google's published BatchController and Operations service definitions over real gRPC (no Dataproc
 * runs here). New batches go RUNNING and stay so until cancelled, so the engine of every spec "keeps
 * running". What of a cluster exists is its batch while it has not ended; Dataproc sizes the job
 * itself, so no workers are counted.
 *
 * <p>The specs are attempts' first provisions ({@code mayExist=false}): the contract's "provision
 * again" and "restarted control plane" cases go through CreateBatch's request id, which the fake
 * keeps as Dataproc documents it. Ended batches are deleted by the next terminate (no retention).
 */
class DataprocServerlessBackendContractIT extends EngineBackendContract {

    private static final String PROFILE = "contract";
    private static FakeDataprocServer fake;
    private EngineBackend backend;

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
        backend = newBackend(PROFILE);
    }

    @AfterEach
    void stop() {
        fake.failNext("CreateBatch", 0, Status.Code.UNAVAILABLE);
        backend.close();
    }

    private static DataprocServerlessConfiguration configuration() {
        return TestSpecs.fake(fake.endpoint(), Duration.ZERO, Duration.ZERO);
    }

    private static EngineBackend newBackend(String profile) {
        return DataprocServerlessBackendFactory.backend(profile, configuration(), Clock.systemUTC());
    }

    @Override
    protected EngineBackend backend() {
        return backend;
    }

    @Override
    protected EngineBackend restarted() {
        return newBackend(PROFILE);
    }

    @Override
    protected boolean serviceScalesItself() {
        return true;
    }

    @Override
    protected ClusterSpec runningCluster(int minWorkers, int maxWorkers) {
        return TestSpecs.python(UUID.randomUUID().toString(), minWorkers, maxWorkers, Map.of()).withMayExist(false);
    }

    private static Stream<Batch> going(ClusterSpec spec) {
        return fake.batches().stream()
                .filter(batch -> spec.clusterName().equals(batch.getLabelsMap().get("sparkplane-cluster")))
                .filter(batch -> !BatchStates.terminal(batch.getState()));
    }

    /** The spec's batches that have not ended. */
    @Override
    protected Set<String> leftovers(ClusterSpec spec) {
        Set<String> batches = new TreeSet<>();
        going(spec).forEach(batch -> batches.add("batch/" + batch.getName() + " " + batch.getState()));
        return batches;
    }

    /** Not asked: Dataproc sizes the job itself ({@link #serviceScalesItself()}). */
    @Override
    protected int workers(ClusterSpec spec) {
        throw new UnsupportedOperationException("Dataproc does not show a batch's executors");
    }

    /** Cancelled behind the backend's back, as an operator in the console would. */
    @Override
    protected void vanish(ClusterSpec spec) {
        going(spec).toList().forEach(batch -> fake.setBatchState(batch.getName().substring(batch.getName().lastIndexOf('/') + 1),
                Batch.State.CANCELLED, "Batch cancelled by the operator"));
    }

    /**
     * The attempt's first CreateBatch made the batch but its answer was lost (made here by another
     * client, with the attempt's own request), and every CreateBatch since fails UNAVAILABLE past
     * the client's retries.
     */
    @Override
    protected EngineBackend failingHalfway(ClusterSpec spec) {
        try (BatchControllerClient client = DataprocClients.batchController(configuration())) {
            client.createBatchCallable().call(BatchRequest.of(spec, PROFILE, configuration()).toProto());
        }
        fake.failNext("CreateBatch", 50, Status.Code.UNAVAILABLE);
        return newBackend(PROFILE);
    }

    @Override
    protected String halfwayFailure() {
        return "UNAVAILABLE: fault injected by the fake (failNext CreateBatch)";
    }
}
