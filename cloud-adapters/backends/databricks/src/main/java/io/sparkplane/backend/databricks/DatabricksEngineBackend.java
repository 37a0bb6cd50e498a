package io.sparkplane.backend.databricks;

import static java.util.Objects.requireNonNull;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.service.compute.ResizeCluster;
import com.databricks.sdk.service.jobs.BaseRun;
import com.databricks.sdk.service.jobs.CancelRun;
import com.databricks.sdk.service.jobs.GetRunOutputRequest;
import com.databricks.sdk.service.jobs.GetRunRequest;
import com.databricks.sdk.service.jobs.ListRunsRequest;
import com.databricks.sdk.service.jobs.Run;
import com.databricks.sdk.service.jobs.RunLifeCycleState;
import com.databricks.sdk.service.jobs.RunOutput;
import com.databricks.sdk.service.jobs.RunTask;
import com.databricks.sdk.service.jobs.RunType;
import io.sparkplane.backend.databricks.SubmitRunRequest.WorkerBounds;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import io.sparkplane.spi.engine.DriverOutput;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.JobHosting;
import io.sparkplane.spi.settings.SettingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code databricks} backend: an attempt is one Databricks one-time run (jobs/runs/submit) of
 * one task on a new job cluster, which Databricks starts, runs spark-submit on itself ({@link
 * JobHosting#SERVICE}) from the inputs the control plane staged, and terminates with the run.
 *
 * <p>Provision submits and returns once Databricks has the run; nothing waits on its cluster. The
 * submit's idempotency token is derived from the cluster's name ({@link SubmitRunRequest}), so a
 * submit repeated after a crash answers the run the first one made. A submit whose answer was lost
 * (no answer, a 5xx, retries run out) is sent once more with the same token, which finds the run if
 * the first one made it; one that fails again cancels whatever run of the name it may have made.
 *
 * <p>Describe reads runs/get (reused for {@code status-poll-interval}) through {@link RunStates}; a
 * failed task's error line comes from runs/get-output, read once. Resize, for a fixed-size profile,
 * is clusters/resize of the run's job cluster once it runs; an autoscaling profile's clusters are
 * sized by Databricks within the run's bounds, and resize calls nothing. Terminate is runs/cancel, not
 * waited on (Databricks ends the run and its cluster by itself), and no call for a run seen ended.
 * The driver's output is runs/get-output's {@code logs} of the run's task, which Databricks keeps for
 * 60 days, cancelled runs' too: no copy is kept here.
 */
public final class DatabricksEngineBackend implements EngineBackend {

    /** The Databricks run's id, which every call about the attempt names. */
    static final String RUN_ID = "runId";
    static final String MIN_WORKERS = "minWorkers";
    static final String MAX_WORKERS = "maxWorkers";
    /** The job cluster's first worker count (a fixed-size profile's {@code num_workers}). */
    static final String WORKERS = "workers";
    /** The run's page in the workspace's UI, as the topology's endpoint. */
    static final String RUN_PAGE = "runPage";
    /** runs/list takes at most 25 runs a page. */
    private static final long RUNS_PER_PAGE = 25;
    /** Runs whose last look, asked size and error line are kept: far more than run at once, bounded all the same. */
    private static final int REMEMBERED_RUNS = 10_000;
    private static final System.Logger LOG = System.getLogger(DatabricksEngineBackend.class.getName());

    private final String name;
    private final DatabricksConfiguration configuration;
    private final WorkspaceClient client;
    private final Clock clock;
    /** The Apache Spark of the profile's runtime, once the start-up check read it; empty: not known, not checked. */
    private volatile Optional<String> apacheSpark = Optional.empty();
    /** The last look at each run, by run id, reused for the poll interval; empty: Databricks has no such run. */
    private final Map<Long, Observed> observations = remembered();
    /** The worker count clusters/resize was last asked for, by run id: the same count is not asked again. */
    private final Map<Long, Integer> askedWorkers = remembered();
    /** Runs whose job cluster Databricks refused to resize for good: asked no more. */
    private final Map<Long, Boolean> resizeRefused = remembered();
    /** A failed task's error line from runs/get-output, by run id, read once. */
    private final Map<Long, String> taskErrors = remembered();

    private record Observed(Instant at, Optional<Run> run) {}

    /** A backend on the SDK's workspace client (whose HTTP client has no close of its own). */
    DatabricksEngineBackend(String name, DatabricksConfiguration configuration, WorkspaceClient client, Clock clock) {
        this.name = requireNonNull(name, "name is null");
        this.configuration = requireNonNull(configuration, "configuration is null");
        this.client = requireNonNull(client, "client is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The start-up check ({@link WorkspaceCheck}); it learns the runtime's Apache Spark version, which runs are checked against. */
    void checkWorkspace(String settingsPrefix) {
        apacheSpark = WorkspaceCheck.check(client, configuration, settingsPrefix);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public JobHosting hosting() {
        return JobHosting.SERVICE;
    }

    @Override
    public ClusterRef provision(ClusterSpec spec) {
        SubmitRunRequest request;
        try {
            request = SubmitRunRequest.of(spec, name, configuration);
        } catch (IllegalArgumentException e) {
            throw new EngineBackendException(e.getMessage(), e);
        }
        checkSparkVersion(spec.sparkVersion());
        long runId;
        try {
            runId = submit(request);
        } catch (SettingException e) {
            // the token's secret reference cannot be read (a file gone, a variable unset): the run's user reads why
            throw new EngineBackendException("engine profile " + name + " cannot read its Databricks credentials: " + e.getMessage(), e);
        }
        observations.remove(runId);
        return clusterRef(spec.clusterName(), runId, WorkerBounds.of(spec.resources(), spec.initialWorkers()));
    }

    /**
     * The run's id: from the submit, or, when its answer was lost, from the same submit sent once
     * more (its idempotency token finds the run the first made). A refusal (4xx) made nothing.
     */
    private long submit(SubmitRunRequest request) {
        try {
            return submitOnce(request);
        } catch (DatabricksException first) {
            if (!DatabricksErrors.mayHaveTakenEffect(first)) {
                throw DatabricksErrors.failure("Databricks refused run " + request.runName(), first);
            }
            LOG.log(System.Logger.Level.WARNING, "databricks profile {0}: the submit of run {1} got no answer ({2}); submitting it again with its"
                    + " idempotency token", name, request.runName(), DatabricksErrors.describe(first));
            try {
                return submitOnce(request);
            } catch (DatabricksException again) {
                cancelStray(request);
                throw DatabricksErrors.failure("Databricks did not take run " + request.runName(), again);
            }
        }
    }

    private long submitOnce(SubmitRunRequest request) {
        Long runId = client.jobs().submit(request.submitRun()).getResponse().getRunId();
        if (runId == null) {
            throw new EngineBackendException("Databricks answered the submit of run " + request.runName() + " without a run id");
        }
        LOG.log(System.Logger.Level.INFO, "databricks profile {0}: submitted run {1} as Databricks run {2,number,#}", name, request.runName(), runId);
        return runId;
    }

    /**
     * After a submit that failed for good: a call whose answer was lost may have made the run all the
     * same, which must not run on unwatched. Found by its name among the active runs, and ours by its
     * tags. Best effort; the failed submit is what the caller hears of.
     */
    private void cancelStray(SubmitRunRequest request) {
        try {
            for (BaseRun run : activeRuns()) {
                if (request.runName().equals(run.getRunName()) && ours(run)) {
                    client.jobs().cancelRun(new CancelRun().setRunId(run.getRunId()));
                    LOG.log(System.Logger.Level.WARNING, "databricks profile {0}: cancelled Databricks run {1,number,#} ({2}), made by a submit"
                            + " that failed", name, run.getRunId(), request.runName());
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "databricks profile {0}: could not look for a run {1} left by a failed submit: {2}", name,
                    request.runName(), DatabricksErrors.describe(e));
        }
    }

    private void checkSparkVersion(String wanted) {
        apacheSpark.ifPresent(provided -> {
            if (!wanted.isEmpty() && !(provided.equals(wanted) || provided.startsWith(wanted + "."))) {
                throw new EngineBackendException("engine profile " + name + " runs Databricks Runtime " + configuration.sparkVersion() + " (Apache Spark "
                        + provided + "); the run asks for Spark " + wanted);
            }
        });
    }

    /** What finds the run again, and the worker bounds its cluster was given (for {@link #resize}). */
    private ClusterRef clusterRef(String clusterName, long runId, WorkerBounds bounds) {
        Map<String, String> attributes = new TreeMap<>();
        attributes.put(RUN_ID, Long.toString(runId));
        attributes.put(MIN_WORKERS, Integer.toString(bounds.min()));
        attributes.put(MAX_WORKERS, Integer.toString(bounds.max()));
        attributes.put(WORKERS, Integer.toString(bounds.initial()));
        return new ClusterRef(name, clusterName, attributes);
    }

    /**
     * A fixed-size profile's job cluster gets the count, within the run's bounds, by clusters/resize,
     * once the run's task runs (before, the cluster is still starting, and takes no resize); a count
     * asked already is not asked again. An autoscaling profile's cluster is Databricks' to size: no call.
     */
    @Override
    public ClusterTopology resize(ClusterRef cluster, int workers) {
        long runId = runId(cluster);
        WorkerBounds bounds = bounds(cluster);
        int target = bounds.bounded(workers);
        if (configuration.autoscale()) {
            return new ClusterTopology(target, 0, 0, Map.of(), List.of());
        }
        int current = askedWorkers.getOrDefault(runId, count(cluster, WORKERS, bounds.initial()));
        if (target == askedWorkers.getOrDefault(runId, -1) || resizeRefused.containsKey(runId)) {
            return topology(current, lastSeen(runId));
        }
        Optional<Run> run = observe(runId, false);
        if (run.isEmpty()) {
            return topology(current, run);
        }
        Optional<String> clusterId = task(run.get()).map(RunTask::getClusterInstance).map(instance -> instance.getClusterId());
        RunLifeCycleState life = run.get().getState() == null ? null : run.get().getState().getLifeCycleState();
        if (life != RunLifeCycleState.RUNNING || clusterId.isEmpty()) {
            return topology(current, run);
        }
        try {
            client.clusters().resize(new ResizeCluster().setClusterId(clusterId.get()).setNumWorkers((long) target));
        } catch (DatabricksException e) {
            if (DatabricksErrors.invalidState(e) || DatabricksErrors.notFound(e)) {
                // resizing already, or ending: the next pass asks again, or finds the run ended
                return topology(current, run);
            }
            int status = DatabricksErrors.status(e);
            if (status >= 400 && status < 500 && status != 429) {
                // refused for good (no permission, or a job cluster Databricks will not resize): asked no more for this run
                resizeRefused.put(runId, true);
                LOG.log(System.Logger.Level.WARNING, "databricks profile {0}: job cluster {1} of run {2} cannot be resized, its size stays {3}: {4}",
                        name, clusterId.get(), cluster.clusterName(), current, DatabricksErrors.describe(e));
                return topology(current, run);
            }
            throw DatabricksErrors.failure("cannot resize job cluster " + clusterId.get() + " of Databricks run " + runId, e);
        }
        askedWorkers.put(runId, target);
        LOG.log(System.Logger.Level.INFO, "databricks profile {0}: resized job cluster {1} of run {2} to {3} workers", name, clusterId.get(),
                cluster.clusterName(), target);
        return topology(target, run);
    }

    @Override
    public ClusterStatus describe(ClusterRef cluster) {
        long runId = runId(cluster);
        Optional<Run> found = observe(runId, false);
        if (found.isEmpty()) {
            return new ClusterStatus.Gone("Databricks run " + runId + " no longer exists");
        }
        Run run = found.get();
        String error = null;
        if (run.getState() != null && RunStates.ended(run.getState().getLifeCycleState()) && RunStates.taskFailed(run.getState(), run.getStatus())) {
            error = taskError(runId, run).orElse(null);
        }
        int workers = askedWorkers.getOrDefault(runId, count(cluster, WORKERS, 0));
        return RunStates.status(run.getState(), run.getStatus(), error, topology(workers, found));
    }

    /** Cancels the run unless it was seen ended (an ended run holds no cluster); Databricks ends it and its cluster by itself. */
    @Override
    public void terminate(ClusterRef cluster) {
        long runId = runId(cluster);
        Observed seen = observations.get(runId);
        if (seen != null && seen.run().isPresent() && seen.run().get().getState() != null
                && RunStates.ended(seen.run().get().getState().getLifeCycleState())) {
            return;
        }
        try {
            client.jobs().cancelRun(new CancelRun().setRunId(runId));
        } catch (DatabricksException e) {
            // gone, or ended meanwhile: nothing is left to cancel
            if (!DatabricksErrors.notFound(e) && !DatabricksErrors.invalidState(e)) {
                throw DatabricksErrors.failure("cannot cancel Databricks run " + runId + " (" + cluster.clusterName() + ")", e);
            }
        }
        observations.remove(runId); // a look taken before must not outlive the cancel
        LOG.log(System.Logger.Level.INFO, "databricks profile {0}: cancelling Databricks run {1,number,#} ({2})", name, runId, cluster.clusterName());
    }

    /**
     * The driver's output as runs/get-output hands it over for the run's task: its {@code logs} (the
     * last 5 MB Databricks keeps), and a failed task's error and trace. Empty once the run is gone.
     */
    /**
     * Whether the run's life cycle has ended: a cancelled or timed-out run is cancelled without
     * waiting, and its task's output is whole only once Databricks has stopped it. A run that is gone
     * has nothing more to write.
     */
    @Override
    public boolean driverLogComplete(ClusterRef cluster) {
        Optional<Run> run = observe(runId(cluster), false);
        return run.isEmpty() || run.get().getState() == null || RunStates.ended(run.get().getState().getLifeCycleState());
    }

    @Override
    public Optional<DriverOutput> driverOutput(ClusterRef cluster) {
        long runId = runId(cluster);
        Optional<Run> run = observe(runId, false);
        Optional<Long> taskRunId = run.flatMap(DatabricksEngineBackend::task).map(RunTask::getRunId);
        if (taskRunId.isEmpty()) {
            return Optional.empty();
        }
        RunOutput output;
        try {
            output = client.jobs().getRunOutput(new GetRunOutputRequest().setRunId(taskRunId.get()));
        } catch (DatabricksException e) {
            if (DatabricksErrors.notFound(e)) {
                return Optional.empty();
            }
            throw DatabricksErrors.failure("cannot read the output of Databricks run " + runId, e);
        }
        return Optional.of(new DriverOutput("Databricks run " + runId + "'s task " + SubmitRunRequest.TASK_KEY + " (task run " + taskRunId.get() + ")",
                text(output)));
    }

    /** The output's logs, then a failed task's error and trace, each said where it starts. */
    static String text(RunOutput output) {
        StringBuilder text = new StringBuilder(output.getLogs() == null ? "" : output.getLogs());
        if (Boolean.TRUE.equals(output.getLogsTruncated())) {
            text.insert(0, "[Databricks keeps the last 5 MB of a task's output: the start is cut]\n");
        }
        if (output.getError() != null && !output.getError().isBlank()) {
            newline(text).append("[the task's error] ").append(output.getError()).append('\n');
        }
        if (output.getErrorTrace() != null && !output.getErrorTrace().isBlank()) {
            newline(text).append("[the task's error trace]\n").append(output.getErrorTrace()).append('\n');
        }
        return text.toString();
    }

    private static StringBuilder newline(StringBuilder text) {
        if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
            text.append('\n');
        }
        return text;
    }

    /**
     * The profile's runs that have not ended: Databricks' active one-time runs (runs/list, every
     * page) whose job cluster carries Sparkplane's tags for this profile. An ended run holds no
     * cluster, so it is not listed.
     */
    @Override
    public List<ClusterRef> liveClusters() {
        List<ClusterRef> live = new ArrayList<>();
        try {
            for (BaseRun run : activeRuns()) {
                if (ours(run) && run.getRunName() != null && run.getRunId() != null) {
                    live.add(new ClusterRef(name, run.getRunName(), Map.of(RUN_ID, Long.toString(run.getRunId()))));
                }
            }
        } catch (DatabricksException e) {
            throw DatabricksErrors.failure("cannot list the Databricks runs of engine profile " + name + " in " + configuration.workspaceUrl(), e);
        }
        return live;
    }

    private Iterable<BaseRun> activeRuns() {
        return client.jobs().listRuns(new ListRunsRequest().setActiveOnly(true).setRunType(RunType.SUBMIT_RUN).setExpandTasks(true)
                .setLimit(RUNS_PER_PAGE));
    }

    /** Whether a listed run's job cluster has Sparkplane's tags of this profile. */
    private boolean ours(BaseRun run) {
        Collection<RunTask> tasks = run.getTasks();
        if (tasks == null) {
            return false;
        }
        for (RunTask task : tasks) {
            Map<String, String> tags = task.getNewCluster() == null || task.getNewCluster().getCustomTags() == null ? Map.of()
                    : task.getNewCluster().getCustomTags();
            if (SubmitRunRequest.MANAGED_BY.equals(tags.get(SubmitRunRequest.TAG_MANAGED_BY)) && name.equals(tags.get(SubmitRunRequest.TAG_PROFILE))) {
                return true;
            }
        }
        return false;
    }

    /** The run as Databricks sees it now, or as it saw it within the poll interval unless {@code fresh}; an ended run's last look is kept. */
    private Optional<Run> observe(long runId, boolean fresh) {
        Instant now = clock.instant();
        Observed cached = observations.get(runId);
        if (!fresh && cached != null && (ended(cached) || Duration.between(cached.at(), now).compareTo(configuration.statusPollInterval()) < 0)) {
            return cached.run();
        }
        Optional<Run> run;
        try {
            run = Optional.of(client.jobs().getRun(new GetRunRequest().setRunId(runId)));
        } catch (DatabricksException e) {
            if (!DatabricksErrors.notFound(e)) {
                throw DatabricksErrors.failure("cannot read Databricks run " + runId, e);
            }
            run = Optional.empty();
        }
        observations.put(runId, new Observed(now, run));
        return run;
    }

    /** The last look at the run, without a call; empty when there was none. */
    private Optional<Run> lastSeen(long runId) {
        Observed seen = observations.get(runId);
        return seen == null ? Optional.empty() : seen.run();
    }

    private static boolean ended(Observed observed) {
        return observed.run().isPresent() && observed.run().get().getState() != null
                && RunStates.ended(observed.run().get().getState().getLifeCycleState());
    }

    /** A failed task's error line (its exception), read once from runs/get-output; empty when it cannot be read. */
    private Optional<String> taskError(long runId, Run run) {
        String known = taskErrors.get(runId);
        if (known != null) {
            return Optional.of(known).filter(error -> !error.isEmpty());
        }
        Optional<Long> taskRunId = task(run).map(RunTask::getRunId);
        if (taskRunId.isEmpty()) {
            return Optional.empty();
        }
        String error;
        try {
            RunOutput output = client.jobs().getRunOutput(new GetRunOutputRequest().setRunId(taskRunId.get()));
            error = output.getError() == null ? "" : output.getError();
        } catch (DatabricksException e) {
            LOG.log(System.Logger.Level.WARNING, "databricks profile {0}: cannot read the error of failed Databricks run {1,number,#}: {2}", name, runId,
                    DatabricksErrors.describe(e));
            return Optional.empty();
        }
        taskErrors.put(runId, error);
        return Optional.of(error).filter(text -> !text.isEmpty());
    }

    /** The run's task: Sparkplane's runs have one, {@value SubmitRunRequest#TASK_KEY}. */
    private static Optional<RunTask> task(Run run) {
        if (run.getTasks() == null) {
            return Optional.empty();
        }
        return run.getTasks().stream().filter(task -> SubmitRunRequest.TASK_KEY.equals(task.getTaskKey())).findFirst()
                .or(() -> run.getTasks().stream().findFirst());
    }

    private static ClusterTopology topology(int workers, Optional<Run> run) {
        Map<String, String> endpoints = new TreeMap<>();
        run.map(Run::getRunPageUrl).filter(url -> !url.isBlank()).ifPresent(url -> endpoints.put(RUN_PAGE, url));
        // Databricks' runs API does not say how many workers are up; the listener's reports carry Spark's own executor count
        return new ClusterTopology(Math.max(0, workers), 0, 0, endpoints, List.of());
    }

    private static long runId(ClusterRef cluster) {
        try {
            return Long.parseLong(cluster.attribute(RUN_ID));
        } catch (NumberFormatException e) {
            throw new EngineBackendException("cluster " + cluster.clusterName() + " names no Databricks run id: " + cluster.attribute(RUN_ID));
        }
    }

    /** The bounds its provision gave; a reference from {@link #liveClusters} has none, and takes any count of at least one. */
    private static WorkerBounds bounds(ClusterRef cluster) {
        int min = count(cluster, MIN_WORKERS, 1);
        int max = count(cluster, MAX_WORKERS, Integer.MAX_VALUE);
        return WorkerBounds.of(new EngineResources(1, 1, 1, 1, min, Math.max(min, max)), count(cluster, WORKERS, min));
    }

    private static int count(ClusterRef cluster, String attribute, int otherwise) {
        String value = cluster.attributes().get(attribute);
        if (value == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static <K, V> Map<K, V> remembered() {
        return Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > REMEMBERED_RUNS;
            }
        });
    }
}
