package io.sparkplane.backend.emr;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.testkit.EngineBackendContract;
import io.sparkplane.testkit.aws.MotoHarness;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend contract for {@code emr}, against the AWS emulator moto behind the test harness
 * {@link MotoHarness} (no EMR can run here): a cluster's leftovers are the clusters of its name EMR
 * has not ended, its workers the TASK group's requested instances, and a cluster vanishes when the
 * harness ends it as a user's TerminateJobFlows in the console would.
 */
class EmrBackendContractIT extends EngineBackendContract {

    private static MotoHarness moto;
    private EmrEngineBackend backend;

    @BeforeAll
    static void startMoto(@TempDir Path directory) throws Exception {
        moto = MotoHarness.start(directory.resolve("moto.log"));
    }

    @AfterAll
    static void stopMoto() throws Exception {
        if (moto != null) {
            moto.close();
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
            backend = EmrWireConformanceIT.backend(moto.endpoint(), "aws");
        }
        return backend;
    }

    @Override
    protected EngineBackend restarted() {
        return EmrWireConformanceIT.backend(moto.endpoint(), "aws");
    }

    @Override
    protected ClusterSpec runningCluster(int minWorkers, int maxWorkers) {
        return EmrTestClusters.spec(minWorkers, maxWorkers);
    }

    private static Stream<JsonNode> live(ClusterSpec spec) {
        return StreamSupport.stream(moto.emrClusters().spliterator(), false)
                .filter(cluster -> cluster.get("name").asText().equals(spec.clusterName()))
                .filter(cluster -> !cluster.get("state").asText().startsWith("TERMINATED"));
    }

    @Override
    protected Set<String> leftovers(ClusterSpec spec) {
        return live(spec).map(cluster -> cluster.get("id").asText()).collect(Collectors.toSet());
    }

    @Override
    protected int workers(ClusterSpec spec) {
        return live(spec).flatMap(cluster -> StreamSupport.stream(cluster.get("instanceGroups").spliterator(), false))
                .filter(group -> group.get("role").asText().equals("TASK"))
                .mapToInt(group -> group.get("requested").asInt()).sum();
    }

    @Override
    protected void vanish(ClusterSpec spec) {
        live(spec).forEach(cluster -> {
            moto.setEmrStep(cluster.get("id").asText(), "CANCELLED", null, null);
            moto.setEmrCluster(cluster.get("id").asText(), "TERMINATED", "USER_REQUEST", "Terminated by user request");
        });
    }

    @Override
    protected EngineBackend failingHalfway(ClusterSpec spec) {
        // RunJobFlow made the cluster; the call after it is refused
        moto.failNext("ListSteps", 1, 400, "InvalidRequestException");
        return EmrWireConformanceIT.backend(moto.endpoint(), "aws");
    }

    @Override
    protected String halfwayFailure() {
        return "InvalidRequestException: injected by the test harness";
    }
}
