package io.sparkplane.tests;

import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.AddDatePolicy;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.HttpClientOptions;
import com.azure.resourcemanager.hdinsight.HDInsightManager;
import com.azure.resourcemanager.hdinsight.models.ClusterCreateProperties;
import com.azure.resourcemanager.hdinsight.models.ClusterDefinition;
import com.azure.resourcemanager.hdinsight.models.ComputeProfile;
import com.azure.resourcemanager.hdinsight.models.HardwareProfile;
import com.azure.resourcemanager.hdinsight.models.LinuxOperatingSystemProfile;
import com.azure.resourcemanager.hdinsight.models.OSType;
import com.azure.resourcemanager.hdinsight.models.OsProfile;
import com.azure.resourcemanager.hdinsight.models.Role;
import com.azure.resourcemanager.hdinsight.models.StorageAccount;
import com.azure.resourcemanager.hdinsight.models.StorageProfile;
import com.azure.resourcemanager.hdinsight.models.Tier;
import io.sparkplane.backend.hdinsight.LivyBatchRequest;
import io.sparkplane.backend.hdinsight.LivyClient;
import io.sparkplane.spi.settings.SecretReference;
import io.sparkplane.store.azure.AzuritePeer;
import io.sparkplane.testkit.azure.FakeHdInsightArmServer;
import io.sparkplane.testkit.azure.FakeLivy;
import io.sparkplane.testkit.azure.HdInsightCluster;
import io.sparkplane.testkit.azure.RecordedCall;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * 100 runs on an {@code hdinsight} profile submitted at once, once per mode, against the testkit's
 * {@link FakeHdInsightArmServer} in its state-only mode: a cluster's Livy ({@link FakeLivy}) holds
 * each batch {@code starting} for 200 ms, then {@code running} until it is deleted; nothing runs, so
 * what is measured is the control plane's own path: API, dispatch, staging on Azurite ({@code
 * abfss://}), the backend's calls, and the reconciler's looks until it sees the batch run.
 *
 * <ul>
 *   <li>shared: each run one {@code POST /batches} to the existing cluster's Livy through the
 *       backend's Livy client, then {@code GET /batches/{id}}. Beside it, in the same run against the
 *       same fake: the raw calls alone, the backend's public {@link LivyClient} submitting the body
 *       the control plane sent for a warm-up run (under new names), from as many threads as the
 *       control plane provisions with and from 32.
 *   <li>ephemeral: each run a Spark cluster made through azure-resourcemanager-hdinsight (Resource
 *       Manager's PUT, accepted), looked at until it runs (300 ms here), then its batch. Beside it:
 *       the raw calls alone, each cluster made with the same client and awaited to the end of its
 *       long-running operation (the SDK's poller, paced by the fake's Retry-After of 1 s), then the
 *       batch submitted to its Livy, from 4 threads and from 32.
 * </ul>
 *
 * <p>The fake's sockets send without Nagle's delay ({@code sun.net.httpserver.nodelay}, which the fakes set): with the
 * JDK server's default every call to the fake took about 45 ms, which set the figures. Each table
 * is printed with what one call to the fake costs, one after another.
 *
 * <p>Not part of the test suite (no *Test/*IT name): it prints figures and asserts nothing about
 * time; it fails when a run does not come, rather than print partial figures.
 */
class AzureSubmissionBenchmark {

    private static final Path JOBS = Path.of("src/test/resources/jobs").toAbsolutePath();
    private static final int RUNS = Integer.getInteger("bench.azure.runs", 100);
    /** The control plane's {@code sparkplane.dispatcher.provision-concurrency} default. */
    private static final int PROVISIONERS = 4;
    private static final int WARM_UP_RUNS = 5;
    private static final Duration CLUSTER_START = Duration.ofMillis(300);
    private static final String CONTAINER = "staging";
    private static final String STAGING = "abfss://" + CONTAINER + "@" + AzuritePeer.ACCOUNT + ".dfs.core.windows.net/sparkplane/";
    private static final String SUBSCRIPTION = "00000000-0000-0000-0000-0000000000b5";
    private static final String RESOURCE_GROUP = "sparkplane-bench";
    private static final String REGION = "westeurope";
    private static final String SHARED_CLUSTER = "shared-spark";
    private static final String LOGIN = "admin";
    /** Upper and lower case, a digit and a symbol: what HDInsight takes for an ephemeral cluster's login. */
    private static final String LOGIN_PASSWORD = "Gateway-" + UUID.randomUUID();
    /** What the backend gives one Livy call (HdInsightBackend's timeout). */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final int ROUND_TRIPS = 20;


    @Test
    void hundredRunsAtOnceOnASharedHdInsightClusterBesideTheRawLivyCalls() throws Exception {
        Path home = Files.createTempDirectory("sparkplane-azure-bench-");
        try (AzuritePeer azurite = AzuritePeer.start(); FakeHdInsightArmServer hdinsight = FakeHdInsightArmServer.start()) {
            azurite.createContainer(CONTAINER);
            hdinsight.createExistingCluster(SUBSCRIPTION, RESOURCE_GROUP, SHARED_CLUSTER, LOGIN, LOGIN_PASSWORD, 2);
            FakeLivy livy = hdinsight.livy(SHARED_CLUSTER);
            LivyClients livyClients = new LivyClients(hdinsight, Files.writeString(home.resolve("login-password"), LOGIN_PASSWORD));
            try (ControlPlaneProcess controlPlane = controlPlane(home, azurite, hdinsight, Map.of("cluster-name", SHARED_CLUSTER))) {
                controlPlane.start();
                SparkplaneClient client = controlPlane.client();
                String body = runBody(client);

                // warm-up: the JIT, the backend's first client, the listener's first staging
                RunBurst warmUp = RunBurst.submit(client, body, WARM_UP_RUNS);
                // the body the control plane sent for a run, which the raw side sends again under new names
                io.sparkplane.testkit.azure.LivyBatchRequest sent = livy.batches().get(0).request();
                warmUp.cancel(client);
                // what one call to the fake costs (and the raw side's client warmed up), not counted below
                double roundTrip = roundTripMillis(() -> livyClients.of(SHARED_CLUSTER).batch(0));
                livy.resetCalls();
                hdinsight.resetCalls();

                RunBurst measured = RunBurst.submit(client, body, RUNS);
                Map<String, Integer> livyCalls = livyCallsByOperation(SHARED_CLUSTER, livy.calls());
                int armCalls = hdinsight.calls().size();
                measured.cancel(client);

                Duration rawFew = rawBatches(livyClients.of(SHARED_CLUSTER), sent, PROVISIONERS);
                Duration raw32 = rawBatches(livyClients.of(SHARED_CLUSTER), sent, RunBurst.CLIENTS);

                int perRun = livyCalls.values().stream().mapToInt(Integer::intValue).sum();
                System.out.printf(Locale.ROOT, "%n%d runs on a shared hdinsight profile against the fake HDInsight's Livy (batches starting for %d ms)%n",
                        RUNS, FakeLivy.DEFAULT_START_DELAY.toMillis());
                System.out.printf(Locale.ROOT, "| path | threads | time | runs/min | Livy calls per run |%n|---|---|---|---|---|%n");
                System.out.printf(Locale.ROOT, "| Sparkplane: POST to batch running | %d clients, %d provisioners | %.1f s | %.0f | %.1f |%n", RunBurst.CLIENTS,
                        PROVISIONERS, RunBurst.seconds(measured.elapsed()), RunBurst.perMinute(RUNS, measured.elapsed()), perRun / (double) RUNS);
                System.out.printf(Locale.ROOT, "| raw LivyClient: POST /batches | %d | %.1f s | %.0f | 1.0 |%n", PROVISIONERS,
                        RunBurst.seconds(rawFew), RunBurst.perMinute(RUNS, rawFew));
                System.out.printf(Locale.ROOT, "| raw LivyClient: POST /batches | %d | %.1f s | %.0f | 1.0 |%n", RunBurst.CLIENTS,
                        RunBurst.seconds(raw32), RunBurst.perMinute(RUNS, raw32));
                printRatios(measured, rawFew, raw32);
                System.out.printf(Locale.ROOT, "Livy calls per run by operation: %s; Resource Manager calls meanwhile: %d%n",
                        RunBurst.perRun(livyCalls, RUNS), armCalls);
                System.out.printf(Locale.ROOT, "One call to the fake's Livy (GET /batches/0), one after another: %.1f ms (mean of %d)%n", roundTrip,
                        ROUND_TRIPS);
            }
        } finally {
            TemporaryDirectories.delete(home);
        }
    }

    @Test
    void hundredRunsAtOnceOnEphemeralHdInsightClustersBesideTheRawClientCalls() throws Exception {
        Path home = Files.createTempDirectory("sparkplane-azure-bench-");
        try (AzuritePeer azurite = AzuritePeer.start(); FakeHdInsightArmServer hdinsight = FakeHdInsightArmServer.start()) {
            azurite.createContainer(CONTAINER);
            hdinsight.clusterStartDelay(CLUSTER_START);
            Map<String, String> ephemeral = Map.of("mode", "ephemeral", "region", REGION, "storage-account", AzuritePeer.ACCOUNT,
                    "storage-key", "env:HDI_STORAGE_KEY");
            try (ControlPlaneProcess controlPlane = controlPlane(home, azurite, hdinsight, ephemeral)
                    .withEnvironment("HDI_STORAGE_KEY", AzuritePeer.ACCOUNT_KEY)) {
                controlPlane.start();
                SparkplaneClient client = controlPlane.client();
                String body = runBody(client);

                // warm-up: the JIT, the backend's first clients, the listener's first staging
                RunBurst warmUp = RunBurst.submit(client, body, WARM_UP_RUNS);
                io.sparkplane.testkit.azure.LivyBatchRequest sent = hdinsight.livy(clusterNames(hdinsight).iterator().next()).batches().get(0).request();
                warmUp.cancel(client);
                HDInsightManager manager = manager(hdinsight);
                // what one call to the fake costs (and the raw side's client warmed up), not counted below
                double roundTrip = roundTripMillis(() -> manager.serviceClient().getClusters().listByResourceGroup(RESOURCE_GROUP).stream().count());
                Set<String> before = clusterNames(hdinsight);
                hdinsight.resetCalls();

                RunBurst measured = RunBurst.submit(client, body, RUNS);
                Map<String, Integer> armCalls = armCallsByOperation(hdinsight.calls());
                Map<String, Integer> livyCalls = new TreeMap<>();
                for (String cluster : clusterNames(hdinsight)) {
                    if (!before.contains(cluster)) {
                        livyCallsByOperation(cluster, hdinsight.livy(cluster).calls()).forEach((call, count) -> livyCalls.merge(call, count, Integer::sum));
                    }
                }
                measured.cancel(client);

                LivyClients livyClients = new LivyClients(hdinsight, Files.writeString(home.resolve("login-password"), LOGIN_PASSWORD));
                Duration rawFew = rawClusters(manager, livyClients, sent, PROVISIONERS);
                Duration raw32 = rawClusters(manager, livyClients, sent, RunBurst.CLIENTS);

                int armPerRun = armCalls.values().stream().mapToInt(Integer::intValue).sum();
                int livyPerRun = livyCalls.values().stream().mapToInt(Integer::intValue).sum();
                System.out.printf(Locale.ROOT, "%n%d runs on an ephemeral hdinsight profile against the fake HDInsight (clusters starting for %d ms,"
                        + " batches for %d ms)%n", RUNS, CLUSTER_START.toMillis(), FakeLivy.DEFAULT_START_DELAY.toMillis());
                System.out.printf(Locale.ROOT, "| path | threads | time | runs/min | ARM calls per run | Livy calls per run |%n|---|---|---|---|---|---|%n");
                System.out.printf(Locale.ROOT, "| Sparkplane: POST to batch running | %d clients, %d provisioners | %.1f s | %.0f | %.1f | %.1f |%n",
                        RunBurst.CLIENTS, PROVISIONERS, RunBurst.seconds(measured.elapsed()), RunBurst.perMinute(RUNS, measured.elapsed()),
                        armPerRun / (double) RUNS, livyPerRun / (double) RUNS);
                System.out.printf(Locale.ROOT, "| raw client: cluster created (awaited) + POST /batches | %d | %.1f s | %.0f | 1 + the operation's polls | 1.0 |%n",
                        PROVISIONERS, RunBurst.seconds(rawFew), RunBurst.perMinute(RUNS, rawFew));
                System.out.printf(Locale.ROOT, "| raw client: cluster created (awaited) + POST /batches | %d | %.1f s | %.0f | 1 + the operation's polls | 1.0 |%n",
                        RunBurst.CLIENTS, RunBurst.seconds(raw32), RunBurst.perMinute(RUNS, raw32));
                printRatios(measured, rawFew, raw32);
                System.out.printf(Locale.ROOT, "ARM calls per run by operation: %s%n", RunBurst.perRun(armCalls, RUNS));
                System.out.printf(Locale.ROOT, "Livy calls per run by operation: %s%n", RunBurst.perRun(livyCalls, RUNS));
                System.out.printf(Locale.ROOT, "One call to the fake's Resource Manager (GET clusters of the group), one after another: %.1f ms (mean of %d)%n",
                        roundTrip, ROUND_TRIPS);
            }
        } finally {
            TemporaryDirectories.delete(home);
        }
    }

    /** The control plane staging on Azurite, with an {@code hdinsight} profile against the fake: the common settings and {@code mode}'s own. */
    private static ControlPlaneProcess controlPlane(Path home, AzuritePeer azurite, FakeHdInsightArmServer hdinsight, Map<String, String> mode)
            throws Exception {
        ControlPlaneProcess controlPlane = new ControlPlaneProcess(Files.createDirectories(home.resolve("control-plane")))
                .withProperty("sparkplane.staging.location", STAGING)
                // one token submits all at once: the per-token rate limit is not what is measured
                .withProperty("sparkplane.auth.submissions-per-second", "0")
                .withProperty("sparkplane.store.azure.endpoint", azurite.endpoint())
                .withProperty("sparkplane.store.azure.account-key", AzuritePeer.ACCOUNT_KEY)
                .withEnvironment("HDI_PASSWORD", LOGIN_PASSWORD);
        Map<String, String> profile = new HashMap<>(Map.of("type", "hdinsight", "subscription-id", SUBSCRIPTION, "resource-group", RESOURCE_GROUP,
                "login-username", LOGIN, "login-password", "env:HDI_PASSWORD", "arm-endpoint", hdinsight.endpoint().toString(),
                // each fake cluster's Livy is under the fake's own address, not at <cluster>.azurehdinsight.net
                "livy-endpoint", hdinsight.livyEndpointTemplate().replace("{clusterName}", "{cluster}"), "credentials", "none",
                "status-poll-interval", "PT2S", "max-concurrent-runs", Integer.toString(RUNS + WARM_UP_RUNS)));
        profile.putAll(mode);
        profile.forEach((name, value) -> controlPlane.withProperty("sparkplane.backends.hdinsight." + name, value));
        return controlPlane;
    }

    /** {@code greetings.py} uploaded as an artifact; a run of it on the profile with a static 2 executors. */
    private static String runBody(SparkplaneClient client) throws Exception {
        String job = SparkplaneClient.json(client.uploadArtifact(JOBS.resolve("greetings.py"), "greetings.py").body()).get("ref").asText();
        return """
                {"backend": "hdinsight", "entrypoint": {"pythonFile": "%s"}, "autoscaling": {"policy": "static", "minExecutors": 2, "maxExecutors": 2}}
                """.formatted(job);
    }

    private static void printRatios(RunBurst measured, Duration rawFew, Duration raw32) {
        System.out.printf(Locale.ROOT, "Sparkplane against the raw calls from as many threads (%d): %.2f; from %d threads: %.2f%n", PROVISIONERS,
                RunBurst.seconds(rawFew) / RunBurst.seconds(measured.elapsed()), RunBurst.CLIENTS,
                RunBurst.seconds(raw32) / RunBurst.seconds(measured.elapsed()));
    }

    /** The mean time of {@link #ROUND_TRIPS} calls one after another, in ms, after one unmeasured. */
    private static double roundTripMillis(Callable<?> call) throws Exception {
        call.call();
        long start = System.nanoTime();
        for (int i = 0; i < ROUND_TRIPS; i++) {
            call.call();
        }
        return (System.nanoTime() - start) / 1e6 / ROUND_TRIPS;
    }

    /** The backend's own kind of Livy client of a cluster: the JDK's client, the cluster login's password read from a file. */
    private record LivyClients(HttpClient http, FakeHdInsightArmServer hdinsight, SecretReference password) {

        LivyClients(FakeHdInsightArmServer hdinsight, Path passwordFile) {
            this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build(), hdinsight,
                    SecretReference.parse("file:" + passwordFile));
        }

        LivyClient of(String cluster) {
            URI base = hdinsight.livyEndpoint(cluster);
            return new LivyClient(http, base, LOGIN, password, CALL_TIMEOUT);
        }
    }

    /**
     * {@link #RUNS} batches submitted with the Livy client alone, each the body the control plane
     * sent under a new name, from {@code threads}; then deleted (not timed), as the control plane's
     * cancels left its own.
     */
    private static Duration rawBatches(LivyClient livy, io.sparkplane.testkit.azure.LivyBatchRequest sent, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Integer> made = new ArrayList<>();
        long start = System.nanoTime();
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                LivyBatchRequest request = sameBody(sent, "raw/" + threads + "/" + i);
                calls.add(pool.submit(() -> livy.submit(request).id()));
            }
            for (Future<Integer> call : calls) {
                made.add(call.get());
            }
        } finally {
            pool.shutdown();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        for (int id : made) {
            livy.delete(id);
        }
        return elapsed;
    }

    /**
     * {@link #RUNS} clusters made with the management client alone, each created and awaited to the
     * end of its operation, then given the batch body the control plane sent, from {@code threads};
     * then deleted (not timed, not awaited).
     */
    private static Duration rawClusters(HDInsightManager manager, LivyClients livyClients, io.sparkplane.testkit.azure.LivyBatchRequest sent,
            int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<String> made = new ArrayList<>();
        long start = System.nanoTime();
        try {
            List<Future<String>> calls = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                String name = "raw-" + threads + "-" + i;
                calls.add(pool.submit(() -> {
                    sparkCluster(manager, name).create();
                    livyClients.of(name).submit(sameBody(sent, "raw/" + name));
                    return name;
                }));
            }
            for (Future<String> call : calls) {
                made.add(call.get());
            }
        } finally {
            pool.shutdown();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        for (String name : made) {
            manager.serviceClient().getClusters().beginDelete(RESOURCE_GROUP, name);
        }
        return elapsed;
    }

    /**
     * The management client as the backend builds it for {@code credentials=none}: azure-core's
     * default HTTP client, the SDK's retry policy with the backend's backoff, no bearer token.
     */
    private static HDInsightManager manager(FakeHdInsightArmServer hdinsight) {
        HttpPipeline pipeline = new HttpPipelineBuilder()
                .httpClient(com.azure.core.http.HttpClient.createDefault(new HttpClientOptions().setConnectTimeout(Duration.ofSeconds(10))
                        .setResponseTimeout(Duration.ofSeconds(60))))
                .policies(new UserAgentPolicy("sparkplane-bench"), new RequestIdPolicy(),
                        new RetryPolicy(new ExponentialBackoff(3, Duration.ofMillis(800), Duration.ofSeconds(10))), new AddDatePolicy())
                .build();
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put("resourceManagerEndpointUrl", hdinsight.endpoint().toString());
        return HDInsightManager.authenticate(pipeline, new AzureProfile(null, SUBSCRIPTION, new AzureEnvironment(endpoints)));
    }

    /** A Spark cluster as an ephemeral profile asks for one: the cluster login, 2 head, 2 worker and 3 ZooKeeper nodes, the default storage on Azurite's account. */
    private static com.azure.resourcemanager.hdinsight.models.Cluster.DefinitionStages.WithCreate sparkCluster(HDInsightManager manager, String name) {
        LinuxOperatingSystemProfile ssh = new LinuxOperatingSystemProfile().withUsername("sshuser").withPassword(LOGIN_PASSWORD);
        return manager.clusters().define(name)
                .withExistingResourceGroup(RESOURCE_GROUP)
                .withRegion(REGION)
                .withTags(Map.of("sparkplane-run", name, "sparkplane-attempt", "1"))
                .withProperties(new ClusterCreateProperties()
                        .withClusterVersion("5.1")
                        .withOsType(OSType.LINUX)
                        .withTier(Tier.STANDARD)
                        .withMinSupportedTlsVersion("1.2")
                        .withClusterDefinition(new ClusterDefinition()
                                .withKind("spark")
                                .withConfigurations(Map.of("gateway", Map.of(
                                        "restAuthCredential.isEnabled", "true",
                                        "restAuthCredential.username", LOGIN,
                                        "restAuthCredential.password", LOGIN_PASSWORD))))
                        .withComputeProfile(new ComputeProfile().withRoles(List.of(
                                role("headnode", 2, "Standard_E8_v3", ssh),
                                role("workernode", 2, "Standard_E8_v3", ssh),
                                role("zookeepernode", 3, "Standard_A2_v2", ssh))))
                        .withStorageProfile(new StorageProfile().withStorageaccounts(List.of(new StorageAccount()
                                .withName(AzuritePeer.ACCOUNT + ".dfs.core.windows.net")
                                .withIsDefault(true)
                                .withFileSystem(name)
                                .withKey(AzuritePeer.ACCOUNT_KEY)))));
    }

    private static Role role(String name, int count, String vmSize, LinuxOperatingSystemProfile ssh) {
        return new Role().withName(name).withTargetInstanceCount(count).withHardwareProfile(new HardwareProfile().withVmSize(vmSize))
                .withOsProfile(new OsProfile().withLinuxOperatingSystemProfile(ssh));
    }

    /** The batch body as the fake received it, under another name. */
    private static LivyBatchRequest sameBody(io.sparkplane.testkit.azure.LivyBatchRequest sent, String name) {
        return new LivyBatchRequest(name, sent.file(), sent.className().orElse(null), sent.args(), sent.pyFiles(), sent.jars(), sent.files(),
                sent.archives(), sent.driverMemory().orElse(null), sent.driverCores().orElse(null), sent.executorMemory().orElse(null),
                sent.executorCores().orElse(null), sent.numExecutors().orElse(null), new TreeMap<>(sent.conf()));
    }

    /** The clusters the fake has now, other than the shared one. */
    private static Set<String> clusterNames(FakeHdInsightArmServer hdinsight) {
        return hdinsight.clusters().stream().map(HdInsightCluster::name).filter(name -> !name.equals(SHARED_CLUSTER))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** {@code "GET /batches/{id}"} -> count: the calls under one cluster's Livy base, batch ids folded. */
    private static Map<String, Integer> livyCallsByOperation(String cluster, List<RecordedCall> calls) {
        Map<String, Integer> counts = new TreeMap<>();
        for (RecordedCall call : calls) {
            String path = call.path().replaceFirst("^/" + cluster + "/livy", "").replaceAll("/\\d+(?=/|$)", "/{id}");
            counts.merge(call.method() + " " + path, 1, Integer::sum);
        }
        return counts;
    }

    /** {@code "GET clusters/{name}"} -> count: Resource Manager calls, the subscription and group left out, names and operation ids folded. */
    private static Map<String, Integer> armCallsByOperation(List<RecordedCall> calls) {
        Map<String, Integer> counts = new TreeMap<>();
        for (RecordedCall call : calls) {
            String path = call.path().replaceFirst("(?i)^.*/providers/Microsoft\\.HDInsight/", "")
                    .replaceFirst("^clusters/[^/]+", "clusters/{name}")
                    .replaceFirst("/(azureasyncoperations|operationresults)/[^/]+", "/$1/{id}");
            counts.merge(call.method() + " " + path, 1, Integer::sum);
        }
        return counts;
    }
}
