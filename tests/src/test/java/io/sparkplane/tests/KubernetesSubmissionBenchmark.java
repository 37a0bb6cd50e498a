package io.sparkplane.tests;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Pods per second the control plane creates when 200 runs on the {@code kubernetes} backend are
 * submitted at once, and each run's time from submission to its driver pod Running, beside the raw
 * ceiling: the same pods created directly with the Fabric8 client, at the same concurrency, against
 * the same API server, in the same run.
 *
 * <p>The API server is Fabric8's mock in CRUD mode, in this JVM, as in {@link KubernetesEndToEndIT};
 * the {@link TestKubelet} {@linkplain TestKubelet#startingNothing starts nothing} and reports every
 * pod Running, so no engine runs and what is measured is the control plane's own cost (and the
 * mock server's, which both sides share). Times are this JVM's {@code System.nanoTime} when its own
 * watch sees each event: the mock server keeps timestamps in whole seconds.
 *
 * <p>Not part of the test suite (no *Test/*IT name). It prints figures and asserts nothing about
 * time; it fails when a pod or a run it waits for does not come, rather than print partial figures.
 */
class KubernetesSubmissionBenchmark {

    private static final String NAMESPACE = "engines";
    private static final String IMAGE = "sparkplane/engine:test";
    private static final Path JOBS = Path.of("src/test/resources/jobs").toAbsolutePath();
    private static final int RUNS = Integer.getInteger("bench.kubernetes.runs", 200);
    private static final int CLIENTS = Integer.getInteger("bench.kubernetes.clients", 32);
    private static final int WARM_UP_RUNS = 10;
    private static final int WORKERS_PER_RUN = 2;
    private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(10);
    private static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    private static final String RAW_LABEL = "sparkplane-bench";
    /** The Spark Operator's published figure on real clusters; not measured here. */
    private static final int SPARK_OPERATOR_APPS_PER_MINUTE = 130;
    /** Where the control plane's log is kept after its home is deleted, for reading its warnings in full. */
    private static final Path KEPT_LOG = Path.of("target/kubernetes-submission-benchmark-control-plane.log").toAbsolutePath();
    /**
     * The mock server logs every request at INFO through java.util.logging, work in the JVM being
     * measured; held here because java.util.logging keeps loggers only weakly.
     */
    private static final java.util.logging.Logger MOCK_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    /** One run, or its raw stand-in: when it was asked for, and the pods it must get. */
    record Expected(String run, long askedAt, String driverPod, List<String> workerPods) {

        static Expected of(String run, long askedAt, String clusterName) {
            return new Expected(run, askedAt, clusterName + "-driver",
                    IntStream.rangeClosed(1, WORKERS_PER_RUN).mapToObj(index -> clusterName + "-worker-" + index).toList());
        }
    }

    record Result(String what, int clients, int runs, int pods, double firstDriverSeconds, double lastPodSeconds,
            double podsPerSecond, double runsPerSecond, double p50, double p95, double max) {}

    @Test
    void measure() throws Exception {
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
        Path home = Files.createTempDirectory("sparkplane-kubernetes-bench-");
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try (KubernetesClient client = server.createClient();
                TestKubelet kubelet = TestKubelet.startingNothing(client, NAMESPACE, home.resolve("kubelet"));
                PodWatch watch = new PodWatch(client);
                ControlPlaneProcess controlPlane = new ControlPlaneProcess(Files.createDirectories(home.resolve("control-plane")))
                        .withProperty("sparkplane.backends.kubernetes.type", "kubernetes")
                        .withProperty("sparkplane.backends.kubernetes.image", IMAGE)
                        .withProperty("sparkplane.backends.kubernetes.namespace", NAMESPACE)
                        // above the runs submitted, so the limit does not cap what is measured
                        .withProperty("sparkplane.backends.kubernetes.max-concurrent-runs", Integer.toString(RUNS + 50))
                        // one token submits all of them at once
                        .withProperty("sparkplane.auth.submissions-per-second", "0")
                        // no launcher ever reports, so every attempt stays PROVISIONING: keep them until cancelled
                        .withProperty("sparkplane.deadlines.provisioning-timeout", "PT30M")
                        .withProperty("kubernetes.master", server.url("/"))
                        .withProperty("kubernetes.auth.tryKubeConfig", "false")
                        .withProperty("kubernetes.auth.tryServiceAccount", "false")
                        .withProperty("kubernetes.namespace", NAMESPACE)) {
            try {
                warmUpServer(client);
                controlPlane.start();
                benchmark(controlPlane, client, watch, clients);
            } finally {
                if (Files.exists(controlPlane.log())) {
                    Files.copy(controlPlane.log(), KEPT_LOG, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } finally {
            clients.shutdownNow();
            server.destroy();
            TemporaryDirectories.delete(home);
        }
    }

    private static void benchmark(ControlPlaneProcess controlPlane, KubernetesClient client, PodWatch watch, ExecutorService clients)
            throws Exception {
        SparkplaneClient api = controlPlane.client();
        String ref = SparkplaneClient.json(api.uploadArtifact(JOBS.resolve("greetings.py"), "greetings.py").body()).get("ref").asText();
        String body = """
                {"backend": "kubernetes", "entrypoint": {"pythonFile": "%s"},
                 "autoscaling": {"policy": "static", "minExecutors": %d, "maxExecutors": %d}}"""
                .formatted(ref, WORKERS_PER_RUN, WORKERS_PER_RUN);
        Supplier<String> controlPlaneLog = () -> tail(controlPlane.log());
        // a run that ended will never get its pods: say why at once rather than after the timeout
        Function<Expected, String> ended = run -> {
            try {
                JsonNode state = api.run(run.run());
                return SparkplaneClient.TERMINAL.contains(state.get("state").asText()) ? state.toString() : null;
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("cannot read run " + run.run(), e);
            }
        };

        // warms up the JIT of the control plane, the mock server and this JVM; its objects are the raw side's templates
        List<Expected> warmUp = submit(controlPlane.baseUri(), controlPlane.adminToken(), body, WARM_UP_RUNS, clients);
        awaitPods(watch, warmUp, "the warm-up runs", controlPlaneLog, ended);
        List<HasMetadata> templates = objectsOf(client, watch, warmUp.get(0));
        cancelAndAwaitNothingLeft(api, client, warmUp);

        List<HasMetadata> podTemplates = templates.stream().filter(object -> object instanceof Pod).toList();
        // the first raw row is what the ratios divide by: warm the mock server's paths as fully as the
        // control plane's warm-up cannot (with 10 runs the first raw row still ran 20-40 % slower)
        raw("raw warm-up", "raw-warm-up", RUNS, CLIENTS, templates, client, watch);
        List<Result> results = new ArrayList<>();
        results.add(raw("raw Fabric8: the same pods (driver, " + WORKERS_PER_RUN + " workers)", "raw-pods", RUNS, CLIENTS,
                podTemplates, client, watch));
        results.add(raw("raw Fabric8: all the backend creates (driver pod, secret, service, config map, "
                + WORKERS_PER_RUN + " worker pods)", "raw-all", RUNS, CLIENTS, templates, client, watch));
        // the dispatcher provisions on one thread, so this is what one caller of the same creates reaches
        results.add(raw("raw Fabric8: all the backend creates, one caller", "raw-one", RUNS, 1, templates, client, watch));

        String loadBefore = loadAverage();
        long start = System.nanoTime();
        List<Expected> runs = submit(controlPlane.baseUri(), controlPlane.adminToken(), body, RUNS, clients);
        double submitted = seconds(runs.stream().mapToLong(Expected::askedAt).max().orElseThrow() - start);
        awaitPods(watch, runs, "the control plane's runs", controlPlaneLog, ended);
        results.add(result("Sparkplane: " + RUNS + " runs submitted at once (POST /api/v1/runs)", CLIENTS, start, runs, watch));
        String loadAfter = loadAverage();
        double teardown = cancelAndAwaitNothingLeft(api, client, runs);
        print(results, submitted, teardown, problems(controlPlane.log()));
        System.out.println("Load average (1, 5, 15 min) before the Sparkplane phase: " + loadBefore + "; after it: " + loadAfter
                + " (" + Runtime.getRuntime().availableProcessors() + " processors)");
    }

    /**
     * One object of each kind the backend creates, made and deleted. The mock server sets up its
     * deserializer and loads the model classes on its one event loop at the first body it reads: on
     * this loaded machine that blocked it for over 10 s, longer than the control plane's Fabric8
     * request timeout, and a run failed provisioning.
     */
    private static void warmUpServer(KubernetesClient client) throws InterruptedException {
        Map<String, String> labels = Map.of(RAW_LABEL, "warm-up");
        client.resource(new PodBuilder().withNewMetadata().withName("warm-up").withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("warm-up").withImage(IMAGE).endContainer().endSpec().build())
                .inNamespace(NAMESPACE).create();
        client.resource(new SecretBuilder().withNewMetadata().withName("warm-up").withLabels(labels).endMetadata()
                .withData(Map.of("key", "dmFsdWU=")).build()).inNamespace(NAMESPACE).create();
        client.resource(new ServiceBuilder().withNewMetadata().withName("warm-up").withLabels(labels).endMetadata()
                .withNewSpec().withClusterIP("None").endSpec().build()).inNamespace(NAMESPACE).create();
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("warm-up").withLabels(labels).endMetadata()
                .withData(Map.of("key", "value")).build()).inNamespace(NAMESPACE).create();
        deleteRaw(client, "warm-up");
    }

    /** Posts the runs from the client threads at once; each is asked for when its POST returned. */
    private static List<Expected> submit(URI base, String token, String body, int count, ExecutorService clients) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/runs"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        List<Future<Expected>> posts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            posts.add(clients.submit(() -> {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                long returned = System.nanoTime();
                if (response.statusCode() != 201) {
                    throw new IllegalStateException("submit answered " + response.statusCode() + ": " + response.body());
                }
                String id = SparkplaneClient.json(response.body()).get("id").asText();
                // the backend names a cluster sp-<run id>-<attempt> (cloud-adapters/backends/kubernetes/README.md); runs here have one attempt
                return Expected.of(id, returned, "sp-" + id + "-1");
            }));
        }
        List<Expected> runs = new ArrayList<>();
        for (Future<Expected> post : posts) {
            runs.add(post.get());
        }
        return runs;
    }

    /**
     * The same objects created directly: {@code count} stand-ins for runs, each making the templates'
     * objects one after the other in the backend's order, from {@code concurrency} threads.
     */
    private static Result raw(String what, String prefix, int count, int concurrency, List<HasMetadata> templates,
            KubernetesClient client, PodWatch watch) throws Exception {
        String templateCluster = templates.get(0).getMetadata().getName().replaceFirst("-driver$", "");
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            long start = System.nanoTime();
            List<Expected> runs = new ArrayList<>();
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String cluster = prefix + "-" + i;
                runs.add(Expected.of(cluster, start, cluster));
                creates.add(pool.submit(() -> {
                    for (HasMetadata template : templates) {
                        String name = cluster + template.getMetadata().getName().substring(templateCluster.length());
                        client.resource(copy(client, template, name, prefix)).inNamespace(NAMESPACE).create();
                    }
                    return null;
                }));
            }
            for (Future<?> create : creates) {
                create.get();
            }
            awaitPods(watch, runs, what, () -> "", run -> null);
            Result result = result(what, concurrency, start, runs, watch);
            deleteRaw(client, prefix);
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The object as the control plane sent it, under a new name and a label of the raw side only. */
    private static HasMetadata copy(KubernetesClient client, HasMetadata template, String name, String prefix) {
        HasMetadata copy = client.getKubernetesSerialization().clone(template);
        copy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).withLabels(Map.of(RAW_LABEL, prefix)).build());
        if (copy instanceof Pod pod) {
            pod.setStatus(null);
        }
        return copy;
    }

    private static void deleteRaw(KubernetesClient client, String prefix) throws InterruptedException {
        client.pods().inNamespace(NAMESPACE).withLabel(RAW_LABEL, prefix).withGracePeriod(0).delete();
        client.secrets().inNamespace(NAMESPACE).withLabel(RAW_LABEL, prefix).delete();
        client.services().inNamespace(NAMESPACE).withLabel(RAW_LABEL, prefix).delete();
        client.configMaps().inNamespace(NAMESPACE).withLabel(RAW_LABEL, prefix).delete();
        awaitNoObjects(client, RAW_LABEL, prefix);
    }

    /** The run's driver pod, secret, service, config map and worker pods, in the order the backend creates them. */
    private static List<HasMetadata> objectsOf(KubernetesClient client, PodWatch watch, Expected run) {
        String cluster = run.driverPod().replaceFirst("-driver$", "");
        List<HasMetadata> objects = new ArrayList<>();
        // as the watch first saw them: the pods as created, before the kubelet wrote a status
        objects.add(require(watch.pods.get(run.driverPod()), run.driverPod()));
        objects.add(require(client.secrets().inNamespace(NAMESPACE).withName(cluster + "-launch").get(), cluster + "-launch"));
        objects.add(require(client.services().inNamespace(NAMESPACE).withName(cluster + "-driver").get(), "service " + cluster + "-driver"));
        objects.add(require(client.configMaps().inNamespace(NAMESPACE).withName(cluster + "-spec").get(), cluster + "-spec"));
        for (String worker : run.workerPods()) {
            objects.add(require(watch.pods.get(worker), worker));
        }
        return objects;
    }

    private static <T> T require(T object, String name) {
        if (object == null) {
            throw new IllegalStateException(name + " is not on the API server");
        }
        return object;
    }

    /**
     * Until every run has all its pods ADDED and its driver pod Running. Fails after
     * {@link #PHASE_TIMEOUT}, or as soon as {@code ended} gives a reason for a run still missing pods.
     */
    private static void awaitPods(PodWatch watch, List<Expected> runs, String what, Supplier<String> context,
            Function<Expected, String> ended) throws InterruptedException {
        long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
        long nextEndedCheck = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            watch.check();
            List<String> missing = new ArrayList<>();
            List<Expected> incomplete = new ArrayList<>();
            for (Expected run : runs) {
                int before = missing.size();
                if (!watch.running.containsKey(run.driverPod())) {
                    missing.add(run.driverPod() + (watch.added.containsKey(run.driverPod()) ? " (not Running)" : ""));
                }
                run.workerPods().stream().filter(pod -> !watch.added.containsKey(pod)).forEach(missing::add);
                if (missing.size() > before) {
                    incomplete.add(run);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": " + missing.size() + " pods missing after " + PHASE_TIMEOUT + ", e.g. "
                        + missing.subList(0, Math.min(5, missing.size())) + "\n" + context.get());
            }
            if (System.nanoTime() > nextEndedCheck) {
                // the oldest few are enough: a run that ended stays incomplete
                for (Expected run : incomplete.subList(0, Math.min(10, incomplete.size()))) {
                    String why = ended.apply(run);
                    if (why != null) {
                        throw new AssertionError(what + ": run " + run.run() + " ended before all its pods came: " + why + "\n" + context.get());
                    }
                }
                nextEndedCheck = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            }
            Thread.sleep(50);
        }
    }

    private static Result result(String what, int clients, long start, List<Expected> runs, PodWatch watch) {
        Latencies toRunning = new Latencies();
        long firstDriver = Long.MAX_VALUE;
        long lastDriver = Long.MIN_VALUE;
        long lastPod = Long.MIN_VALUE;
        int pods = 0;
        for (Expected run : runs) {
            long driverAdded = watch.added.get(run.driverPod());
            firstDriver = Math.min(firstDriver, driverAdded);
            lastDriver = Math.max(lastDriver, driverAdded);
            lastPod = Math.max(lastPod, driverAdded);
            for (String worker : run.workerPods()) {
                lastPod = Math.max(lastPod, watch.added.get(worker));
            }
            pods += 1 + run.workerPods().size();
            toRunning.add(watch.running.get(run.driverPod()) - run.askedAt());
        }
        return new Result(what, clients, runs.size(), pods, seconds(firstDriver - start), seconds(lastPod - start),
                pods / seconds(lastPod - start), runs.size() / seconds(lastDriver - start),
                toRunning.percentileMillis(50) / 1000, toRunning.percentileMillis(95) / 1000, toRunning.percentileMillis(100) / 1000);
    }

    /** Cancels every run, waits until each is CANCELLED and none of their objects is left; the seconds that took. */
    private static double cancelAndAwaitNothingLeft(SparkplaneClient api, KubernetesClient client, List<Expected> runs) throws Exception {
        long start = System.nanoTime();
        for (Expected run : runs) {
            HttpResponse<String> response = api.cancel(run.run());
            if (response.statusCode() != 202) {
                throw new IllegalStateException("cancelling run " + run.run() + " answered " + response.statusCode() + ": " + response.body());
            }
        }
        for (Expected run : runs) {
            String state = api.awaitEnd(run.run(), PHASE_TIMEOUT).get("state").asText();
            if (!state.equals("CANCELLED")) {
                throw new IllegalStateException("run " + run.run() + " ended " + state + ", not CANCELLED: " + api.run(run.run()));
            }
        }
        awaitNoObjects(client, MANAGED_BY, "sparkplane");
        return seconds(System.nanoTime() - start);
    }

    private static void awaitNoObjects(KubernetesClient client, String label, String value) throws InterruptedException {
        long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
        List<String> left = objects(client, label, value);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            left = objects(client, label, value);
        }
        if (!left.isEmpty()) {
            throw new IllegalStateException(left.size() + " objects labelled " + label + "=" + value + " left after " + PHASE_TIMEOUT
                    + ", e.g. " + left.subList(0, Math.min(5, left.size())));
        }
    }

    private static List<String> objects(KubernetesClient client, String label, String value) {
        List<HasMetadata> objects = new ArrayList<>(client.pods().inNamespace(NAMESPACE).withLabel(label, value).list().getItems());
        objects.addAll(client.secrets().inNamespace(NAMESPACE).withLabel(label, value).list().getItems());
        objects.addAll(client.services().inNamespace(NAMESPACE).withLabel(label, value).list().getItems());
        objects.addAll(client.configMaps().inNamespace(NAMESPACE).withLabel(label, value).list().getItems());
        return objects.stream().map(object -> object.getKind() + "/" + object.getMetadata().getName()).toList();
    }

    /** The control plane's warnings and errors, each distinct message once (run ids and numbers folded). */
    private static List<String> problems(Path log) throws IOException {
        Set<String> distinct = new LinkedHashSet<>();
        for (String line : Files.readAllLines(log)) {
            // the control plane logs "<time> level=WARN  logger=... run=... attempt=... msg=..."
            if (line.matches("^\\S+ level=(WARN|ERROR) .*")) {
                distinct.add(line.replaceFirst("^\\S+ ", "").replaceFirst(" run=\\S* attempt=\\S*", "")
                        .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>")
                        .replaceAll("\\d+", "N"));
            }
        }
        return List.copyOf(distinct);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "control plane log " + log + " (last 40 lines):\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "control plane log " + log + " unreadable: " + e.getMessage();
        }
    }

    /** Other work on the machine moves every figure here, so the figures come with it. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void print(List<Result> results, double submitted, double teardown, List<String> problems) {
        Result raw = results.get(0);
        Result sparkplane = results.get(results.size() - 1);
        StringBuilder out = new StringBuilder("\nKUBERNETES SUBMISSION BENCHMARK (" + RUNS + " runs, " + WORKERS_PER_RUN
                + " worker pods each, Fabric8 mock API server in this JVM, test kubelet starting nothing)\n\n"
                + "| what | clients | runs | pods | first driver pod s | last pod s | pods/s | ratio to raw pods/s | runs with driver pod /s | /min"
                + " | to driver Running p50 s | p95 s | max s |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Result result : results) {
            out.append(String.format("| %s | %d | %d | %d | %.2f | %.2f | %.1f | %.2f | %.1f | %.0f | %.2f | %.2f | %.2f |%n", result.what(),
                    result.clients(), result.runs(), result.pods(), result.firstDriverSeconds(), result.lastPodSeconds(),
                    result.podsPerSecond(), result.podsPerSecond() / raw.podsPerSecond(), result.runsPerSecond(),
                    result.runsPerSecond() * 60, result.p50(), result.p95(), result.max()));
        }
        out.append(String.format("%nSeconds count from the first request: the first POST for Sparkplane, the first create for raw rows."
                + "%nSparkplane: %d POSTs returned within %.2f s; to driver Running counts from each run's POST returning (raw rows: from"
                + " the first create, all being asked for at once).%n", RUNS, submitted));
        out.append(String.format("Beside the Spark Operator's published figure, about %d applications per minute on real clusters"
                + " (not measured here): Sparkplane here %.0f runs per minute had their driver pod created.%n",
                SPARK_OPERATOR_APPS_PER_MINUTE, sparkplane.runsPerSecond() * 60));
        out.append(String.format("Cancelling the %d runs until all were CANCELLED and none of their objects was left: %.1f s.%n", RUNS, teardown));
        out.append("Control plane warnings and errors (distinct, numbers folded; the whole log is kept in " + KEPT_LOG + "): "
                + problems.size() + "\n");
        problems.stream().limit(30).forEach(problem -> out.append("  ").append(problem.length() > 300 ? problem.substring(0, 300) + "…" : problem)
                .append('\n'));
        System.out.println(out);
    }

    /**
     * When this JVM saw each pod of the namespace ADDED and first Running, by name, and each pod as
     * first seen. A watch that closes with an error fails the benchmark, since figures would be partial.
     */
    static final class PodWatch implements Watcher<Pod>, AutoCloseable {

        final Map<String, Long> added = new ConcurrentHashMap<>();
        final Map<String, Long> running = new ConcurrentHashMap<>();
        final Map<String, Pod> pods = new ConcurrentHashMap<>();
        private volatile WatcherException closed;
        private final Watch watch;

        PodWatch(KubernetesClient client) {
            this.watch = client.pods().inNamespace(NAMESPACE).watch(this);
        }

        @Override
        public void eventReceived(Action action, Pod pod) {
            long now = System.nanoTime();
            String name = pod.getMetadata().getName();
            if (action == Action.ADDED) {
                added.putIfAbsent(name, now);
                pods.putIfAbsent(name, pod);
            }
            if (action != Action.DELETED && pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())) {
                running.putIfAbsent(name, now);
            }
        }

        @Override
        public void onClose(WatcherException cause) {
            closed = cause;
        }

        void check() {
            if (closed != null) {
                throw new IllegalStateException("the benchmark's pod watch closed; figures would be partial", closed);
            }
        }

        @Override
        public void close() {
            watch.close();
        }
    }
}
