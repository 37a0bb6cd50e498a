package io.sparkplane.testkit.azure;

import static java.util.Objects.requireNonNull;

import io.sparkplane.testkit.localspark.FakeLog;
import io.sparkplane.testkit.localspark.LocalSparkRunner;
import io.sparkplane.testkit.localspark.ObjectTransfer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A fake, named so, of Azure Resource Manager's Microsoft.HDInsight/clusters endpoints at
 * api-version 2021-06-01 (the azure-rest-api-specs definition
 * specification/hdinsight/resource-manager/Microsoft.HDInsight/stable/2021-06-01/cluster.json), the
 * paths azure-resourcemanager-hdinsight 1.0.0's ClustersClient calls, on plain HTTP on loopback; and,
 * behind each Running cluster's "gateway", that cluster's Livy batch API ({@link FakeLivy}) at
 * {@code /{clusterName}/livy/batches...}, with the cluster login as its Basic auth and CSRF protection
 * on, as HDInsight serves it at {@code https://{clusterName}.azurehdinsight.net/livy}.
 *
 * <p>Follows: PUT a cluster (200 with Azure-AsyncOperation, Location and Retry-After headers;
 * provisioningState InProgress → Succeeded, clusterState Accepted → AzureVMConfiguration →
 * HdInsightConfiguration → Running over {@link #clusterStartDelay}); GET; DELETE (202 with the
 * operation headers, Deleting, gone after {@link #clusterDeleteDelay}; 204 when there is nothing to
 * delete); list by resource group and by subscription with nextLink paging; POST
 * roles/workernode/resize (202, the new targetInstanceCount after {@link #resizeDelay}); the
 * azureasyncoperations and operationresults URLs a client's poller asks; ARM's error body {@code
 * {"error": {"code", "message"}}}, api-version checked. A GET never shows the cluster login, VM
 * passwords or storage keys. Cluster names are global (each one a DNS name).
 *
 * <p>Leaves out: authentication (a bearer token is recorded, never checked: plain HTTP), resource
 * groups (any name serves), every other HDInsight resource (applications, script actions,
 * extensions, gateway settings, autoscale, locations), PATCH of tags, validation beyond what a Spark
 * cluster needs (its error codes for bad requests are the fake's own), quota, real node counts in
 * YARN (a resize changes the number, not the local Spark), and DNS: a client reaches a cluster's
 * Livy at {@link #livyEndpoint(String)}, not at the connectivity endpoint the cluster reports.
 *
 * <p>Two modes, as {@link FakeLivyServer}: state only ({@link #start()}), or batches run on the local
 * Spark ({@link #start(Path, Path, Path, ObjectTransfer)}), one runner for every cluster.
 */
public final class FakeHdInsightArmServer implements AutoCloseable {

    public static final String API_VERSION = HdInsightArm.API_VERSION;

    private final LoopbackHttpServer server;
    private final HdInsightArm arm;
    private final ScheduledExecutorService scheduler;
    private final Optional<LocalSparkRunner> runner;
    private final FakeLog log;
    private final Thread killer;

    private FakeHdInsightArmServer(LoopbackHttpServer server, HdInsightArm arm, ScheduledExecutorService scheduler,
            Optional<LocalSparkRunner> runner, FakeLog log) {
        this.server = server;
        this.arm = arm;
        this.scheduler = scheduler;
        this.runner = runner;
        this.log = log;
        // a test JVM that ends without close() still takes its spark-submits with it
        this.killer = new Thread(this::stop, "fake-hdinsight-killer");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** State only: clusters get Running after clusterStartDelay; their Livy batches run until a test sets their state. */
    public static FakeHdInsightArmServer start() throws IOException {
        return start(FakeLog.none(), Optional.empty());
    }

    /**
     * Run mode: also runs every batch of every cluster's Livy with this spark-submit in local mode,
     * its inputs read from and its event log written to {@code store} ({@link AzureBlobTransfer});
     * the fake's own log goes to logFile.
     *
     * @param sparkSubmit the spark-submit of the pyspark that {@code python} imports
     * @param python the interpreter of PySpark's driver and workers (PYSPARK_PYTHON)
     */
    public static FakeHdInsightArmServer start(Path logFile, Path sparkSubmit, Path python, ObjectTransfer store) throws IOException {
        requireNonNull(logFile, "logFile is null");
        requireNonNull(sparkSubmit, "sparkSubmit is null");
        requireNonNull(python, "python is null");
        requireNonNull(store, "store is null");
        if (!Files.isExecutable(sparkSubmit)) {
            throw new IllegalArgumentException("no spark-submit at " + sparkSubmit);
        }
        FakeLog log = FakeLog.toFile(logFile);
        return start(log, Optional.of(new LocalSparkRunner(sparkSubmit, python, store, log)));
    }

    private static FakeHdInsightArmServer start(FakeLog log, Optional<LocalSparkRunner> runner) throws IOException {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fake-hdinsight-transitions");
            thread.setDaemon(true);
            return thread;
        });
        HdInsightArm arm = new HdInsightArm(log, runner, scheduler);
        LoopbackHttpServer server;
        try {
            server = LoopbackHttpServer.start("fake-hdinsight", arm::serve);
        } catch (IOException | RuntimeException e) {
            scheduler.shutdownNow();
            runner.ifPresent(LocalSparkRunner::close);
            log.close();
            throw e;
        }
        arm.endpoint("http://127.0.0.1:" + server.port());
        log.log("fake HDInsight ARM serves on 127.0.0.1:" + server.port() + (runner.isPresent() ? ", running batches locally" : ", state only"));
        return new FakeHdInsightArmServer(server, arm, scheduler, runner, log);
    }

    /**
     * The Resource Manager endpoint, {@code http://127.0.0.1:<port>/}: an AzureEnvironment's
     * resourceManagerEndpointUrl, with a pipeline of no bearer-token policy (plain HTTP).
     */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    public int port() {
        return server.port();
    }

    /** A cluster's Livy base URL, {@code http://127.0.0.1:<port>/{clusterName}/livy}: a client appends /batches. */
    public URI livyEndpoint(String clusterName) {
        return URI.create(livyEndpointTemplate().replace("{clusterName}", requireNonNull(clusterName, "clusterName is null")));
    }

    /** {@code http://127.0.0.1:<port>/{clusterName}/livy}: in place of HDInsight's {@code https://{clusterName}.azurehdinsight.net/livy}. */
    public String livyEndpointTemplate() {
        return "http://127.0.0.1:" + server.port() + "/{clusterName}/livy";
    }

    /** The cluster's Livy: its batches and their controls (setState, failNext, appendLog, calls). */
    public FakeLivy livy(String clusterName) {
        return arm.livy(clusterName);
    }

    // --- time

    /** How long a new cluster takes to run (default 300 ms), through its intermediate states. */
    public void clusterStartDelay(Duration delay) {
        arm.clusterStartDelay(delay);
    }

    /** How long a cluster stays Deleting (default 200 ms). */
    public void clusterDeleteDelay(Duration delay) {
        arm.clusterDeleteDelay(delay);
    }

    /** How long a resize takes (default 200 ms). */
    public void resizeDelay(Duration delay) {
        arm.resizeDelay(delay);
    }

    /**
     * The Retry-After of operation responses, in whole seconds (default 1 s): what paces a client's
     * poller (azure-core's waits that long; without the header, its own interval: 30 s for the
     * HDInsight manager). Zero leaves the header out.
     */
    public void pollRetryAfter(Duration retryAfter) {
        arm.pollRetryAfter(retryAfter);
    }

    /** Clusters per page of a list (default 50); more go behind nextLink. */
    public void listPageSize(int size) {
        arm.listPageSize(size);
    }

    // --- faults

    /** The next call of {@code operation} answers {@code status} with ARM's error body and does nothing; queued, one per call. */
    public void failNext(ArmOperation operation, int status, String code, String message) {
        arm.failNext(operation, status, code, message);
    }

    /** The next {@code times} calls of {@code operation} answer 429 TooManyRequests with Retry-After (whole seconds) and do nothing. */
    public void throttleNext(ArmOperation operation, int times, Duration retryAfter) {
        arm.throttleNext(operation, times, retryAfter);
    }

    /** The next cluster created ends its provisioning Failed, clusterState Error, its operation Failed with this error. */
    public void failNextProvisioning(String code, String message) {
        arm.failNextProvisioning(code, message);
    }

    /** Sets a cluster's clusterState ("Error", "Unknown", ...): its Livy serves only while it is Running. */
    public void setClusterState(String clusterName, String state) {
        arm.setClusterState(clusterName, state);
    }

    /** The cluster is gone at once, its Livy's batches killed and gone: as a cluster deleted in the portal. */
    public void deleteClusterBehindTheBacksOfClients(String clusterName) {
        arm.deleteClusterBehindTheBacksOfClients(clusterName);
    }

    /**
     * A Running Spark cluster made outside the fake's API (for a shared-cluster profile): 2 head
     * nodes, {@code workers} worker nodes, this cluster login for its Livy, no tags.
     */
    public void createExistingCluster(String subscriptionId, String resourceGroup, String clusterName, String gatewayUser,
            String gatewayPassword, int workers) {
        arm.createExistingCluster(requireNonNull(subscriptionId, "subscriptionId is null"), requireNonNull(resourceGroup, "resourceGroup is null"),
                requireNonNull(clusterName, "clusterName is null"), requireNonNull(gatewayUser, "gatewayUser is null"),
                requireNonNull(gatewayPassword, "gatewayPassword is null"), workers);
    }

    // --- what tests read

    public Optional<HdInsightCluster> cluster(String clusterName) {
        return arm.cluster(clusterName);
    }

    /** Every cluster there now (deleting ones too), by name. */
    public List<HdInsightCluster> clusters() {
        return arm.clusters();
    }

    /** Names of the clusters gone, in order. */
    public List<String> deletedClusters() {
        return arm.deletedClusters();
    }

    /** Cluster name -> its workernode targetInstanceCount at creation, then after each completed resize. */
    public Map<String, List<Integer>> workerCounts() {
        return arm.workerCounts();
    }

    /** Every ARM request since the start or {@link #resetCalls()}, in order (each cluster's Livy keeps its own). */
    public List<RecordedCall> calls() {
        return arm.calls();
    }

    public void resetCalls() {
        arm.resetCalls();
    }

    /** Stops serving, kills every batch's local run (its process tree) and waits for them to end. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and runs the hook itself
        }
    }

    private void stop() {
        server.close();
        arm.close();
        scheduler.shutdownNow();
        runner.ifPresent(LocalSparkRunner::close);
        log.close();
    }
}
