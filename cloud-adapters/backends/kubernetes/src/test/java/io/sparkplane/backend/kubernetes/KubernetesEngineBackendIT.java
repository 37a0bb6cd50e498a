package io.sparkplane.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.sparkplane.spi.engine.AttemptOutcome;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.launch.AttemptOutcomeCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backend's object handling and watches against Fabric8's mock API server in CRUD mode — the
 * most faithful peer here, since no Kubernetes API server can run on these machines. The mock keeps
 * objects and serves watches but runs no kubelet, scheduler or garbage collector: pod statuses are
 * written by the test as a kubelet would.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesEngineBackendIT {

    static KubernetesClient client;
    static KubernetesMockServer server;

    private static final String NAMESPACE = "engines";
    private KubernetesEngineBackend backend;

    @BeforeEach
    void start() {
        backend = new KubernetesEngineBackend("kubernetes", client, KubernetesBackendConfiguration.defaults("sparkplane/engine:test")
                .withNamespace(NAMESPACE).withDeadlines(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(20)),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    private List<Pod> pods(ClusterSpec spec, String role) {
        return client.pods().inNamespace(NAMESPACE).withLabel("sparkplane.io/cluster", spec.clusterName())
                .withLabel("sparkplane.io/role", role).list().getItems().stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    private void setStatus(String podName, PodStatusBuilder status) {
        Pod pod = client.pods().inNamespace(NAMESPACE).withName(podName).get();
        pod.setStatus(status.build());
        client.pods().inNamespace(NAMESPACE).resource(pod).updateStatus();
    }

    private static <T> T eventually(Supplier<T> value, java.util.function.Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        T last = value.get();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = value.get();
        }
        return last;
    }

    @Test
    void provisionCreatesTheClustersObjectsOwnedByTheDriverAndAdoptsThemWhenRepeated() {
        ClusterSpec spec = TestClusters.spec(2);
        EngineClusterNames names = new EngineClusterNames(spec.clusterName());

        ClusterRef first = backend.provision(spec);
        ClusterRef again = backend.provision(spec);

        assertThat(again).isEqualTo(first);
        assertThat(first.attribute("driverPod")).isEqualTo(names.driverPod());
        assertThat(pods(spec, "driver")).hasSize(1);
        assertThat(pods(spec, "worker")).extracting(pod -> pod.getMetadata().getName())
                .containsExactlyInAnyOrder(names.workerPod(1), names.workerPod(2));
        String driverUid = first.attribute("driverUid");
        assertThat(pods(spec, "worker")).allSatisfy(pod -> assertThat(pod.getMetadata().getOwnerReferences())
                .singleElement().satisfies(owner -> assertThat(owner.getUid()).isEqualTo(driverUid)));
        assertThat(client.services().inNamespace(NAMESPACE).withName(names.driverService()).get().getSpec().getClusterIP()).isEqualTo("None");
        assertThat(client.secrets().inNamespace(NAMESPACE).withName(names.launchSecret()).get().getMetadata().getOwnerReferences())
                .singleElement().satisfies(owner -> assertThat(owner.getUid()).isEqualTo(driverUid));
        assertThat(client.configMaps().inNamespace(NAMESPACE).withName(names.specConfigMap()).get().getData().get("launch.json"))
                .doesNotContain(TestClusters.TOKEN);
    }

    @Test
    void resizeAddsAndRemovesWorkerPodsAndReplacesOneThatEnded() throws Exception {
        ClusterSpec spec = TestClusters.spec(1);
        EngineClusterNames names = new EngineClusterNames(spec.clusterName());
        ClusterRef cluster = backend.provision(spec);
        setStatus(names.workerPod(1), new PodStatusBuilder().withPhase("Running"));

        eventually(() -> backend.resize(cluster, 1), topology -> topology.aliveWorkers() == 1);
        ClusterTopology grown = backend.resize(cluster, 3);
        assertThat(grown.desiredWorkers()).isEqualTo(3);
        assertThat(pods(spec, "worker")).extracting(pod -> pod.getMetadata().getName())
                .containsExactlyInAnyOrder(names.workerPod(1), names.workerPod(2), names.workerPod(3));

        backend.resize(cluster, 1);
        List<Pod> left = eventually(() -> pods(spec, "worker"), pods -> pods.size() == 1);
        assertThat(left).extracting(pod -> pod.getMetadata().getName()).containsExactly(names.workerPod(1));

        // the worker dies: the next resize replaces it with a new pod and says so
        setStatus(names.workerPod(1), new PodStatusBuilder().withPhase("Failed").withContainerStatuses(new ContainerStatusBuilder()
                .withName("worker").withNewState().withNewTerminated().withExitCode(137).withReason("Error").endTerminated().endState().build()));
        ClusterTopology repaired = eventually(() -> backend.resize(cluster, 1), topology -> !topology.repairs().isEmpty());
        assertThat(repaired.repairs()).anyMatch(repair -> repair.contains(names.workerPod(1)) && repair.contains("replaced"));
        List<Pod> replaced = eventually(() -> pods(spec, "worker"), pods -> pods.size() == 1
                && !pods.get(0).getMetadata().getName().equals(names.workerPod(1)));
        assertThat(replaced).singleElement().satisfies(pod -> {
            assertThat(pod.getMetadata().getName()).isNotEqualTo(names.workerPod(1)).startsWith(spec.clusterName() + "-worker-");
            assertThat(pod.getStatus() == null || pod.getStatus().getPhase() == null || !pod.getStatus().getPhase().equals("Failed")).isTrue();
        });
    }

    @Test
    void aWorkerPodNameIsNeverUsedTwiceEvenAfterItsPodIsGone() throws Exception {
        ClusterSpec spec = TestClusters.spec(2);
        EngineClusterNames names = new EngineClusterNames(spec.clusterName());
        ClusterRef cluster = backend.provision(spec);
        eventually(() -> pods(spec, "worker"), pods -> pods.size() == 2);

        // the newest worker's pod is deleted out of band and leaves the cache before the next resize
        client.pods().inNamespace(NAMESPACE).withName(names.workerPod(2)).delete();
        eventually(() -> backend.describe(cluster), status -> status instanceof ClusterStatus.Active active && active.topology().desiredWorkers() == 1);
        backend.resize(cluster, 2);

        List<Pod> workers = eventually(() -> pods(spec, "worker"), pods -> pods.size() == 2);
        assertThat(workers).extracting(pod -> pod.getMetadata().getName()).containsExactlyInAnyOrder(names.workerPod(1), names.workerPod(3));
        assertThat(client.pods().inNamespace(NAMESPACE).withName(names.driverPod()).get().getMetadata().getAnnotations())
                .containsEntry(EngineLabels.HIGHEST_WORKER, "3");
    }

    @Test
    void describeFollowsTheDriverPodThroughTheWatch() throws Exception {
        ClusterSpec spec = TestClusters.spec(1);
        EngineClusterNames names = new EngineClusterNames(spec.clusterName());
        ClusterRef cluster = backend.provision(spec);

        assertThat(eventually(() -> backend.describe(cluster), status -> status instanceof ClusterStatus.Active))
                .isInstanceOf(ClusterStatus.Active.class);

        String outcome = new String(AttemptOutcomeCodec.encode(AttemptOutcome.succeeded("the job succeeded", 0)), StandardCharsets.UTF_8);
        setStatus(names.driverPod(), new PodStatusBuilder().withPhase("Succeeded").withContainerStatuses(new ContainerStatusBuilder()
                .withName("driver").withNewState().withNewTerminated().withExitCode(0).withMessage(outcome).endTerminated().endState().build()));
        assertThat(eventually(() -> backend.describe(cluster), status -> status instanceof ClusterStatus.Finished))
                .isInstanceOfSatisfying(ClusterStatus.Finished.class, finished -> assertThat(finished.outcome().succeeded()).isTrue());

        client.pods().inNamespace(NAMESPACE).withName(names.driverPod()).withGracePeriod(0).delete();
        assertThat(eventually(() -> backend.describe(cluster), status -> status instanceof ClusterStatus.Gone))
                .isInstanceOf(ClusterStatus.Gone.class);
    }

    @Test
    void aNamespaceThatCannotBeWatchedFailsTheBackendNamingItAndLeavesNoClientOpen() {
        server.expect().get().withPath("/api/v1/namespaces/team-forbidden/pods?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dsparkplane&resourceVersion=0")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
                        .withMessage("pods is forbidden: User \"sparkplane\" cannot list resource \"pods\" in the namespace \"team-forbidden\"").build())
                .always();
        KubernetesClient own = server.createClient();

        assertThatThrownBy(() -> KubernetesEngineBackend.owningItsClient("kubernetes", own,
                KubernetesBackendConfiguration.defaults("sparkplane/engine:test").withNamespace(NAMESPACE)
                        .withWorkspaceNamespaces(Map.of("locked", "team-forbidden")), Clock.systemUTC()))
                .isInstanceOf(EngineBackendException.class)
                .hasMessageContaining("namespace team-forbidden")
                .hasMessageContaining("RBAC");
        assertThat(own.getHttpClient().isClosed()).isTrue();
    }

    @Test
    void aWorkspacesClustersLiveInItsOwnNamespace() throws Exception {
        try (KubernetesEngineBackend placing = new KubernetesEngineBackend("kubernetes", client, KubernetesBackendConfiguration.defaults("sparkplane/engine:test")
                .withNamespace(NAMESPACE).withWorkspaceNamespaces(Map.of("analytics", "team-analytics")), Clock.systemUTC())) {
            ClusterSpec analytics = TestClusters.inWorkspace("analytics", 1);
            ClusterSpec other = TestClusters.inWorkspace("default", 1);
            ClusterRef cluster = placing.provision(analytics);
            placing.provision(other);

            Map<String, String> selector = Map.of("sparkplane.io/cluster", analytics.clusterName());
            assertThat(cluster.attribute("namespace")).isEqualTo("team-analytics");
            assertThat(client.pods().inNamespace("team-analytics").withLabels(selector).list().getItems()).hasSize(2);
            assertThat(client.secrets().inNamespace("team-analytics").withLabels(selector).list().getItems()).hasSize(1);
            assertThat(client.pods().inNamespace(NAMESPACE).withLabels(selector).list().getItems()).isEmpty();
            assertThat(pods(other, "driver")).hasSize(1);
            // the workers find the master through the service in the workspace's namespace
            assertThat(client.pods().inNamespace("team-analytics").withLabels(selector).withLabel("sparkplane.io/role", "worker").list()
                    .getItems().get(0).getSpec().getContainers().get(0).getEnv())
                    .anySatisfy(env -> assertThat(env.getValue()).contains(".team-analytics.svc:"));

            assertThat(eventually(() -> placing.describe(cluster), status -> status instanceof ClusterStatus.Active))
                    .isInstanceOf(ClusterStatus.Active.class);
            placing.resize(cluster, 2);
            assertThat(client.pods().inNamespace("team-analytics").withLabels(selector).withLabel("sparkplane.io/role", "worker").list()
                    .getItems()).hasSize(2);

            placing.terminate(cluster);
            assertThat(client.pods().inNamespace("team-analytics").withLabels(selector).list().getItems()).isEmpty();
            assertThat(client.configMaps().inNamespace("team-analytics").withLabels(selector).list().getItems()).isEmpty();
        }
    }

    @Test
    void aClusterInANamespaceNoLongerConfiguredIsStillFoundAndDeleted() throws Exception {
        ClusterSpec spec = TestClusters.inWorkspace("analytics", 1);
        ClusterRef cluster;
        try (KubernetesEngineBackend before = new KubernetesEngineBackend("kubernetes", client, KubernetesBackendConfiguration.defaults("sparkplane/engine:test")
                .withNamespace(NAMESPACE).withWorkspaceNamespaces(Map.of("analytics", "team-analytics")), Clock.systemUTC())) {
            cluster = before.provision(spec);
        }
        // restarted without the workspace's namespace: the ref still names it
        Map<String, String> selector = Map.of("sparkplane.io/cluster", spec.clusterName());
        assertThat(backend.describe(cluster)).isInstanceOf(ClusterStatus.Active.class);
        backend.terminate(cluster);
        assertThat(client.pods().inNamespace("team-analytics").withLabels(selector).list().getItems()).isEmpty();
        assertThat(client.secrets().inNamespace("team-analytics").withLabels(selector).list().getItems()).isEmpty();
    }

    @Test
    void aReleasedClusterKeepsItsEndedDriverPodUntilItsTtlAndNothingThatRuns() throws Exception {
        try (KubernetesEngineBackend keeping = new KubernetesEngineBackend("kubernetes", client, KubernetesBackendConfiguration.defaults("sparkplane/engine:test")
                .withNamespace(NAMESPACE).withFinishedClusterTtl(Duration.ofSeconds(5)), Clock.systemUTC())) {
            ClusterSpec spec = TestClusters.spec(2);
            EngineClusterNames names = new EngineClusterNames(spec.clusterName());
            ClusterRef cluster = keeping.provision(spec);
            String outcome = new String(AttemptOutcomeCodec.encode(AttemptOutcome.succeeded("the job succeeded", 0)), StandardCharsets.UTF_8);
            setStatus(names.driverPod(), new PodStatusBuilder().withPhase("Succeeded").withContainerStatuses(new ContainerStatusBuilder()
                    .withName("driver").withNewState().withNewTerminated().withExitCode(0).withMessage(outcome).endTerminated().endState().build()));

            keeping.release(cluster);

            Map<String, String> selector = Map.of("sparkplane.io/cluster", spec.clusterName());
            assertThat(pods(spec, "worker")).isEmpty();
            assertThat(client.secrets().inNamespace(NAMESPACE).withLabels(selector).list().getItems()).isEmpty();
            assertThat(client.services().inNamespace(NAMESPACE).withLabels(selector).list().getItems()).isEmpty();
            assertThat(pods(spec, "driver")).singleElement().satisfies(driver ->
                    assertThat(driver.getMetadata().getAnnotations()).containsKey(FinishedClusterRetention.EXPIRES_AT));
            assertThat(client.configMaps().inNamespace(NAMESPACE).withLabels(selector).list().getItems()).hasSize(1);
            String expiresAt = pods(spec, "driver").get(0).getMetadata().getAnnotations().get(FinishedClusterRetention.EXPIRES_AT);
            Thread.sleep(1100);
            keeping.terminate(cluster);
            assertThat(pods(spec, "driver")).as("tearing down again keeps the time it goes").singleElement().satisfies(driver ->
                    assertThat(driver.getMetadata().getAnnotations()).containsEntry(FinishedClusterRetention.EXPIRES_AT, expiresAt));

            assertThat(eventually(() -> client.pods().inNamespace(NAMESPACE).withLabels(selector).list().getItems(), List::isEmpty)).isEmpty();
            assertThat(client.configMaps().inNamespace(NAMESPACE).withLabels(selector).list().getItems()).isEmpty();
        }
    }

    @Test
    void aClusterStillRunningGoesAtOnceWhateverTheTtl() {
        try (KubernetesEngineBackend keeping = new KubernetesEngineBackend("kubernetes", client, KubernetesBackendConfiguration.defaults("sparkplane/engine:test")
                .withNamespace(NAMESPACE).withFinishedClusterTtl(Duration.ofMinutes(10)), Clock.systemUTC())) {
            ClusterSpec spec = TestClusters.spec(1);
            ClusterRef cluster = keeping.provision(spec);

            keeping.terminate(cluster);

            Map<String, String> selector = Map.of("sparkplane.io/cluster", spec.clusterName());
            assertThat(client.pods().inNamespace(NAMESPACE).withLabels(selector).list().getItems()).isEmpty();
            assertThat(client.configMaps().inNamespace(NAMESPACE).withLabels(selector).list().getItems()).isEmpty();
        }
    }

    @Test
    void growingAClusterWithoutItsDriverPodSaysSoAndMakesNoWorker() throws Exception {
        String neverMade = ClusterSpec.nameFor("9f1d7e1c-0000-4000-8000-000000000000", 1);
        ClusterRef unknown = new ClusterRef("kubernetes", neverMade,
                Map.of("namespace", NAMESPACE, "driverPod", new EngineClusterNames(neverMade).driverPod()));
        assertThatThrownBy(() -> backend.resize(unknown, 2)).isInstanceOf(EngineBackendException.class)
                .hasMessageContaining("its driver pod " + new EngineClusterNames(neverMade).driverPod() + " is gone");

        ClusterSpec spec = TestClusters.spec(1);
        ClusterRef cluster = backend.provision(spec);
        client.pods().inNamespace(NAMESPACE).withName(new EngineClusterNames(spec.clusterName()).driverPod()).withGracePeriod(0).delete();
        eventually(() -> backend.describe(cluster), status -> status instanceof ClusterStatus.Gone);

        assertThatThrownBy(() -> backend.resize(cluster, 3)).isInstanceOf(EngineBackendException.class).hasMessageContaining("is gone");
        assertThat(client.pods().inNamespace(NAMESPACE).withLabel("sparkplane.io/cluster", spec.clusterName()).list().getItems())
                .extracting(pod -> pod.getMetadata().getName())
                .doesNotContain(new EngineClusterNames(spec.clusterName()).workerPod(2), new EngineClusterNames(spec.clusterName()).workerPod(3));
    }
}
