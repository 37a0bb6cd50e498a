package io.sparkplane.backend.hdinsight;

import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.testkit.EngineBackendContract;
import io.sparkplane.testkit.azure.ArmOperation;
import io.sparkplane.testkit.azure.FakeHdInsightArmServer;
import io.sparkplane.testkit.azure.HdInsightCluster;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
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
 * The backend contract in ephemeral mode against the testkit's {@link FakeHdInsightArmServer}, a fake
 * of Azure Resource Manager's Microsoft.HDInsight/clusters endpoints (api-version 2021-06-01, with
 * their long-running operation headers), through the real azure-resourcemanager-hdinsight client on
 * the backend's own pipeline (no bearer token: plain HTTP on loopback). Its clusters run after a
 * moment, and each running one serves a fake Livy whose batches run until the test sets their state.
 * What of a cluster exists is the cluster while it is not being deleted; its workers are the worker
 * role's target instance count.
 *
 * <p>The specs are attempts' first provisions ({@code mayExist=false}): the contract's "provision
 * again" and "restarted control plane" cases go through Resource Manager's 409 for a cluster that
 * exists, which adopts it by its tags.
 */
class EphemeralClusterBackendContractIT extends EngineBackendContract {

    private static final String PROFILE = "contract";
    private static FakeHdInsightArmServer fake;
    private static HdInsightConfiguration configuration;
    @TempDir
    static Path work;
    private EngineBackend backend;

    @BeforeAll
    static void startTheFake() throws Exception {
        fake = FakeHdInsightArmServer.start();
        configuration = FakeProfiles.ephemeral(fake, PROFILE, work.resolve("secrets"), Map.of()).configuration();
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
    protected ClusterSpec runningCluster(int minWorkers, int maxWorkers) {
        return TestSpecs.python(UUID.randomUUID().toString(), minWorkers, maxWorkers, Map.of()).withMayExist(false);
    }

    private static Stream<HdInsightCluster> standing(ClusterSpec spec) {
        return fake.clusters().stream()
                .filter(cluster -> spec.clusterName().equals(cluster.tags().get(ClusterRequests.TAG_CLUSTER)))
                .filter(cluster -> !"Deleting".equals(cluster.provisioningState()) && !"Deleting".equals(cluster.clusterState()));
    }

    /** The spec's cluster while it is not being deleted. */
    @Override
    protected Set<String> leftovers(ClusterSpec spec) {
        Set<String> clusters = new TreeSet<>();
        standing(spec).forEach(cluster -> clusters.add("cluster/" + cluster.name()));
        return clusters;
    }

    /** The worker role's target instance count. */
    @Override
    protected boolean shrinksWorkers() {
        return false;
    }

    @Override
    protected int workers(ClusterSpec spec) {
        return fake.cluster(ClusterRequests.clusterName(spec.clusterName())).map(HdInsightCluster::workerCount).orElse(0);
    }

    /** Deleted in the portal behind the backend's back. */
    @Override
    protected void vanish(ClusterSpec spec) {
        standing(spec).toList().forEach(cluster -> fake.deleteClusterBehindTheBacksOfClients(cluster.name()));
    }

    /**
     * The attempt's first create made the cluster but its answer was lost (made here by another
     * client, with the attempt's own request), and every create of this provision fails 500, past the
     * SDK's retries: the cluster found under the name, tagged as the attempt's, is deleted, and the
     * provision fails with Azure's words.
     */
    @Override
    protected EngineBackend failingHalfway(ClusterSpec spec) {
        String name = ClusterRequests.clusterName(spec.clusterName());
        ArmClients.manager(configuration).serviceClient().getClusters().beginCreate(configuration.resourceGroup(), name,
                ClusterRequests.create(configuration, PROFILE, spec, FakeProfiles.PASSWORD, Optional.of("a2V5")), com.azure.core.util.Context.NONE);
        for (int call = 0; call <= ArmClients.MAX_RETRIES; call++) {
            fake.failNext(ArmOperation.CREATE, 500, "InternalServerError", "An internal error occurred in the HDInsight resource provider.");
        }
        return newBackend();
    }

    @Override
    protected String halfwayFailure() {
        return "500: InternalServerError: An internal error occurred in the HDInsight resource provider.";
    }
}
