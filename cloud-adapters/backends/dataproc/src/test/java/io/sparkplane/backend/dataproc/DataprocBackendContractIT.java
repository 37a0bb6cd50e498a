package io.sparkplane.backend.dataproc;

import com.google.cloud.dataproc.v1.Cluster;
import io.grpc.Status;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.testkit.EngineBackendContract;
import io.sparkplane.testkit.gcp.FakeDataprocServer;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The backend contract for {@code dataproc}, against the testkit's {@link FakeDataprocServer} (no
 * Dataproc can run here): a cluster's leftovers are the clusters of its name Dataproc has not
 * deleted, its workers the secondary workers asked for, and a cluster vanishes when the fake deletes
 * it as a user's delete in the console would.
 */
class DataprocBackendContractIT extends EngineBackendContract {

    private static FakeDataprocServer dataproc;
    private DataprocEngineBackend backend;

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
    void closeBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    @Override
    protected EngineBackend backend() {
        if (backend == null) {
            backend = DataprocWireConformanceIT.backend(dataproc, "gcp", Clock.systemUTC());
        }
        return backend;
    }

    @Override
    protected EngineBackend restarted() {
        return DataprocWireConformanceIT.backend(dataproc, "gcp", Clock.systemUTC());
    }

    @Override
    protected ClusterSpec runningCluster(int minWorkers, int maxWorkers) {
        return TestSpecs.python(minWorkers, maxWorkers);
    }

    private static Stream<Cluster> live(ClusterSpec spec) {
        return dataproc.clusters().stream()
                .filter(cluster -> cluster.getClusterName().equals(spec.clusterName()))
                .filter(cluster -> cluster.getStatus().getState() != com.google.cloud.dataproc.v1.ClusterStatus.State.DELETING);
    }

    @Override
    protected Set<String> leftovers(ClusterSpec spec) {
        return live(spec).map(Cluster::getClusterUuid).collect(Collectors.toSet());
    }

    @Override
    protected int workers(ClusterSpec spec) {
        return live(spec).mapToInt(cluster -> cluster.getConfig().getSecondaryWorkerConfig().getNumInstances()).sum();
    }

    @Override
    protected void vanish(ClusterSpec spec) {
        dataproc.deleteClusterBehindTheBacksOfClients(spec.clusterName());
    }

    @Override
    protected EngineBackend failingHalfway(ClusterSpec spec) {
        // Dataproc makes the cluster, but its answer to the create is an error (a lost answer, an internal error)
        dataproc.failNextAfterDoing("CreateCluster", 1, Status.Code.INTERNAL);
        return DataprocWireConformanceIT.backend(dataproc, "gcp", Clock.systemUTC());
    }

    @Override
    protected String halfwayFailure() {
        return "INTERNAL";
    }
}
