package io.sparkplane.testkit.gcp;

import static java.util.Objects.requireNonNull;

import com.google.cloud.dataproc.v1.Batch;
import com.google.cloud.dataproc.v1.BatchOperationMetadata;
import com.google.cloud.dataproc.v1.Cluster;
import com.google.cloud.dataproc.v1.ClusterOperationMetadata;
import com.google.cloud.dataproc.v1.ClusterOperationStatus;
import com.google.cloud.dataproc.v1.ClusterStatus;
import com.google.cloud.dataproc.v1.Job;
import com.google.cloud.dataproc.v1.JobStatus;
import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.Status;
import io.sparkplane.testkit.localspark.FakeLog;
import io.sparkplane.testkit.localspark.LocalRun;
import io.sparkplane.testkit.localspark.LocalSparkRunner;
import io.sparkplane.testkit.localspark.RunHooks;
import io.sparkplane.testkit.localspark.SparkWork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Everything the fake knows, behind one lock (this object's monitor): clusters, jobs, batches and
 * their operations, keyed by full resource name, and the transitions between their states. The
 * services validate requests and call in here; timed transitions run on one scheduler thread and
 * re-check the state they expect first, since an API call or a test may have moved it meanwhile.
 */
final class DataprocState implements AutoCloseable {

    /** How long a job stays PENDING, then SETUP_DONE, and each cancel step takes. */
    static final Duration JOB_STEP = Duration.ofMillis(100);
    /** How long a batch stays PENDING. */
    static final Duration BATCH_START = Duration.ofMillis(200);

    final FakeLog log;
    /** Empty: state only, jobs and batches stay RUNNING until a test ends them. */
    private final Optional<LocalSparkRunner> runner;
    private final ScheduledExecutorService scheduler;

    private Duration clusterStartDelay = Duration.ofMillis(300);
    private Duration clusterDeleteDelay = Duration.ofMillis(200);

    /** By full name, so a project's and region's clusters list alphabetically, as ListClusters documents. */
    final Map<String, Cluster> clusters = new TreeMap<>();
    /** Cluster full name -> the name of its operation not done yet (create, update or delete; one at a time). */
    final Map<String, String> clusterOperations = new HashMap<>();
    final Map<String, Job> jobs = new LinkedHashMap<>();
    final Map<String, Batch> batches = new LinkedHashMap<>();
    final Map<String, Operation> operations = new LinkedHashMap<>();
    /** "Method|parent|requestId" -> the operation name (clusters, batches) or job name it created. */
    final Map<String, String> requestIds = new HashMap<>();
    final List<String> deletedClusters = new ArrayList<>();
    final List<String> deletedBatches = new ArrayList<>();
    final Map<String, List<Integer>> secondaryWorkerCounts = new LinkedHashMap<>();
    /** Job or batch full name -> its local run (run mode). */
    private final Map<String, LocalRun> runs = new HashMap<>();
    /** Job id or batch id -> where its local run is. */
    private final Map<String, String> localRuns = new LinkedHashMap<>();
    private boolean closed;

    DataprocState(FakeLog log, Optional<LocalSparkRunner> runner) {
        this.log = requireNonNull(log, "log is null");
        this.runner = requireNonNull(runner, "runner is null");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fake-dataproc-transitions");
            thread.setDaemon(true);
            return thread;
        });
    }

    // --- time

    synchronized Duration clusterStartDelay() {
        return clusterStartDelay;
    }

    synchronized void clusterStartDelay(Duration delay) {
        this.clusterStartDelay = checkDelay(delay);
    }

    synchronized Duration clusterDeleteDelay() {
        return clusterDeleteDelay;
    }

    synchronized void clusterDeleteDelay(Duration delay) {
        this.clusterDeleteDelay = checkDelay(delay);
    }

    private static Duration checkDelay(Duration delay) {
        requireNonNull(delay, "delay is null");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a delay must not be negative, not " + delay);
        }
        return delay;
    }

    /** Runs {@code action} under the lock after {@code delay}, unless the fake closed meanwhile. */
    synchronized void later(Duration delay, Runnable action) {
        if (closed) {
            return;
        }
        scheduler.schedule(() -> {
            synchronized (this) {
                if (closed) {
                    return;
                }
                try {
                    action.run();
                } catch (RuntimeException e) {
                    log.log("a timed transition failed: " + e);
                }
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    // --- clusters

    synchronized Cluster moveCluster(String key, ClusterStatus.State state, String detail) {
        Cluster cluster = requireNonNull(clusters.get(key), key);
        Cluster moved = cluster.toBuilder()
                .addStatusHistory(cluster.getStatus())
                .setStatus(ClusterStatus.newBuilder().setState(state).setDetail(detail).setStateStartTime(Rpc.now()))
                .build();
        clusters.put(key, moved);
        log.log(key + ": " + cluster.getStatus().getState() + " -> " + state + (detail.isEmpty() ? "" : " (" + detail + ")"));
        return moved;
    }

    /** Starts a cluster's operation: RUNNING, not done, ClusterOperationMetadata as Dataproc fills it. */
    synchronized Operation startClusterOperation(String parent, String clusterKey, Cluster cluster, String type, String description) {
        String name = parent + "/operations/" + UUID.randomUUID();
        ClusterOperationMetadata metadata = ClusterOperationMetadata.newBuilder()
                .setClusterName(cluster.getClusterName())
                .setClusterUuid(cluster.getClusterUuid())
                .addStatusHistory(operationStatus(ClusterOperationStatus.State.PENDING))
                .setStatus(operationStatus(ClusterOperationStatus.State.RUNNING))
                .setOperationType(type)
                .setDescription(description)
                .putAllLabels(cluster.getLabelsMap())
                .build();
        Operation operation = Operation.newBuilder().setName(name).setMetadata(Any.pack(metadata)).setDone(false).build();
        operations.put(name, operation);
        clusterOperations.put(clusterKey, name);
        log.log(name + ": " + type + " " + clusterKey);
        return operation;
    }

    /** Ends the cluster's pending operation, if any, with {@code response} or, when not null, {@code error}. */
    synchronized void finishClusterOperation(String clusterKey, Message response, com.google.rpc.Status error) {
        String name = clusterOperations.remove(clusterKey);
        Operation operation = name == null ? null : operations.get(name);
        if (operation == null || operation.getDone()) {
            return; // none, or deleted with DeleteOperation
        }
        ClusterOperationMetadata metadata = unpack(operation.getMetadata(), ClusterOperationMetadata.class);
        ClusterOperationMetadata done = metadata.toBuilder()
                .addStatusHistory(metadata.getStatus())
                .setStatus(operationStatus(ClusterOperationStatus.State.DONE))
                .build();
        Operation.Builder finished = operation.toBuilder().setMetadata(Any.pack(done)).setDone(true);
        if (error != null) {
            finished.setError(error);
        } else {
            finished.setResponse(Any.pack(response));
        }
        operations.put(name, finished.build());
        log.log(name + ": done" + (error == null ? "" : " with error " + Status.fromCodeValue(error.getCode()).getCode() + ": " + error.getMessage()));
    }

    private static ClusterOperationStatus operationStatus(ClusterOperationStatus.State state) {
        return ClusterOperationStatus.newBuilder().setState(state).setInnerState(state.name()).setStateStartTime(Rpc.now()).build();
    }

    /** The cluster goes at once: its jobs end ERROR (their local runs killed), its pending operation fails. */
    synchronized void removeCluster(String key, String why) {
        Cluster cluster = clusters.remove(key);
        if (cluster == null) {
            return;
        }
        endJobsOnCluster(cluster.getClusterUuid(), why);
        String pending = clusterOperations.get(key);
        if (pending != null && operations.containsKey(pending)
                && unpack(operations.get(pending).getMetadata(), ClusterOperationMetadata.class).getOperationType().equals("DELETE")) {
            finishClusterOperation(key, com.google.protobuf.Empty.getDefaultInstance(), null);
        } else {
            finishClusterOperation(key, null, Rpc.error(Status.Code.ABORTED, "Cluster " + key + " was deleted: " + why));
        }
        log.log(key + ": gone (" + why + ")");
    }

    /** Jobs still active on a cluster that goes: ERROR, and their local runs killed. */
    synchronized void endJobsOnCluster(String clusterUuid, String details) {
        for (Map.Entry<String, Job> entry : List.copyOf(jobs.entrySet())) {
            Job job = entry.getValue();
            if (job.getPlacement().getClusterUuid().equals(clusterUuid) && !isTerminal(job.getStatus().getState())) {
                moveJob(entry.getKey(), JobStatus.State.ERROR, details);
            }
        }
    }

    /**
     * A test's move of a cluster: a pending create or update ends with it, done at RUNNING, failed at
     * ERROR or ERROR_DUE_TO_UPDATE (the detail as its message), as the service ends them.
     */
    synchronized void setClusterState(String key, ClusterStatus.State state, String detail) {
        Cluster moved = moveCluster(key, state, detail);
        String pending = clusterOperations.get(key);
        if (pending == null || !operations.containsKey(pending)) {
            return;
        }
        String type = unpack(operations.get(pending).getMetadata(), ClusterOperationMetadata.class).getOperationType();
        if (type.equals("DELETE")) {
            return;
        }
        if (state == ClusterStatus.State.RUNNING) {
            finishClusterOperation(key, moved, null);
        } else if (state == ClusterStatus.State.ERROR || state == ClusterStatus.State.ERROR_DUE_TO_UPDATE) {
            finishClusterOperation(key, null, Rpc.error(Status.Code.INTERNAL, detail.isEmpty() ? "Cluster " + key + " is in state " + state : detail));
        }
    }

    // --- jobs

    static boolean isTerminal(JobStatus.State state) {
        return state == JobStatus.State.DONE || state == JobStatus.State.ERROR || state == JobStatus.State.CANCELLED;
    }

    synchronized boolean jobIs(String key, JobStatus.State state) {
        Job job = jobs.get(key);
        return job != null && job.getStatus().getState() == state;
    }

    /** A job's next status, the current one kept in its history; at a terminal state its local run is killed. */
    synchronized void moveJob(String key, JobStatus.State state, String details) {
        Job job = requireNonNull(jobs.get(key), key);
        Job moved = job.toBuilder()
                .addStatusHistory(job.getStatus())
                .setStatus(JobStatus.newBuilder().setState(state).setDetails(details).setStateStartTime(Rpc.now()))
                .setDone(isTerminal(state))
                .build();
        jobs.put(key, moved);
        log.log(key + ": " + job.getStatus().getState() + " -> " + state + (details.isEmpty() ? "" : " (" + details + ")"));
        if (isTerminal(state) && runs.containsKey(key)) {
            runs.get(key).requestKill();
        }
    }

    /** PENDING, SETUP_DONE, then RUNNING: by the clock (state only), or when its local spark-submit starts. */
    synchronized void scheduleJob(String key) {
        later(JOB_STEP, () -> {
            if (!jobIs(key, JobStatus.State.PENDING)) {
                return;
            }
            moveJob(key, JobStatus.State.SETUP_DONE, "");
            if (runner.isEmpty()) {
                later(JOB_STEP, () -> {
                    if (jobIs(key, JobStatus.State.SETUP_DONE)) {
                        moveJob(key, JobStatus.State.RUNNING, "");
                    }
                });
            } else {
                runJob(key, runner.get());
            }
        });
    }

    private void runJob(String key, LocalSparkRunner localRunner) {
        Job job = jobs.get(key);
        String id = job.getReference().getJobId();
        Optional<SparkWork> work = DataprocWork.of(job);
        if (work.isEmpty()) {
            String problem = "the fake runs Spark and PySpark jobs only, not " + job.getTypeJobCase();
            localRuns.put(id, "not run: " + problem);
            moveJob(key, JobStatus.State.ERROR, problem);
            return;
        }
        String output = job.getDriverOutputResourceUri() + DataprocWork.FIRST_OUTPUT_PART;
        runs.put(key, localRunner.start(work.get(), new RunHooks() {
            @Override
            public boolean begin() {
                synchronized (DataprocState.this) {
                    if (!jobIs(key, JobStatus.State.SETUP_DONE)) {
                        return false;
                    }
                    moveJob(key, JobStatus.State.RUNNING, "");
                    return true;
                }
            }

            @Override
            public void exited(int exitCode, String lastException) {
                synchronized (DataprocState.this) {
                    if (!jobIs(key, JobStatus.State.RUNNING)) {
                        log.log(key + ": its driver exited with " + exitCode + " after the job left RUNNING: its state left as it is");
                    } else if (exitCode == 0) {
                        moveJob(key, JobStatus.State.DONE, "");
                    } else {
                        moveJob(key, JobStatus.State.ERROR, failure(exitCode, lastException, output));
                    }
                }
            }

            @Override
            public void couldNotStart(String problem) {
                synchronized (DataprocState.this) {
                    if (jobIs(key, JobStatus.State.SETUP_DONE) || jobIs(key, JobStatus.State.RUNNING)) {
                        moveJob(key, JobStatus.State.ERROR, "Job failed with message [" + problem + "]. Additional details can be found at: " + output);
                    }
                }
            }

            @Override
            public void outcome(String outcome) {
                synchronized (DataprocState.this) {
                    localRuns.put(id, outcome);
                }
            }
        }));
    }

    /** Dataproc's kind of wording, naming the exit code, the last exception and where the output is. */
    private static String failure(int exitCode, String lastException, String output) {
        return "Job failed with message [" + (lastException == null ? "Driver exited with code " + exitCode : lastException)
                + "]. Driver exited with code " + exitCode + ". Additional details can be found at: " + output;
    }

    /** CANCEL_PENDING now, CANCEL_STARTED a moment later (its local run killed), CANCELLED once nothing of it runs. */
    synchronized Job cancelJob(String key) {
        Job job = jobs.get(key);
        JobStatus.State state = job.getStatus().getState();
        if (isTerminal(state)) {
            throw Rpc.failedPrecondition("Cannot cancel jobId '" + job.getReference().getJobId() + "' in projectId '"
                    + job.getReference().getProjectId() + "': job is in state " + state);
        }
        if (state == JobStatus.State.CANCEL_PENDING || state == JobStatus.State.CANCEL_STARTED) {
            return job;
        }
        moveJob(key, JobStatus.State.CANCEL_PENDING, "");
        later(JOB_STEP, () -> {
            if (!jobIs(key, JobStatus.State.CANCEL_PENDING)) {
                return;
            }
            moveJob(key, JobStatus.State.CANCEL_STARTED, "");
            Runnable cancelled = () -> {
                if (jobIs(key, JobStatus.State.CANCEL_STARTED)) {
                    moveJob(key, JobStatus.State.CANCELLED, "");
                }
            };
            LocalRun run = runs.get(key);
            if (run != null && !run.ended().isDone()) {
                run.requestKill();
                run.ended().thenRun(() -> later(Duration.ZERO, cancelled));
            } else {
                later(JOB_STEP, cancelled);
            }
        });
        return jobs.get(key);
    }

    // --- batches

    static boolean isTerminal(Batch.State state) {
        return state == Batch.State.SUCCEEDED || state == Batch.State.FAILED || state == Batch.State.CANCELLED;
    }

    synchronized boolean batchIs(String name, Batch.State state) {
        Batch batch = batches.get(name);
        return batch != null && batch.getState() == state;
    }

    /** A batch's next state, the current one kept in its history; at a terminal state its operation is done and its local run killed. */
    synchronized void moveBatch(String name, Batch.State state, String message) {
        Batch batch = requireNonNull(batches.get(name), name);
        Batch moved = batch.toBuilder()
                .addStateHistory(Batch.StateHistory.newBuilder()
                        .setState(batch.getState())
                        .setStateMessage(batch.getStateMessage())
                        .setStateStartTime(batch.getStateTime()))
                .setState(state)
                .setStateMessage(message)
                .setStateTime(Rpc.now())
                .build();
        batches.put(name, moved);
        log.log(name + ": " + batch.getState() + " -> " + state + (message.isEmpty() ? "" : " (" + message + ")"));
        if (isTerminal(state)) {
            finishBatchOperation(moved);
            if (runs.containsKey(name)) {
                runs.get(name).requestKill();
            }
        }
    }

    /**
     * A terminal batch's operation is done: the Batch as its response when it SUCCEEDED or was
     * CANCELLED, an error with its state message when it FAILED.
     */
    private void finishBatchOperation(Batch batch) {
        Operation operation = operations.get(batch.getOperation());
        if (operation == null || operation.getDone()) {
            return;
        }
        BatchOperationMetadata metadata = unpack(operation.getMetadata(), BatchOperationMetadata.class);
        Operation.Builder finished = operation.toBuilder()
                .setMetadata(Any.pack(metadata.toBuilder().setDoneTime(Rpc.now()).build()))
                .setDone(true);
        if (batch.getState() == Batch.State.FAILED) {
            finished.setError(Rpc.error(Status.Code.INTERNAL, batch.getStateMessage().isEmpty()
                    ? "Batch " + batch.getName() + " failed" : batch.getStateMessage()));
        } else {
            finished.setResponse(Any.pack(batch));
        }
        operations.put(operation.getName(), finished.build());
        log.log(operation.getName() + ": done, batch " + batch.getState());
    }

    /** PENDING, then RUNNING: by the clock (state only), or when its local spark-submit starts. */
    synchronized void scheduleBatch(String name) {
        later(BATCH_START, () -> {
            if (!batchIs(name, Batch.State.PENDING)) {
                return;
            }
            if (runner.isEmpty()) {
                moveBatch(name, Batch.State.RUNNING, "");
            } else {
                runBatch(name, runner.get());
            }
        });
    }

    private void runBatch(String name, LocalSparkRunner localRunner) {
        Batch batch = batches.get(name);
        String id = ResourceRules.lastSegment(name);
        Optional<SparkWork> work = DataprocWork.of(batch);
        if (work.isEmpty()) {
            String problem = "the fake runs Spark and PySpark batches only, not " + batch.getBatchConfigCase();
            localRuns.put(id, "not run: " + problem);
            moveBatch(name, Batch.State.FAILED, problem);
            return;
        }
        String output = batch.getRuntimeInfo().getOutputUri() + DataprocWork.FIRST_OUTPUT_PART;
        runs.put(name, localRunner.start(work.get(), new RunHooks() {
            @Override
            public boolean begin() {
                synchronized (DataprocState.this) {
                    if (!batchIs(name, Batch.State.PENDING)) {
                        return false;
                    }
                    moveBatch(name, Batch.State.RUNNING, "");
                    return true;
                }
            }

            @Override
            public void exited(int exitCode, String lastException) {
                synchronized (DataprocState.this) {
                    if (!batchIs(name, Batch.State.RUNNING)) {
                        log.log(name + ": its driver exited with " + exitCode + " after the batch left RUNNING: its state left as it is");
                    } else if (exitCode == 0) {
                        moveBatch(name, Batch.State.SUCCEEDED, "");
                    } else {
                        moveBatch(name, Batch.State.FAILED, failure(exitCode, lastException, output));
                    }
                }
            }

            @Override
            public void couldNotStart(String problem) {
                synchronized (DataprocState.this) {
                    if (batchIs(name, Batch.State.PENDING) || batchIs(name, Batch.State.RUNNING)) {
                        moveBatch(name, Batch.State.FAILED, "Job failed with message [" + problem + "]. Additional details can be found at: " + output);
                    }
                }
            }

            @Override
            public void outcome(String outcome) {
                synchronized (DataprocState.this) {
                    localRuns.put(id, outcome);
                }
            }
        }));
    }

    /** CANCELLING now, CANCELLED once nothing of it runs (its local run killed). */
    synchronized void cancelBatch(String name) {
        Batch batch = batches.get(name);
        if (isTerminal(batch.getState())) {
            throw Rpc.failedPrecondition("Cannot cancel batch " + name + ": it is in state " + batch.getState());
        }
        if (batch.getState() == Batch.State.CANCELLING) {
            return;
        }
        moveBatch(name, Batch.State.CANCELLING, "");
        Runnable cancelled = () -> {
            if (batchIs(name, Batch.State.CANCELLING)) {
                moveBatch(name, Batch.State.CANCELLED, "");
            }
        };
        LocalRun run = runs.get(name);
        if (run != null && !run.ended().isDone()) {
            run.requestKill();
            run.ended().thenRun(() -> later(Duration.ZERO, cancelled));
        } else {
            later(JOB_STEP, cancelled);
        }
    }

    // --- what tests read

    synchronized Map<String, String> localRuns() {
        return Map.copyOf(localRuns);
    }

    /** The full name of the first resource in {@code resources} whose last segment is {@code id}, in any project and region. */
    static Optional<String> findByLastSegment(Map<String, ?> resources, String id) {
        return resources.keySet().stream().filter(name -> ResourceRules.lastSegment(name).equals(id)).findFirst();
    }

    static <T extends Message> T unpack(Any any, Class<T> type) {
        try {
            return any.unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the fake stored a " + any.getTypeUrl() + " where a " + type.getSimpleName() + " belongs", e);
        }
    }

    /** Stops the clock and every local run (their process trees killed): nothing of the fake outlives it. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        scheduler.shutdownNow();
        runner.ifPresent(LocalSparkRunner::close);
    }
}
