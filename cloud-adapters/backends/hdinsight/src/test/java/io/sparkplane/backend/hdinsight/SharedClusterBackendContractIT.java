package io.sparkplane.backend.hdinsight;

import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.testkit.EngineBackendContract;
import io.sparkplane.testkit.azure.FakeHdInsightArmServer;
import io.sparkplane.testkit.azure.FakeLivy;
import io.sparkplane.testkit.azure.LivyOperation;
import io.sparkplane.testkit.azure.LivyState;
import java.net.http.HttpClient;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend contract in shared mode against the testkit's {@link FakeHdInsightArmServer}: a running
 * Spark cluster made outside Sparkplane, whose Livy (a fake of Livy 0.8's batch API, behind the
 * cluster's gateway login, with CSRF protection) takes the batches. No HDInsight and no Livy run
 * here; the fake's batches run until the test sets their state, so the engine of every spec "keeps
 * running". What of a cluster exists is its live batch; YARN sizes the job, so no workers are counted.
 *
 * <p>The specs are attempts' first provisions ({@code mayExist=false}): the contract's "provision
 * again" and "restarted control plane" cases go through Livy refusing a second live batch of the
 * name, which adopts it.
 */
class SharedClusterBackendContractIT extends EngineBackendContract {

    private static final String PROFILE = "contract";
    private static final String CLUSTER = "spark-shared-" + UUID.randomUUID().toString().substring(0, 8);
    private static FakeHdInsightArmServer fake;
    private static HdInsightConfiguration configuration;
    @TempDir
    static Path work;
    private EngineBackend backend;

    @BeforeAll
    static void startTheFake() throws Exception {
        fake = FakeHdInsightArmServer.start();
        fake.createExistingCluster(FakeProfiles.SUBSCRIPTION, FakeProfiles.RESOURCE_GROUP, CLUSTER, FakeProfiles.USER, FakeProfiles.PASSWORD, 4);
        configuration = FakeProfiles.shared(fake, PROFILE, CLUSTER, work.resolve("secrets"), Map.of()).configuration();
    }

    @AfterAll
    static void stopTheFake() {
        fake.close();
    }

    @BeforeEach
    void start() {
        backend = newBackend();
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    private static EngineBackend newBackend() {
        return HdInsightBackend.connect(PROFILE, configuration, work, Clock.systemUTC());
    }

    @Override
    protected EngineBackend backend() {
        return backend;
    }

    @Override
    protected EngineBackend restarted() {
        return newBackend();
    }

    @Override
    protected boolean serviceScalesItself() {
        return true;
    }

    @Override
    protected ClusterSpec runningCluster(int minWorkers, int maxWorkers) {
        return TestSpecs.python(UUID.randomUUID().toString(), minWorkers, maxWorkers, Map.of()).withMayExist(false);
    }

    private static FakeLivy livy() {
        return fake.livy(CLUSTER);
    }

    private static Stream<io.sparkplane.testkit.azure.LivyBatch> going(ClusterSpec spec) {
        String name = new BatchNames("sparkplane", PROFILE).batchName(spec.clusterName());
        return livy().batches().stream().filter(batch -> batch.name().equals(java.util.Optional.of(name))).filter(batch -> !batch.state().isFinished());
    }

    /** The spec's batches that have not ended. */
    @Override
    protected Set<String> leftovers(ClusterSpec spec) {
        Set<String> batches = new TreeSet<>();
        going(spec).forEach(batch -> batches.add("batch/" + batch.id() + " " + batch.name().orElse("")));
        return batches;
    }

    /** Not asked: YARN sizes the job itself ({@link #serviceScalesItself()}). */
    @Override
    protected int workers(ClusterSpec spec) {
        throw new UnsupportedOperationException("a shared cluster's batch is sized by YARN's dynamic allocation");
    }

    /** Killed behind the backend's back, as an operator with the cluster's YARN would. */
    @Override
    protected void vanish(ClusterSpec spec) {
        going(spec).toList().forEach(batch -> livy().setState(batch.id(), LivyState.KILLED));
    }

    /**
     * The attempt's first POST made the batch but its answer was lost (made here by another client,
     * with the attempt's own request), and the POST of this provision fails 503: the batch found
     * under the name is deleted, and the provision fails with Livy's words.
     */
    @Override
    protected EngineBackend failingHalfway(ClusterSpec spec) {
        LivyClient other = new LivyClient(HttpClient.newHttpClient(), configuration.livy(CLUSTER), FakeProfiles.USER, configuration.loginPassword(),
                Duration.ofSeconds(10));
        other.submit(LivyBatchRequest.of(spec, new BatchNames("sparkplane", PROFILE).batchName(spec.clusterName())));
        livy().failNext(LivyOperation.CREATE, 503, "Livy is overloaded");
        return newBackend();
    }

    @Override
    protected String halfwayFailure() {
        return "503 Livy is overloaded";
    }
}
