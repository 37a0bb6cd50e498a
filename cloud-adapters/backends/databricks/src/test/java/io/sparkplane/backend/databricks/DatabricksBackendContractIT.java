package io.sparkplane.backend.databricks;

import com.databricks.sdk.WorkspaceClient;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.settings.SecretReference;
import io.sparkplane.testkit.EngineBackendContract;
import io.sparkplane.testkit.databricks.ClusterView;
import io.sparkplane.testkit.databricks.FakeDatabricksServer;
import io.sparkplane.testkit.databricks.RunView;
import java.nio.file.Files;
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

/**
 * The backend contract against the testkit's {@link FakeDatabricksServer}, a fake of a Databricks
 * workspace's REST API over real HTTP (no Databricks runs here), through the Databricks SDK. The
 * profile has fixed-size clusters, so resize goes through clusters/resize and the fake's cluster
 * shows the workers. A run's job cluster starts after a short delay and its task then runs until it
 * is cancelled, so the engine of every spec "keeps running". What of a cluster exists is its run
 * while it has not ended and its job cluster while it is not terminated.
 */
class DatabricksBackendContractIT extends EngineBackendContract {

    private static final String PROFILE = "contract";
    private static final String PAT = "dapi-" + UUID.randomUUID();
    private static FakeDatabricksServer fake;
    private static SecretReference token;
    private EngineBackend backend;

    @BeforeAll
    static void startTheFake() throws Exception {
        fake = FakeDatabricksServer.start();
        fake.acceptToken(PAT);
        fake.clusterStartDelay(Duration.ofMillis(200));
        Path file = Files.createTempFile("databricks-token", "");
        file.toFile().deleteOnExit();
        Files.writeString(file, PAT);
        token = SecretReference.parse("file:" + file.toAbsolutePath());
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
        fake.clearFaults();
        backend.close();
    }

    private static DatabricksConfiguration configuration() {
        return TestSpecs.configuration(fake.host(), token, false);
    }

    private static EngineBackend newBackend() {
        return DatabricksBackendFactory.backend(PROFILE, configuration(), Clock.systemUTC());
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
    protected ClusterSpec runningCluster(int minWorkers, int maxWorkers) {
        return TestSpecs.python(UUID.randomUUID().toString(), minWorkers, maxWorkers, Map.of()).withMayExist(false);
    }

    private static Stream<RunView> runsOf(ClusterSpec spec) {
        return fake.runs().stream().filter(run -> spec.clusterName().equals(run.runName()));
    }

    /** The spec's runs that have not ended, and their job clusters that are not terminated. */
    @Override
    protected Set<String> leftovers(ClusterSpec spec) {
        Set<String> left = new TreeSet<>();
        runsOf(spec).forEach(run -> {
            if (run.active()) {
                left.add("run/" + run.runId() + " " + run.lifeCycleState());
            }
            fake.cluster(run.clusterId()).filter(ClusterView::live).ifPresent(cluster -> left.add("cluster/" + cluster.clusterId()));
        });
        return left;
    }

    /** The workers of the spec's running job cluster. */
    @Override
    protected int workers(ClusterSpec spec) {
        return runsOf(spec).filter(RunView::active).findFirst().flatMap(run -> fake.cluster(run.clusterId()))
                .map(cluster -> cluster.numWorkers() == null ? 0 : cluster.numWorkers()).orElse(0);
    }

    /** Cancelled in the workspace's UI, behind the backend's back. */
    @Override
    protected void vanish(ClusterSpec spec) {
        runsOf(spec).filter(RunView::active).forEach(run -> fake.setRunState(run.runId(), "TERMINATED", "CANCELED", "Run cancelled by an operator",
                "USER_CANCELED", "SUCCESS"));
    }

    /**
     * The attempt's first submit made the run but its answer was lost (made here by another client,
     * with the attempt's own request), and every submit since fails with a 500, which the SDK does not
     * retry for a POST.
     */
    @Override
    protected EngineBackend failingHalfway(ClusterSpec spec) {
        WorkspaceClient client = DatabricksClients.workspace(configuration());
        client.jobs().submit(SubmitRunRequest.of(spec, PROFILE, configuration()).submitRun());
        fake.failNext(FakeDatabricksServer.RUNS_SUBMIT, 50, 500, "INTERNAL_ERROR", "fault injected by the fake (failNext runs/submit)");
        return newBackend();
    }

    @Override
    protected String halfwayFailure() {
        return "500 INTERNAL_ERROR: fault injected by the fake (failNext runs/submit)";
    }
}
