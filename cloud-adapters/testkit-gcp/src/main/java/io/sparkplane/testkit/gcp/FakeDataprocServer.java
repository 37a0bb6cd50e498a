package io.sparkplane.testkit.gcp;

import static java.util.Objects.requireNonNull;

import com.google.cloud.dataproc.v1.Batch;
import com.google.cloud.dataproc.v1.Cluster;
import com.google.cloud.dataproc.v1.ClusterStatus;
import com.google.cloud.dataproc.v1.Job;
import com.google.cloud.dataproc.v1.JobStatus;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.sparkplane.testkit.localspark.FakeLog;
import io.sparkplane.testkit.localspark.LocalSparkRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A fake of Google Cloud Dataproc v1 for tests: a gRPC server on loopback (plaintext, no credentials,
 * a port of its own) serving Google's published service definitions — ClusterController,
 * JobController, BatchController and google.longrunning.Operations — so the real
 * google-cloud-dataproc client talks to it as to Google. Any project and region are accepted;
 * resources are keyed by their full name; RPCs the fake does not implement answer UNIMPLEMENTED.
 *
 * <p>It keeps the documented state machines with short delays: a cluster is CREATING for {@link
 * #clusterStartDelay} then RUNNING; a job PENDING, SETUP_DONE, RUNNING; a batch PENDING, RUNNING. In
 * the state-only mode ({@link #start()}) jobs and batches then stay RUNNING until a test ends them
 * ({@link #setJobState}, {@link #setBatchState}); in the run-the-jobs mode ({@link #start(Path, Path,
 * Path, URI)}) each one runs as a local spark-submit, its inputs and outputs in fake-gcs-server.
 *
 * <p>For a client's settings: the endpoint is {@code "127.0.0.1:" + port()}, with a plaintext channel
 * ({@code ManagedChannelBuilder::usePlaintext}) and {@code NoCredentialsProvider}.
 */
public final class FakeDataprocServer implements AutoCloseable {

    public static final String PROJECT = "sparkplane-test";
    public static final String REGION = "us-central1";

    private final Server server;
    private final DataprocState state;
    private final CallsAndFaults callsAndFaults;
    private final FakeLog log;
    private final Thread killer;

    private FakeDataprocServer(Server server, DataprocState state, CallsAndFaults callsAndFaults, FakeLog log) {
        this.server = server;
        this.state = state;
        this.callsAndFaults = callsAndFaults;
        this.log = log;
        // a test JVM that ends without close() still takes its spark-submits with it
        this.killer = new Thread(state::close, "fake-dataproc-killer");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** Keeps state only: clusters get RUNNING after clusterStartDelay, jobs and batches get RUNNING and stay so until a test sets their state. */
    public static FakeDataprocServer start() throws IOException {
        return start(FakeLog.none(), Optional.empty());
    }

    /**
     * "Run the jobs" mode: also runs every job and batch with this spark-submit in local mode
     * (local[2]), its gs:// inputs read from and its driver output / event log written to the GCS
     * JSON API at gcsEndpoint (fake-gcs-server, no auth); the fake's own log goes to logFile.
     *
     * @param sparkSubmit the spark-submit of the pyspark that {@code python} imports
     * @param python the interpreter of PySpark's driver and workers (PYSPARK_PYTHON)
     */
    public static FakeDataprocServer start(Path logFile, Path sparkSubmit, Path python, URI gcsEndpoint) throws IOException {
        requireNonNull(logFile, "logFile is null");
        requireNonNull(sparkSubmit, "sparkSubmit is null");
        requireNonNull(python, "python is null");
        requireNonNull(gcsEndpoint, "gcsEndpoint is null");
        if (!Files.isExecutable(sparkSubmit)) {
            throw new IllegalArgumentException("no spark-submit at " + sparkSubmit);
        }
        FakeLog log = FakeLog.toFile(logFile);
        return start(log, Optional.of(new LocalSparkRunner(sparkSubmit, python, new GcsJsonClient(gcsEndpoint), log)));
    }

    private static FakeDataprocServer start(FakeLog log, Optional<LocalSparkRunner> runner) throws IOException {
        DataprocState state = new DataprocState(log, runner);
        CallsAndFaults callsAndFaults = new CallsAndFaults(log);
        // port 0: the server binds a free port itself and holds it, so no other process can take it meanwhile
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(new ClusterControllerService(state))
                .addService(new JobControllerService(state))
                .addService(new BatchControllerService(state))
                .addService(new OperationsService(state))
                .intercept(callsAndFaults)
                .build();
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            state.close();
            log.close();
            throw e;
        }
        log.log("fake Dataproc serves on 127.0.0.1:" + server.getPort() + (runner.isPresent() ? ", running jobs locally" : ", state only"));
        return new FakeDataprocServer(server, state, callsAndFaults, log);
    }

    /** "http://127.0.0.1:<port>": plaintext, no credentials. A gRPC client's endpoint is {@code "127.0.0.1:" + port()}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getPort();
    }

    /** How long a new cluster stays CREATING (default 300 ms), and an update UPDATING. */
    public void clusterStartDelay(Duration delay) {
        state.clusterStartDelay(delay);
    }

    /** How long a deleted cluster stays DELETING before it is gone (default 200 ms). An addition to the agreed API. */
    public void clusterDeleteDelay(Duration delay) {
        state.clusterDeleteDelay(delay);
    }

    /**
     * The next {@code times} calls of {@code method}, the RPC's simple name ("CreateCluster",
     * "SubmitJob", "GetOperation", "CreateBatch", ...), answer {@code code} and do nothing. Replaces an
     * earlier fault of that method; 0 times clears it.
     */
    public void failNext(String method, int times, Status.Code code) {
        callsAndFaults.failNext(method, times, code);
    }

    /** The next {@code times} calls of {@code method} take effect, and answer {@code code} in place of their answer (a lost answer). */
    public void failNextAfterDoing(String method, int times, Status.Code code) {
        callsAndFaults.failNextAfterDoing(method, times, code);
    }

    /** Every later call naming {@code project} answers PERMISSION_DENIED, as Google does for a project the caller may not use. */
    public void refuseProject(String project) {
        callsAndFaults.refuseProject(project);
    }

    /** RPC simple name -> count, since start or {@link #resetCalls()}; a call answered by a fault counts too. */
    public Map<String, Integer> calls() {
        return callsAndFaults.calls();
    }

    public void resetCalls() {
        callsAndFaults.resetCalls();
    }

    /** Every cluster that exists now, DELETING ones included. */
    public List<Cluster> clusters() {
        synchronized (state) {
            return List.copyOf(state.clusters.values());
        }
    }

    /** The cluster of that name in any project and region. */
    public Optional<Cluster> cluster(String clusterName) {
        synchronized (state) {
            return DataprocState.findByLastSegment(state.clusters, clusterName).map(state.clusters::get);
        }
    }

    /** Names of the clusters DeleteCluster removed, in order of deletion; not those {@link #deleteClusterBehindTheBacksOfClients} removed. */
    public List<String> deletedClusters() {
        synchronized (state) {
            return List.copyOf(state.deletedClusters);
        }
    }

    public List<Job> jobs() {
        synchronized (state) {
            return List.copyOf(state.jobs.values());
        }
    }

    /** The job of that id in any project and region. */
    public Optional<Job> job(String jobId) {
        synchronized (state) {
            return DataprocState.findByLastSegment(state.jobs, jobId).map(state.jobs::get);
        }
    }

    public List<Batch> batches() {
        synchronized (state) {
            return List.copyOf(state.batches.values());
        }
    }

    /** The batch whose name ends with this id, in any project and location. */
    public Optional<Batch> batch(String batchId) {
        synchronized (state) {
            return DataprocState.findByLastSegment(state.batches, batchId).map(state.batches::get);
        }
    }

    /** Ids of the batches DeleteBatch removed, in order of deletion. */
    public List<String> deletedBatches() {
        synchronized (state) {
            return List.copyOf(state.deletedBatches);
        }
    }

    /**
     * Moves a cluster to {@code state} (e.g. ERROR with Google's wording as the detail). Its create or
     * update in flight ends with it: done at RUNNING, failed (INTERNAL, the detail as message) at ERROR
     * or ERROR_DUE_TO_UPDATE.
     */
    public void setClusterState(String clusterName, ClusterStatus.State clusterState, String detail) {
        synchronized (state) {
            state.setClusterState(clusterKey(clusterName), requireNonNull(clusterState, "clusterState is null"), nullToEmpty(detail));
        }
    }

    /** Moves a job to {@code jobState}, the current status appended to its statusHistory; a terminal state kills its local run. */
    public void setJobState(String jobId, JobStatus.State jobState, String details) {
        synchronized (state) {
            String key = DataprocState.findByLastSegment(state.jobs, jobId)
                    .orElseThrow(() -> new IllegalArgumentException("no job " + jobId));
            state.moveJob(key, requireNonNull(jobState, "jobState is null"), nullToEmpty(details));
        }
    }

    /**
     * Moves a batch to {@code batchState}; a terminal one ends its operation (the Batch as response,
     * an INTERNAL error with the state message when FAILED) and kills its local run.
     */
    public void setBatchState(String batchId, Batch.State batchState, String stateMessage) {
        synchronized (state) {
            String name = DataprocState.findByLastSegment(state.batches, batchId)
                    .orElseThrow(() -> new IllegalArgumentException("no batch " + batchId));
            state.moveBatch(name, requireNonNull(batchState, "batchState is null"), nullToEmpty(stateMessage));
        }
    }

    /** The cluster vanishes at once, as when a user deletes it in the console: its jobs end ERROR, its pending operation fails. */
    public void deleteClusterBehindTheBacksOfClients(String clusterName) {
        synchronized (state) {
            state.removeCluster(clusterKey(clusterName), "the cluster was deleted");
        }
    }

    /** Cluster name -> secondary worker num_instances at creation, then after each update. */
    public Map<String, List<Integer>> secondaryWorkerCounts() {
        synchronized (state) {
            Map<String, List<Integer>> copy = new LinkedHashMap<>();
            state.secondaryWorkerCounts.forEach((name, counts) -> copy.put(name, List.copyOf(new ArrayList<>(counts))));
            return copy;
        }
    }

    /** In run mode: one line per local run (job id or batch id -> "exit 0" / "killed" / "not run: ..."; "staging" or "running" meanwhile). */
    public Map<String, String> localRuns() {
        return state.localRuns();
    }

    /** Stops serving and kills every local run's process tree. */
    @Override
    public void close() {
        try {
            server.shutdownNow();
            state.close();
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            log.log("fake Dataproc closed");
            log.close();
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException e) {
                // the JVM is shutting down and runs the hook itself
            }
        }
    }

    private String clusterKey(String clusterName) {
        return DataprocState.findByLastSegment(state.clusters, clusterName)
                .orElseThrow(() -> new IllegalArgumentException("no cluster " + clusterName));
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
