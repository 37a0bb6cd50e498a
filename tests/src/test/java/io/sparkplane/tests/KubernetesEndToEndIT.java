package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.sparkplane.testkit.FreePorts;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs through the Kubernetes backend with real PySpark, against the most faithful peers there are
 * here: Fabric8's mock API server in CRUD mode (objects and watches, no scheduler or garbage
 * collector) and {@link TestKubelet}, which runs every pod's entrypoint ({@code engine-image/entrypoint.sh})
 * as local processes. The packaged control plane talks to the mock server as it would to a cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesEndToEndIT {

    private static final String NAMESPACE = "engines";
    private static final String IMAGE = "sparkplane/engine:test";
    private static final Path JOBS = Path.of("src/test/resources/jobs").toAbsolutePath();
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration FINISHED_CLUSTER_TTL = Duration.ofSeconds(12);
    /** The TTL, a sweep, and the machine's slowness. */
    private static final Duration GONE_TIMEOUT = FINISHED_CLUSTER_TTL.plusSeconds(70);

    private Path home;
    private KubernetesMockServer server;
    private KubernetesClient client;
    private TestKubelet kubelet;
    private ControlPlaneProcess controlPlane;
    private SparkplaneClient api;

    @BeforeAll
    void start() throws Exception {
        home = Files.createTempDirectory("sparkplane-kubernetes-e2e-");
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        Path sparkplaneHome = ControlPlaneProcess.ROOT.resolve("engine-image/image/target/opt/sparkplane");
        if (!Files.isDirectory(sparkplaneHome.resolve("launcher"))) {
            throw new IllegalStateException(sparkplaneHome + " is missing: build engine-image/image first");
        }
        // the image's Spark is the tests' Spark home: its conf/ starts the pods' JVMs for short jobs, as the local backend's
        kubelet = new TestKubelet(client, NAMESPACE, new TestKubelet.Image(ControlPlaneProcess.ROOT.resolve("engine-image/entrypoint.sh"),
                sparkplaneHome, TestSparkHome.path(), ControlPlaneProcess.PYTHON, Path.of(System.getProperty("java.home"))),
                home.resolve("kubelet"));
        int masterPort = FreePorts.free();
        controlPlane = new ControlPlaneProcess(Files.createDirectories(home.resolve("control-plane")))
                .withProperty("sparkplane.backends.kubernetes.type", "kubernetes")
                .withProperty("sparkplane.backends.kubernetes.image", IMAGE)
                .withProperty("sparkplane.backends.kubernetes.namespace", NAMESPACE)
                .withProperty("sparkplane.backends.kubernetes.spark-master-port", Integer.toString(masterPort))
                .withProperty("sparkplane.backends.kubernetes.pull-failure-grace", "PT5S")
                .withProperty("sparkplane.backends.kubernetes.worker-grace-period", "PT10S")
                .withProperty("sparkplane.backends.kubernetes.finished-cluster-ttl", FINISHED_CLUSTER_TTL.toString())
                // the dynamic-allocation policy lets an idle worker go after this: the scale-down test's tail
                .withProperty("sparkplane.autoscaler.idle-timeout", "PT8S")
                // Fabric8's own settings: the mock server, nothing from a kubeconfig or a pod
                .withProperty("kubernetes.master", server.url("/"))
                .withProperty("kubernetes.auth.tryKubeConfig", "false")
                .withProperty("kubernetes.auth.tryServiceAccount", "false")
                .withProperty("kubernetes.namespace", NAMESPACE);
        controlPlane.start();
        api = controlPlane.client();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (controlPlane != null) {
                controlPlane.close();
            }
        } finally {
            if (kubelet != null) {
                kubelet.close();
            }
            if (client != null) {
                client.close();
            }
            if (server != null) {
                server.destroy();
            }
            TemporaryDirectories.delete(home);
        }
    }

    /** The first attempt's driver pod, as cloud-adapters/backends/kubernetes/README.md names it. */
    private static String driverPod(String runId) {
        return "sp-" + runId + "-1-driver";
    }

    private static String specConfigMap(String runId) {
        return "sp-" + runId + "-1-spec";
    }

    /** The name of one of the run's pods in this role. */
    private String podName(String runId, String role) {
        return pods(runId).stream().filter(pod -> role.equals(pod.getMetadata().getLabels().get("sparkplane.io/role")))
                .findFirst().orElseThrow().getMetadata().getName();
    }

    private List<Pod> pods(String runId) {
        return client.pods().inNamespace(NAMESPACE).withLabel("sparkplane.io/run", runId).list().getItems();
    }

    /**
     * Every object of the run still on the API server, by kind and name. The backend deletes the pods
     * first and then what they own, so waiting for the pods alone would race the rest.
     */
    private List<String> leftovers(String runId) {
        List<HasMetadata> objects = new ArrayList<>(pods(runId));
        objects.addAll(client.secrets().inNamespace(NAMESPACE).withLabel("sparkplane.io/run", runId).list().getItems());
        objects.addAll(client.services().inNamespace(NAMESPACE).withLabel("sparkplane.io/run", runId).list().getItems());
        objects.addAll(client.configMaps().inNamespace(NAMESPACE).withLabel("sparkplane.io/run", runId).list().getItems());
        return objects.stream().map(object -> object.getKind() + "/" + object.getMetadata().getName()).toList();
    }

    private static <T> T eventually(Supplier<T> value, Predicate<T> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = value.get();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            last = value.get();
        }
        return last;
    }

    /** A job that sleeps two minutes, once it runs. */
    private String aRunningJob() throws Exception {
        String id = api.submit("""
                {"backend": "kubernetes", "entrypoint": {"pythonFile": "%s"}, "args": ["120"]}""".formatted(upload("sleeps.py")))
                .get("id").asText();
        api.awaitState(id, Set.of("RUNNING"), RUN_TIMEOUT);
        return id;
    }

    private String upload(String job) throws Exception {
        return SparkplaneClient.json(api.uploadArtifact(JOBS.resolve(job), job).body()).get("ref").asText();
    }

    @Test
    void aPySparkJobRunsInPodsAndLeavesNothingBehind() throws Exception {
        String ref = upload("staged_sales.py");
        String id = api.submit("""
                {"backend": "kubernetes", "entrypoint": {"pythonFile": "%s"}, "args": ["sales.csv"],
                 "files": ["%s"], "autoscaling": {"policy": "static", "minExecutors": 1, "maxExecutors": 2}}
                """.formatted(ref, ControlPlaneProcess.ROOT.resolve("examples/data/sales.csv"))).get("id").asText();

        List<Pod> during = eventually(() -> pods(id), pods -> pods.size() >= 3, RUN_TIMEOUT);
        assertThat(during).extracting(pod -> pod.getMetadata().getLabels().get("sparkplane.io/role"))
                .containsExactlyInAnyOrder("driver", "worker", "worker");
        JsonNode run = api.awaitEnd(id, RUN_TIMEOUT);
        String log = api.logs(id);
        assertThat(run.get("state").asText()).as(run + "\n" + log).isEqualTo("SUCCEEDED");
        assertThat(log).contains("RESULT region=").contains("spark-submit exited with code 0");

        // the run is over: what runs and what holds its secrets goes now; the ended driver pod stays for its TTL
        List<String> kept = eventually(() -> leftovers(id), left -> left.stream().noneMatch(name -> name.startsWith("Pod/") && name.contains("-worker-")
                || name.startsWith("Secret/") || name.startsWith("Service/")), Duration.ofSeconds(30));
        assertThat(kept).containsExactlyInAnyOrder("Pod/" + driverPod(id), "ConfigMap/" + specConfigMap(id));
        Pod driver = client.pods().inNamespace(NAMESPACE).withName(driverPod(id)).get();
        assertThat(driver.getStatus().getPhase()).isEqualTo("Succeeded");
        assertThat(driver.getMetadata().getAnnotations()).containsKey("sparkplane.io/expires-at");

        assertThat(eventually(() -> leftovers(id), List::isEmpty, GONE_TIMEOUT)).isEmpty();
        assertThat(eventually(kubelet::runningPods, Set::isEmpty, Duration.ofSeconds(30))).isEmpty();
    }

    @Test
    void anImageThatCannotBePulledEndsTheRunProvisioningFailed() throws Exception {
        kubelet.failPulls(IMAGE);
        try {
            String id = api.submit("""
                    {"backend": "kubernetes", "entrypoint": {"pythonFile": "%s"}}""".formatted(upload("greetings.py"))).get("id").asText();
            JsonNode run = api.awaitEnd(id, Duration.ofMinutes(2));
            assertThat(run.get("state").asText()).isEqualTo("FAILED");
            assertThat(run.get("reason").asText()).isEqualTo("PROVISIONING_FAILED");
            assertThat(run.get("message").asText()).contains("ErrImagePull").contains(IMAGE);
            assertThat(eventually(() -> leftovers(id), List::isEmpty, GONE_TIMEOUT)).isEmpty();
        } finally {
            kubelet.allowPulls(IMAGE);
        }
    }

    @Test
    void aDeletedDriverPodEndsTheRunEngineLostAndTakesEverythingWithIt() throws Exception {
        String id = aRunningJob();
        String driver = podName(id, "driver");

        client.pods().inNamespace(NAMESPACE).withName(driver).delete();

        JsonNode run = api.awaitEnd(id, Duration.ofMinutes(2));
        assertThat(run.get("state").asText()).isEqualTo("FAILED");
        assertThat(run.get("reason").asText()).isEqualTo("ENGINE_LOST");
        assertThat(eventually(() -> leftovers(id), List::isEmpty, GONE_TIMEOUT)).isEmpty();
    }

    @Test
    void anOomKilledDriverEndsTheRunDriverOutOfMemory() throws Exception {
        String id = aRunningJob();
        String driver = podName(id, "driver");

        kubelet.killForMemory(driver);

        JsonNode run = api.awaitEnd(id, Duration.ofMinutes(2));
        assertThat(run.get("state").asText()).isEqualTo("FAILED");
        assertThat(run.get("reason").asText()).isEqualTo("DRIVER_OUT_OF_MEMORY");
        assertThat(run.get("message").asText()).contains("OOMKilled");
    }

    @Test
    void theEngineClusterIsTheRunsAndShowsItsWorkerPods() throws Exception {
        String id = api.submit("""
                {"backend": "kubernetes", "entrypoint": {"pythonFile": "%s"}, "args": ["30"],
                 "autoscaling": {"policy": "static", "minExecutors": 2, "maxExecutors": 2}}""".formatted(upload("sleeps.py")))
                .get("id").asText();
        api.awaitState(id, Set.of("RUNNING"), RUN_TIMEOUT);
        JsonNode cluster = eventually(() -> {
            try {
                return api.cluster(id);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, view -> view.path("aliveWorkers").asInt() == 2, Duration.ofSeconds(60));
        assertThat(cluster.path("aliveWorkers").asInt()).as(cluster.toString()).isEqualTo(2);
        api.cancel(id);
        assertThat(api.awaitEnd(id, Duration.ofMinutes(2)).get("state").asText()).isEqualTo("CANCELLED");
        assertThat(eventually(() -> leftovers(id), List::isEmpty, GONE_TIMEOUT)).isEmpty();
    }

    @Test
    void aWorkerPodDeletedMidStageIsReplacedAndTheRunSucceeds() throws Exception {
        String ref = upload("wide_stage.py");
        String id = api.submit("""
                {"backend": "kubernetes", "entrypoint": {"pythonFile": "%s"}, "args": ["24", "1.0"],
                 "autoscaling": {"policy": "static", "minExecutors": 2, "maxExecutors": 2}}""".formatted(ref)).get("id").asText();
        api.awaitState(id, Set.of("RUNNING"), RUN_TIMEOUT);
        // once tasks run on the workers, one of them goes
        JsonNode busy = eventually(() -> {
            try {
                JsonNode metrics = api.metrics(id);
                return metrics.isEmpty() ? null : metrics.get(metrics.size() - 1);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, point -> point != null && point.path("runningTasks").asInt() > 0, RUN_TIMEOUT);
        assertThat(busy).isNotNull();
        String worker = podName(id, "worker");

        client.pods().inNamespace(NAMESPACE).withName(worker).delete();

        // the autoscaler's next resize creates another worker pod in its place
        List<Pod> replaced = eventually(() -> pods(id), pods -> pods.stream()
                .filter(pod -> "worker".equals(pod.getMetadata().getLabels().get("sparkplane.io/role"))).count() == 2
                && pods.stream().noneMatch(pod -> pod.getMetadata().getName().equals(worker)), Duration.ofSeconds(30));
        assertThat(replaced).extracting(pod -> pod.getMetadata().getName()).doesNotContain(worker);
        JsonNode run = api.awaitEnd(id, RUN_TIMEOUT);
        String log = api.logs(id);
        assertThat(run.get("state").asText()).as(run + "\n" + log).isEqualTo("SUCCEEDED");
        assertThat(log).contains("RESULT sum_of_squares=4324");
    }

    @Test
    void theAutoscalerGrowsTheClusterByWorkerPodsUnderBacklogAndDeletesThemWhenIdle() throws Exception {
        // every worker pod the API server gets and loses while the run is on
        Set<String> created = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Map<String, Instant> deleted = new java.util.concurrent.ConcurrentHashMap<>();
        String ref = upload("wide_stage.py");
        String id = api.submit("""
                {"backend": "kubernetes", "entrypoint": {"pythonFile": "%s"}, "args": ["30", "1.0", "20"],
                 "resources": {"executor": {"cores": 1, "memory": "512m"}, "driver": {"memory": "512m"}},
                 "autoscaling": {"policy": "dynamic-allocation", "minExecutors": 1, "maxExecutors": 3}}""".formatted(ref))
                .get("id").asText();
        try (var watch = client.pods().inNamespace(NAMESPACE).withLabel("sparkplane.io/run", id).withLabel("sparkplane.io/role", "worker")
                .watch(new io.fabric8.kubernetes.client.Watcher<Pod>() {
                    @Override
                    public void eventReceived(Action action, Pod pod) {
                        if (action == Action.ADDED) {
                            created.add(pod.getMetadata().getName());
                        } else if (action == Action.DELETED) {
                            deleted.putIfAbsent(pod.getMetadata().getName(), Instant.now());
                        }
                    }

                    @Override
                    public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
                })) {
            JsonNode run = api.awaitEnd(id, RUN_TIMEOUT);
            String log = api.logs(id);
            assertThat(run.get("state").asText()).as(run + "\n" + log).isEqualTo("SUCCEEDED");
            assertThat(log).contains("RESULT sum_of_squares=8555");
            Instant ended = Instant.parse(run.get("endedAt").asText());
            assertThat(created).as("worker pods created").hasSizeGreaterThan(1);
            assertThat(deleted.values()).as("worker pods deleted in the idle tail, before the run ended " + ended + ": " + deleted)
                    .anySatisfy(at -> assertThat(at).isBefore(ended));
        }
        List<String> resizes = new java.util.ArrayList<>();
        api.events(id).forEach(event -> {
            if (event.get("type").asText().equals("CLUSTER_RESIZED")) {
                resizes.add(event.get("message").asText());
            }
        });
        assertThat(resizes).as("the autoscaler's resizes").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aRestartedControlPlaneAdoptsTheRunningClusterWithoutASecondOne() throws Exception {
        // every driver pod the API server ever gets, by uid
        Set<String> drivers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (var watch = client.pods().inNamespace(NAMESPACE).withLabel("sparkplane.io/role", "driver").watch(new io.fabric8.kubernetes.client.Watcher<Pod>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.ADDED) {
                    drivers.add(pod.getMetadata().getName() + "/" + pod.getMetadata().getUid());
                }
            }

            @Override
            public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
        })) {
            String id = api.submit("""
                    {"backend": "kubernetes", "entrypoint": {"pythonFile": "%s"}, "args": ["20"]}""".formatted(upload("sleeps.py")))
                    .get("id").asText();
            api.awaitState(id, Set.of("RUNNING"), RUN_TIMEOUT);
            String driver = podName(id, "driver");

            controlPlane.kill9();
            controlPlane.start();

            JsonNode run = api.awaitEnd(id, RUN_TIMEOUT);
            assertThat(run.get("state").asText()).as(run + "\n" + api.logs(id)).isEqualTo("SUCCEEDED");
            assertThat(run.get("attempts")).hasSize(1);
            assertThat(api.logs(id)).contains("woke up");
            assertThat(drivers).filteredOn(entry -> entry.startsWith(driver + "/")).hasSize(1);
            assertThat(eventually(() -> leftovers(id), List::isEmpty, GONE_TIMEOUT)).isEmpty();
        }
    }
}
