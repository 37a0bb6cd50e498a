package io.sparkplane.testkit.databricks;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.testkit.localspark.FakeLog;
import io.sparkplane.testkit.localspark.LocalSparkRunner;
import io.sparkplane.testkit.localspark.RunHooks;
import io.sparkplane.testkit.localspark.SparkWork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Everything the fake workspace knows, behind one lock (this object's monitor): its runs, their job
 * clusters, the idempotency tokens submits gave, and the moves between states. Time-driven moves (a
 * cluster that has started) are made lazily: every API call and every look of a test first brings
 * the state up to now ({@link #advance}), so no thread of the fake's own moves anything in the
 * state-only mode. In run mode a run's local spark-submit moves its run when it ends, through its
 * {@link RunHooks}, which re-check the state they expect first.
 */
final class WorkspaceState implements AutoCloseable {

    /** Databricks takes an idempotency token of at most 64 characters. */
    static final int MOST_TOKEN_CHARACTERS = 64;
    private static final Pattern TASK_KEY = Pattern.compile("[\\w\\-.]{1,100}");
    private static final Set<String> LIBRARY_KINDS = Set.of("jar", "whl", "egg", "pypi", "maven", "cran", "requirements");
    /** What a run's message says while its task runs, as Databricks words it. */
    static final String IN_RUN = "In run";

    private final FakeLog log;
    /** Empty: state only, runs stay RUNNING until a test ends them. */
    private final Optional<LocalSparkRunner> runner;
    /** Spark version key -> its name, as clusters/spark-versions lists them. */
    final Map<String, String> sparkVersions = new LinkedHashMap<>();
    private final Map<Long, FakeRun> runs = new LinkedHashMap<>();
    private final Map<Long, FakeRun> byTaskRunId = new HashMap<>();
    private final Map<String, Long> idempotencyTokens = new HashMap<>();
    private final Map<String, FakeCluster> clusters = new LinkedHashMap<>();
    /** Run id -> where its local run is (run mode). */
    private final Map<Long, String> localRuns = new LinkedHashMap<>();
    private Duration clusterStartDelay = Duration.ofMillis(300);
    /** Set: the next submitted run's cluster fails to start, with this message. */
    private String nextClusterFailure;
    private long nextId = 7_310_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000) * 100;
    private int clusterSerial;
    private boolean closed;

    WorkspaceState(FakeLog log, Optional<LocalSparkRunner> runner) {
        this.log = requireNonNull(log, "log is null");
        this.runner = requireNonNull(runner, "runner is null");
        sparkVersions.put("15.4.x-scala2.12", "15.4 LTS (includes Apache Spark 3.5.0, Scala 2.12)");
        sparkVersions.put("16.4.x-scala2.13", "16.4 LTS (includes Apache Spark 3.5.2, Scala 2.13)");
        sparkVersions.put("17.3.x-scala2.13", "17.3 LTS (includes Apache Spark 4.0.0, Scala 2.13)");
    }

    synchronized void clusterStartDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("the delay must not be negative");
        }
        clusterStartDelay = delay;
    }

    synchronized void failNextClusterStart(String message) {
        nextClusterFailure = requireNonNull(message, "message is null");
    }

    /**
     * jobs/runs/submit: a new run, or the run an earlier submit with the same idempotency token made
     * (Databricks' idempotency: the second submit makes nothing and answers the first run's id).
     */
    synchronized long submit(JsonNode body, String creator) {
        advance();
        if (!body.isObject()) {
            throw ApiError.invalidParameter("the request body must be a JSON object");
        }
        String token = body.hasNonNull("idempotency_token") ? body.get("idempotency_token").asText() : null;
        if (token != null && token.length() > MOST_TOKEN_CHARACTERS) {
            throw ApiError.invalidParameter("idempotency_token must be at most " + MOST_TOKEN_CHARACTERS + " characters long");
        }
        if (token != null && idempotencyTokens.containsKey(token)) {
            long existing = idempotencyTokens.get(token);
            log.log("runs/submit: idempotency token " + token + " is run " + existing + "'s: no new run");
            return existing;
        }
        ObjectNode task = checkedTask(body);
        ObjectNode spec = (ObjectNode) task.get("new_cluster");
        long runId = nextId++;
        long taskRunId = nextId++;
        long jobId = nextId++;
        clusterSerial++;
        String clusterId = String.format("1207-%06d-%08x", clusterSerial, ThreadLocalRandom.current().nextInt() & 0x7fffffff);
        FakeCluster cluster = new FakeCluster(clusterId, "job-" + jobId + "-run-" + taskRunId, creator, spec.deepCopy());
        String runName = body.hasNonNull("run_name") ? body.get("run_name").asText() : "Untitled";
        FakeRun run = new FakeRun(runId, taskRunId, jobId, runName, token, ((ObjectNode) body).deepCopy(), task.deepCopy(), creator,
                System.currentTimeMillis(), cluster);
        run.clusterReadyAt = System.nanoTime() + clusterStartDelay.toNanos();
        run.clusterFailure = nextClusterFailure;
        nextClusterFailure = null;
        runs.put(runId, run);
        byTaskRunId.put(taskRunId, run);
        clusters.put(clusterId, cluster);
        if (token != null) {
            idempotencyTokens.put(token, runId);
        }
        log.log("runs/submit: run " + runId + " (" + runName + "), task run " + taskRunId + ", cluster " + clusterId
                + (run.clusterFailure != null ? ", whose cluster will fail to start" : ""));
        return runId;
    }

    /** The one task of a submit, checked as Databricks checks it (and refused where the fake does not go). */
    private static ObjectNode checkedTask(JsonNode body) {
        JsonNode tasks = body.get("tasks");
        if (tasks == null || !tasks.isArray() || tasks.isEmpty()) {
            throw ApiError.invalidParameter("tasks must be a non-empty array");
        }
        if (tasks.size() > 1) {
            throw ApiError.notInTheFake("more than one task in a run (it runs one-task submits)");
        }
        JsonNode task = tasks.get(0);
        if (!task.isObject()) {
            throw ApiError.invalidParameter("tasks[0] must be an object");
        }
        String taskKey = task.path("task_key").asText("");
        if (!TASK_KEY.matcher(taskKey).matches()) {
            throw ApiError.invalidParameter("task_key must be 1 to 100 letters, digits, '_', '-' or '.', not '" + taskKey + "'");
        }
        if (task.has("existing_cluster_id") || task.has("job_cluster_key") || task.has("environment_key")) {
            throw ApiError.notInTheFake("a task on anything but a new_cluster");
        }
        JsonNode spec = task.get("new_cluster");
        if (spec == null || !spec.isObject()) {
            throw ApiError.invalidParameter("tasks[0].new_cluster is required (the fake runs every task on a new job cluster)");
        }
        checkCluster(spec);
        boolean python = task.has("spark_python_task");
        boolean jar = task.has("spark_jar_task");
        if (python == jar) {
            throw python ? ApiError.invalidParameter("a task has one task type, not spark_python_task and spark_jar_task")
                    : ApiError.notInTheFake("task types other than spark_python_task and spark_jar_task");
        }
        if (python && task.path("spark_python_task").path("python_file").asText("").isBlank()) {
            throw ApiError.invalidParameter("spark_python_task.python_file is required");
        }
        if (jar && task.path("spark_jar_task").path("main_class_name").asText("").isBlank()) {
            throw ApiError.invalidParameter("spark_jar_task.main_class_name is required");
        }
        JsonNode libraries = task.get("libraries");
        if (libraries != null) {
            if (!libraries.isArray()) {
                throw ApiError.invalidParameter("libraries must be an array");
            }
            for (JsonNode library : libraries) {
                List<String> kinds = new ArrayList<>();
                library.fieldNames().forEachRemaining(kinds::add);
                if (kinds.size() != 1 || !LIBRARY_KINDS.contains(kinds.get(0))) {
                    throw ApiError.invalidParameter("a library is exactly one of " + LIBRARY_KINDS + ", not " + library);
                }
            }
        }
        return (ObjectNode) task;
    }

    private static void checkCluster(JsonNode spec) {
        if (spec.path("spark_version").asText("").isBlank()) {
            throw ApiError.invalidParameter("new_cluster.spark_version is required");
        }
        if (!spec.hasNonNull("node_type_id") && !spec.hasNonNull("instance_pool_id") && !spec.hasNonNull("policy_id")) {
            throw ApiError.invalidParameter("new_cluster needs node_type_id or instance_pool_id (or a policy_id that sets one)");
        }
        boolean fixed = spec.has("num_workers");
        boolean autoscale = spec.has("autoscale");
        if (fixed && autoscale) {
            throw ApiError.invalidParameter("new_cluster takes num_workers or autoscale, not both");
        }
        if (!fixed && !autoscale) {
            throw ApiError.invalidParameter("new_cluster needs num_workers or autoscale");
        }
        if (fixed && spec.get("num_workers").asInt(-1) < 0) {
            throw ApiError.invalidParameter("num_workers must not be negative");
        }
        if (autoscale) {
            int min = spec.path("autoscale").path("min_workers").asInt(-1);
            int max = spec.path("autoscale").path("max_workers").asInt(-1);
            // as Databricks: max_workers strictly above min_workers
            if (min < 0 || max < 1 || max <= min) {
                throw ApiError.invalidParameter("autoscale needs 0 <= min_workers < max_workers, not " + spec.get("autoscale"));
            }
        }
        JsonNode tags = spec.get("custom_tags");
        if (tags != null && (!tags.isObject() || tags.size() > 45)) {
            throw ApiError.invalidParameter("custom_tags must be an object of at most 45 tags");
        }
    }

    synchronized boolean knowsSparkVersion(String key) {
        return sparkVersions.containsKey(key);
    }

    /** The run of {@code runId}; an unknown id is answered as Databricks answers it (400, "Run ... does not exist."). */
    synchronized FakeRun run(long runId) {
        advance();
        FakeRun run = runs.get(runId);
        if (run == null) {
            throw ApiError.invalidParameter("Run " + runId + " does not exist.");
        }
        return run;
    }

    /**
     * The run whose task run is {@code taskRunId}, for runs/get-output; the id of a run with tasks is
     * refused, as Databricks refuses it (the output is each task run's).
     */
    synchronized FakeRun outputOf(long taskRunId) {
        advance();
        if (runs.containsKey(taskRunId)) {
            throw ApiError.invalidParameter("Retrieving the output of runs with multiple tasks is not supported. Please retrieve the output of"
                    + " each individual task run instead.");
        }
        FakeRun run = byTaskRunId.get(taskRunId);
        if (run == null) {
            throw ApiError.invalidParameter("Run " + taskRunId + " does not exist.");
        }
        return run;
    }

    /** jobs/runs/cancel: the run ends CANCELED (its task killed, its cluster terminated); an ended run is left as it is. */
    synchronized void cancel(long runId) {
        FakeRun run = run(runId);
        if (!run.active()) {
            return;
        }
        end(run, "TERMINATED", "CANCELED", "Run cancelled.", "USER_CANCELED", "SUCCESS", "The run was cancelled by a user.");
        run.userCancelledOrTimedout = true;
        log.log("runs/cancel: run " + runId + " cancelled");
    }

    /** Runs newest first, as runs/list orders them (by start time, descending). */
    synchronized List<FakeRun> list(boolean activeOnly, boolean completedOnly, String runType) {
        advance();
        if (activeOnly && completedOnly) {
            throw ApiError.invalidParameter("active_only and completed_only cannot both be true");
        }
        if (runType != null && !Set.of("JOB_RUN", "WORKFLOW_RUN", "SUBMIT_RUN").contains(runType)) {
            throw ApiError.invalidParameter("run_type must be JOB_RUN, WORKFLOW_RUN or SUBMIT_RUN, not " + runType);
        }
        List<FakeRun> listed = new ArrayList<>();
        for (FakeRun run : runs.values()) {
            if ((activeOnly && !run.active()) || (completedOnly && run.active())) {
                continue;
            }
            if (runType != null && !runType.equals("SUBMIT_RUN")) {
                continue; // every run of the fake is a submit run
            }
            listed.add(run);
        }
        listed.sort(Comparator.comparingLong((FakeRun run) -> run.startTime).thenComparingLong(run -> run.runId).reversed());
        return listed;
    }

    /** clusters/resize: a running cluster gets the new size (or bounds); any other state is refused as Databricks refuses it. */
    synchronized void resize(String clusterId, Integer numWorkers, Integer minWorkers, Integer maxWorkers) {
        FakeCluster cluster = cluster(clusterId);
        if (!cluster.state.equals("RUNNING")) {
            throw ApiError.invalidState("Cluster " + clusterId + " is in unexpected state " + titleCase(cluster.state) + ".");
        }
        if (numWorkers != null) {
            if (numWorkers < 0) {
                throw ApiError.invalidParameter("num_workers must not be negative");
            }
            cluster.numWorkers = numWorkers;
            cluster.minWorkers = null;
            cluster.maxWorkers = null;
            cluster.resizes.add(numWorkers);
        } else {
            if (minWorkers == null || maxWorkers == null || minWorkers < 0 || maxWorkers < Math.max(1, minWorkers)) {
                throw ApiError.invalidParameter("clusters/resize needs num_workers, or autoscale with 0 <= min_workers <= max_workers");
            }
            cluster.numWorkers = null;
            cluster.minWorkers = minWorkers;
            cluster.maxWorkers = maxWorkers;
        }
        log.log("clusters/resize: cluster " + clusterId + " to " + (numWorkers != null ? numWorkers + " workers" : minWorkers + ".." + maxWorkers));
    }

    synchronized FakeCluster cluster(String clusterId) {
        advance();
        FakeCluster cluster = clusters.get(clusterId);
        if (cluster == null) {
            throw ApiError.invalidParameter("Cluster " + clusterId + " does not exist");
        }
        return cluster;
    }

    synchronized List<RunView> runViews() {
        advance();
        return runs.values().stream().map(FakeRun::view).toList();
    }

    synchronized Optional<RunView> runView(long runId) {
        advance();
        return Optional.ofNullable(runs.get(runId)).map(FakeRun::view);
    }

    synchronized List<ClusterView> clusterViews() {
        advance();
        return clusters.values().stream().map(FakeCluster::view).toList();
    }

    synchronized Map<Long, String> localRuns() {
        return Map.copyOf(localRuns);
    }

    /** A test moves a run (a run cancelled in the console, a task that failed); an end state ends its task and cluster. */
    synchronized void setRunState(long runId, String lifeCycleState, String resultState, String stateMessage, String terminationCode,
            String terminationType) {
        FakeRun run = run(runId);
        requireNonNull(lifeCycleState, "lifeCycleState is null");
        if (RunView.ACTIVE.contains(lifeCycleState)) {
            run.lifeCycleState = lifeCycleState;
            run.resultState = resultState;
            run.stateMessage = stateMessage == null ? "" : stateMessage;
            if (lifeCycleState.equals("RUNNING") && !run.cluster.state.equals("RUNNING")) {
                run.cluster.state = "RUNNING";
                run.cluster.stateMessage = "";
            }
            run.clusterReadyAt = Long.MIN_VALUE; // the test decides from now on, not the start delay
        } else {
            end(run, lifeCycleState, resultState, stateMessage == null ? "" : stateMessage, terminationCode, terminationType,
                    stateMessage == null ? "" : stateMessage);
        }
        log.log("test: run " + runId + " set to " + lifeCycleState + (resultState == null ? "" : " " + resultState));
    }

    synchronized void setRunOutput(long runId, String logs, String error, String errorTrace) {
        FakeRun run = run(runId);
        run.logs = logs == null ? "" : logs;
        run.error = error;
        run.errorTrace = errorTrace;
    }

    /**
     * Brings every run up to now: a pending run whose cluster has had its start delay gets its
     * cluster RUNNING and runs its task (in run mode, as a local spark-submit), or, when its cluster
     * was set to fail, ends INTERNAL_ERROR with Databricks' words for a cluster that did not start.
     */
    synchronized void advance() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        for (FakeRun run : runs.values()) {
            if (!run.lifeCycleState.equals("PENDING") || run.clusterReadyAt == Long.MIN_VALUE || now - run.clusterReadyAt < 0) {
                continue;
            }
            if (run.clusterFailure != null) {
                String message = "Cluster '" + run.cluster.clusterId + "' was terminated. Reason: " + run.clusterFailure;
                end(run, "INTERNAL_ERROR", "FAILED", message, "CLUSTER_ERROR", "CLOUD_FAILURE", run.clusterFailure);
                log.log("run " + run.runId + ": its cluster failed to start: " + run.clusterFailure);
                continue;
            }
            run.cluster.state = "RUNNING";
            run.cluster.stateMessage = "";
            run.lifeCycleState = "RUNNING";
            run.stateMessage = IN_RUN;
            log.log("run " + run.runId + ": cluster " + run.cluster.clusterId + " running, task running");
            runner.ifPresent(local -> startLocally(local, run));
        }
    }

    private void startLocally(LocalSparkRunner local, FakeRun run) {
        SparkWork work;
        try {
            work = TaskWork.of(run);
        } catch (IllegalArgumentException e) {
            end(run, "TERMINATED", "FAILED", e.getMessage(), "INVALID_RUN_CONFIGURATION", "CLIENT_ERROR", e.getMessage());
            return;
        }
        localRuns.put(run.runId, "starting");
        run.localRun = local.start(work, new Hooks(run.runId));
    }

    /** Ends a run: its state and termination details set, its local run killed, its cluster terminated. */
    private void end(FakeRun run, String lifeCycleState, String resultState, String stateMessage, String terminationCode, String terminationType,
            String terminationMessage) {
        run.lifeCycleState = lifeCycleState;
        run.resultState = resultState;
        run.stateMessage = stateMessage;
        run.terminationCode = terminationCode;
        run.terminationType = terminationType;
        run.terminationMessage = terminationMessage;
        run.endTime = System.currentTimeMillis();
        if (run.localRun != null) {
            run.localRun.requestKill();
        }
        run.cluster.terminate(lifeCycleState.equals("INTERNAL_ERROR") ? terminationMessage : "Job cluster of a run that ended");
    }

    /** What a run's local spark-submit tells its run, under the state's lock, each re-checking that the run still runs. */
    private final class Hooks implements RunHooks {

        private final long runId;

        Hooks(long runId) {
            this.runId = runId;
        }

        @Override
        public boolean begin() {
            synchronized (WorkspaceState.this) {
                FakeRun run = runs.get(runId);
                return run != null && run.lifeCycleState.equals("RUNNING") && !closed;
            }
        }

        @Override
        public void exited(int exitCode, String lastException) {
            synchronized (WorkspaceState.this) {
                FakeRun run = runs.get(runId);
                if (run == null || !run.lifeCycleState.equals("RUNNING")) {
                    return;
                }
                String output = run.localRun == null ? "" : run.localRun.driverOutput();
                run.logs = output;
                if (exitCode == 0) {
                    end(run, "TERMINATED", "SUCCESS", "", "SUCCESS", "SUCCESS", "");
                    return;
                }
                run.error = lastException != null ? lastException : "the driver exited with code " + exitCode;
                run.errorTrace = TaskWork.tail(output, 60);
                end(run, "TERMINATED", "FAILED", "Workload failed, see run output for details", "RUN_EXECUTION_ERROR", "CLIENT_ERROR",
                        "Workload failed, see run output for details");
            }
        }

        @Override
        public void couldNotStart(String problem) {
            synchronized (WorkspaceState.this) {
                FakeRun run = runs.get(runId);
                if (run == null || !run.active()) {
                    return;
                }
                run.error = problem;
                end(run, "TERMINATED", "FAILED", problem, "RESOURCE_NOT_FOUND", "CLIENT_ERROR", problem);
            }
        }

        @Override
        public void outcome(String outcome) {
            synchronized (WorkspaceState.this) {
                localRuns.put(runId, outcome);
                FakeRun run = runs.get(runId);
                if (run != null && run.localRun != null && !run.active() && run.logs.isEmpty()) {
                    run.logs = run.localRun.driverOutput();
                }
            }
        }
    }

    /** Kills every local run; the state answers nothing any more. */
    @Override
    public void close() {
        LocalSparkRunner local;
        synchronized (this) {
            closed = true;
            local = runner.orElse(null);
        }
        if (local != null) {
            local.close();
        }
    }

    private static String titleCase(String state) {
        return state.charAt(0) + state.substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
