package io.sparkplane.backend.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.testkit.EngineBackendContract;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The backend contract against Fabric8's mock API server in CRUD mode, the most faithful peer here
 * (no API server can run on these machines). No kubelet runs: pods stay Pending, which the backend
 * reads as a cluster that is starting, so the engine of every spec "keeps running".
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesEngineBackendContractIT extends EngineBackendContract {

    static KubernetesClient client;
    static KubernetesMockServer server;

    private static final String NAMESPACE = "contract";
    private static final KubernetesBackendConfiguration CONFIGURATION = KubernetesBackendConfiguration.defaults("sparkplane/engine:test")
            .withNamespace(NAMESPACE);
    private KubernetesEngineBackend backend;

    @BeforeEach
    void start() {
        backend = newBackend();
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    private static KubernetesEngineBackend newBackend() {
        return new KubernetesEngineBackend("kubernetes", client, CONFIGURATION, Clock.systemUTC());
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
        ClusterSpec spec = TestClusters.spec(UUID.randomUUID().toString(), minWorkers);
        return new ClusterSpec(spec.clusterName(), new EngineResources(1, 1024, 1, 1024, minWorkers, maxWorkers),
                minWorkers, Duration.ofSeconds(60), "", spec.launch(), "default");
    }

    @Override
    protected Set<String> leftovers(ClusterSpec spec) {
        Map<String, String> cluster = Map.of(EngineLabels.CLUSTER, spec.clusterName());
        Set<String> names = new TreeSet<>();
        Stream.of(client.pods().inNamespace(NAMESPACE).withLabels(cluster).list().getItems(),
                        client.services().inNamespace(NAMESPACE).withLabels(cluster).list().getItems(),
                        client.secrets().inNamespace(NAMESPACE).withLabels(cluster).list().getItems(),
                        client.configMaps().inNamespace(NAMESPACE).withLabels(cluster).list().getItems())
                .flatMap(List::stream)
                .map(object -> ((HasMetadata) object).getKind() + "/" + ((HasMetadata) object).getMetadata().getName())
                .forEach(names::add);
        return names;
    }

    @Override
    protected int workers(ClusterSpec spec) {
        return (int) client.pods().inNamespace(NAMESPACE).withLabel(EngineLabels.CLUSTER, spec.clusterName())
                .withLabel(EngineLabels.ROLE, "worker").list().getItems().stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .count();
    }

    /** The driver pod deleted, as by {@code kubectl delete pod}; the mock runs no garbage collector, so what it owns stays. */
    @Override
    protected void vanish(ClusterSpec spec) {
        client.pods().inNamespace(NAMESPACE).withName(new EngineClusterNames(spec.clusterName()).driverPod()).delete();
    }

    /** The driver pod is made, then a quota refuses the launch secret. */
    @Override
    protected EngineBackend failingHalfway(ClusterSpec spec) {
        server.expect().post().withPath("/api/v1/namespaces/" + NAMESPACE + "/secrets")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
                        .withMessage("secrets \"x\" is forbidden: exceeded quota: contract, requested: count/secrets=1").build())
                .once();
        return newBackend();
    }

    @Override
    protected String halfwayFailure() {
        return "the namespace's resource quota is exceeded";
    }
}
