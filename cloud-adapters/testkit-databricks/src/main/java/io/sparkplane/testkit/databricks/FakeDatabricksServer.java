package io.sparkplane.testkit.databricks;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpServer;
import io.sparkplane.testkit.localspark.FakeLog;
import io.sparkplane.testkit.localspark.LocalSparkRunner;
import io.sparkplane.testkit.localspark.ObjectTransfer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A fake of a Databricks workspace's REST API for tests, on loopback (plain HTTP, a port of its own),
 * served by the JDK's HTTP server with Jackson. It follows the published Databricks REST API in the
 * paths and JSON shapes the Databricks SDK for Java (0.141) calls for one-time runs: Jobs API 2.2
 * {@code runs/submit}, {@code runs/get}, {@code runs/get-output}, {@code runs/cancel}, {@code runs/list}
 * (2.1 paths answered the same); Clusters API 2.1 {@code clusters/resize}, {@code clusters/get},
 * {@code clusters/spark-versions}; SCIM {@code /api/2.0/preview/scim/v2/Me}; the workspace's discovery
 * documents ({@code /.well-known/databricks-config}, {@code /oidc/.well-known/oauth-authorization-server})
 * and its OAuth token endpoint (client credentials grant, for machine-to-machine OAuth). Errors have
 * Databricks' body {@code {"error_code", "message"}}; a call without a bearer token the workspace
 * takes is answered 401.
 *
 * <p>What it keeps of Databricks: a submit with an idempotency token already used answers the first
 * run's id and makes nothing; a run is PENDING while its new job cluster starts ({@link
 * #clusterStartDelay}), then RUNNING; it ends TERMINATED with a result state (in state-only mode when
 * a test says, {@link #setRunState}; in run mode when its task's local spark-submit ends), CANCELED
 * by runs/cancel, or INTERNAL_ERROR with a CLUSTER_ERROR termination when its cluster fails to start
 * ({@link #failNextClusterStart}); its job cluster ends with it; runs/get-output takes a task run's id
 * (not the run's) and hands over the driver's output as {@code logs}; clusters/resize changes a running
 * cluster's {@code num_workers} and refuses any other state with INVALID_STATE; runs/list pages with
 * {@code has_more} and {@code next_page_token}, at most 25 a page.
 *
 * <p>What it leaves out: runs of more than one task, tasks other than spark_python_task and
 * spark_jar_task, existing clusters, jobs (create, run-now), permissions, queueing and concurrency
 * limits, cluster events, DBFS and workspace files, PyPI and Maven libraries, repair and retries.
 * Any id it does not know is answered 400 INVALID_PARAMETER_VALUE "... does not exist", as
 * Databricks answers it.
 */
public final class FakeDatabricksServer implements AutoCloseable {

    static {
        // the JDK's server writes an answer's headers and body apart, and Nagle's algorithm holds the
        // body until the client acknowledges the headers: about 40 ms a call on Linux, without this
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }


    /** The workspace id its discovery document names (the SDK then sends it as X-Databricks-Workspace-Id). */
    public static final String WORKSPACE_ID = "1234567890123456";
    /** Who the fake says every caller is (SCIM Me, a run's creator). */
    public static final String USER_NAME = "sparkplane-tests@example.com";
    public static final String RUNS_SUBMIT = Endpoints.RUNS_SUBMIT;
    public static final String RUNS_GET = Endpoints.RUNS_GET;
    public static final String RUNS_GET_OUTPUT = Endpoints.RUNS_GET_OUTPUT;
    public static final String RUNS_CANCEL = Endpoints.RUNS_CANCEL;
    public static final String RUNS_LIST = Endpoints.RUNS_LIST;
    public static final String CLUSTERS_RESIZE = Endpoints.CLUSTERS_RESIZE;
    public static final String CLUSTERS_GET = Endpoints.CLUSTERS_GET;
    public static final String SPARK_VERSIONS = Endpoints.SPARK_VERSIONS;
    public static final String ME = Endpoints.ME;
    public static final String TOKEN = Endpoints.TOKEN;

    private final HttpServer server;
    private final ExecutorService threads;
    private final WorkspaceState state;
    private final Credentials credentials;
    private final CallsAndFaults callsAndFaults;
    private final FakeLog log;
    private final Thread killer;

    private FakeDatabricksServer(HttpServer server, ExecutorService threads, WorkspaceState state, Credentials credentials, CallsAndFaults callsAndFaults,
            FakeLog log) {
        this.server = server;
        this.threads = threads;
        this.state = state;
        this.credentials = credentials;
        this.callsAndFaults = callsAndFaults;
        this.log = log;
        // a test JVM that ends without close() still takes its spark-submits with it
        this.killer = new Thread(state::close, "fake-databricks-killer");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** Keeps state only: runs get RUNNING once their cluster has started, and stay so until a test ends them or they are cancelled. */
    public static FakeDatabricksServer start() throws IOException {
        return start(FakeLog.none(), Optional.empty());
    }

    /**
     * "Run the tasks" mode: each run's task also runs as one spark-submit of the local Spark in local
     * mode once its cluster has started, its files read from the store through {@code store}; the run
     * ends by the driver's exit, and its output becomes runs/get-output's {@code logs}. The fake's own
     * log goes to {@code logFile}.
     *
     * @param sparkSubmit the spark-submit of the pyspark that {@code python} imports
     * @param python the interpreter of PySpark's driver and workers (PYSPARK_PYTHON)
     */
    public static FakeDatabricksServer start(Path logFile, Path sparkSubmit, Path python, ObjectTransfer store) throws IOException {
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

    private static FakeDatabricksServer start(FakeLog log, Optional<LocalSparkRunner> runner) throws IOException {
        WorkspaceState state = new WorkspaceState(log, runner);
        Credentials credentials = new Credentials();
        CallsAndFaults callsAndFaults = new CallsAndFaults(log);
        ExecutorService threads = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "fake-databricks-http");
            thread.setDaemon(true);
            return thread;
        });
        HttpServer server;
        try {
            // port 0: the server binds a free port itself and holds it, so no other process can take it meanwhile
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException | RuntimeException e) {
            threads.shutdownNow();
            state.close();
            log.close();
            throw e;
        }
        int port = server.getAddress().getPort();
        String host = "http://127.0.0.1:" + port;
        server.createContext("/", new Endpoints(state, credentials, callsAndFaults, log, () -> host, WORKSPACE_ID, USER_NAME));
        server.setExecutor(threads);
        server.start();
        log.log("fake Databricks serves on " + host + (runner.isPresent() ? ", running tasks locally" : ", state only"));
        return new FakeDatabricksServer(server, threads, state, credentials, callsAndFaults, log);
    }

    /** {@code http://127.0.0.1:<port>}: the workspace URL a client's config takes as its host. */
    public String host() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Calls bearing {@code Authorization: Bearer <token>} are taken (a personal access token). */
    public void acceptToken(String token) {
        credentials.acceptToken(token);
    }

    /** The token (a personal access token, or an access token the fake issued) is taken no more. */
    public void revokeToken(String token) {
        credentials.revokeToken(token);
    }

    /** A service principal whose client id and secret get access tokens from the OAuth token endpoint (machine-to-machine OAuth). */
    public void acceptServicePrincipal(String clientId, String clientSecret) {
        credentials.acceptServicePrincipal(clientId, clientSecret);
    }

    /** How many OAuth access tokens the token endpoint issued. */
    public int accessTokensIssued() {
        return credentials.issued();
    }

    /** How long a new run's job cluster takes to start (default 300 ms); the run is PENDING meanwhile. */
    public void clusterStartDelay(Duration delay) {
        state.clusterStartDelay(requireNonNull(delay, "delay is null"));
    }

    /**
     * The next submitted run's cluster fails to start: after the start delay the run ends
     * INTERNAL_ERROR, result FAILED, its message "Cluster '...' was terminated. Reason: {@code reason}",
     * its termination details CLUSTER_ERROR (CLOUD_FAILURE).
     */
    public void failNextClusterStart(String reason) {
        state.failNextClusterStart(reason);
    }

    /**
     * The next {@code times} calls to {@code path} ({@link #RUNS_SUBMIT}, ...) are answered {@code status}
     * with Databricks' error body and do nothing, as a call refused at Databricks' front end. Replaces
     * an earlier fault of that path; 0 times clears it.
     */
    public void failNext(String path, int times, int status, String errorCode, String message) {
        callsAndFaults.script(path, new CallsAndFaults.Fault(times, status, errorCode, message, false, Optional.empty()));
    }

    /** The next {@code times} calls to {@code path} take effect, and are answered the error in place of their answer (a lost answer). */
    public void failNextAfterDoing(String path, int times, int status, String errorCode, String message) {
        callsAndFaults.script(path, new CallsAndFaults.Fault(times, status, errorCode, message, true, Optional.empty()));
    }

    /** The next {@code times} calls to {@code path} are answered 429 REQUEST_LIMIT_EXCEEDED with {@code Retry-After}, as Databricks' rate limits answer. */
    public void throttle(String path, int times, Duration retryAfter) {
        callsAndFaults.script(path, new CallsAndFaults.Fault(times, 429, "REQUEST_LIMIT_EXCEEDED",
                "Too many requests. Please wait a moment and try again.", false, Optional.of(retryAfter)));
    }

    /** Every scripted fault is dropped. */
    public void clearFaults() {
        callsAndFaults.clear();
    }

    /** {@code "METHOD /path"} -> count, since start or {@link #resetCalls()}; a call answered by a fault counts too. */
    public Map<String, Integer> calls() {
        return callsAndFaults.calls();
    }

    /** The count of one {@code "METHOD /path"} ({@code "POST " + RUNS_SUBMIT}). */
    public int calls(String methodAndPath) {
        return calls().getOrDefault(methodAndPath, 0);
    }

    public void resetCalls() {
        callsAndFaults.resetCalls();
    }

    /** Every run, in order of submission. */
    public List<RunView> runs() {
        return state.runViews();
    }

    public Optional<RunView> run(long runId) {
        return state.runView(runId);
    }

    /** Every job cluster, in order of creation, terminated ones included. */
    public List<ClusterView> clusters() {
        return state.clusterViews();
    }

    public Optional<ClusterView> cluster(String clusterId) {
        return clusters().stream().filter(cluster -> cluster.clusterId().equals(clusterId)).findFirst();
    }

    /**
     * Moves a run as Databricks would (QUEUED, RUNNING, TERMINATED with a result, INTERNAL_ERROR, ...);
     * an end state ends its task and its cluster. {@code resultState} may be null.
     */
    public void setRunState(long runId, String lifeCycleState, String resultState, String stateMessage) {
        setRunState(runId, lifeCycleState, resultState, stateMessage, null, null);
    }

    /** The same, with the status's termination details (code and type, Databricks' names), which an end state reports. */
    public void setRunState(long runId, String lifeCycleState, String resultState, String stateMessage, String terminationCode,
            String terminationType) {
        state.setRunState(runId, lifeCycleState, resultState, stateMessage, terminationCode, terminationType);
    }

    /** What runs/get-output hands over for the run's task: the driver's output, and a failed task's error and trace (either may be null). */
    public void setRunOutput(long runId, String logs, String error, String errorTrace) {
        state.setRunOutput(runId, logs, error, errorTrace);
    }

    /** A runtime clusters/spark-versions lists and runs/submit takes besides the fake's own (15.4, 16.4, 17.3). */
    public void addSparkVersion(String key, String name) {
        synchronized (state) {
            state.sparkVersions.put(requireNonNull(key, "key is null"), requireNonNull(name, "name is null"));
        }
    }

    /** In run mode: run id -> where its local run is ("staging", "running", "exit 0", "killed", "not run: ..."). */
    public Map<Long, String> localRuns() {
        return state.localRuns();
    }

    /** Stops serving and kills every local run's process tree. */
    @Override
    public void close() {
        try {
            server.stop(0);
            state.close();
            threads.shutdown();
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            log.log("fake Databricks closed");
            log.close();
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException e) {
                // the JVM is shutting down and runs the hook itself
            }
        }
    }
}
