package io.sparkplane.backend.emrserverless;

import static java.util.Objects.requireNonNull;

import io.sparkplane.backend.emrserverless.EmrServerlessClient.JobRun;
import io.sparkplane.backend.emrserverless.JobRunStates.NativeState;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.engine.JobHosting;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The {@code emr-serverless} backend: an attempt is one EMR Serverless job run, on the profile's
 * application, which runs spark-submit itself ({@link JobHosting#SERVICE}) from the inputs the
 * control plane staged. EMR Serverless sizes the job: the run's executor bounds go in as Spark's
 * dynamic allocation, and {@link #resize} changes nothing.
 *
 * <p>Every call may be repeated after a crash. A provision first looks for a job run of the
 * cluster's name (created in the last {@link #ADOPTION_WINDOW}) and adopts it; a StartJobRun
 * carries a client token derived from the name, so a retried call never starts two. A start that
 * fails cancels whatever of the cluster's name it may have started before it gives up.
 */
public final class EmrServerlessEngineBackend implements EngineBackend {

    static final String APPLICATION_ID = "applicationId";
    static final String JOB_RUN_ID = "jobRunId";
    static final String LOG_URI = "logUri";
    static final String MIN_WORKERS = "minWorkers";
    static final String MAX_WORKERS = "maxWorkers";
    static final String INITIAL_WORKERS = "initialWorkers";
    /**
     * How far back a provision looks for a job run of the cluster's name: an attempt's provision is
     * repeated within its run's deadlines, far sooner, and the client token covers what is older.
     */
    static final Duration ADOPTION_WINDOW = Duration.ofDays(7);
    /** The states of a job run that has not ended. */
    static final Set<String> LIVE_STATES = Arrays.stream(NativeState.values()).filter(state -> !state.terminal()).map(NativeState::name)
            .collect(Collectors.toUnmodifiableSet());
    private static final Duration APPLICATION_WAIT = Duration.ofMinutes(2);
    private static final System.Logger LOG = System.getLogger(EmrServerlessEngineBackend.class.getName());

    private final String name;
    private final EmrServerlessConfiguration configuration;
    private final EmrServerlessClient client;
    private final Applications applications;
    private final Clock clock;
    private final Duration pollInterval;
    private final List<AutoCloseable> owned;
    private final Duration driverLogGrace;
    /** When each job run was first seen ended, for {@link #driverLogComplete}. */
    private final Map<String, Instant> seenEnded = new ConcurrentHashMap<>();

    /**
     * @param name the engine profile's name
     * @param pollInterval how often a wait (an application being created) looks again
     * @param owned closed with the backend, after its clients (credential providers)
     * @param driverLogGrace how long after a job run ended its driver's logs are taken as whole
     */
    EmrServerlessEngineBackend(String name, EmrServerlessConfiguration configuration, EmrServerlessClient client, Clock clock,
            Duration pollInterval, List<AutoCloseable> owned, Duration driverLogGrace) {
        this.name = requireNonNull(name, "name is null");
        this.configuration = requireNonNull(configuration, "configuration is null");
        this.client = requireNonNull(client, "client is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
        this.owned = List.copyOf(owned);
        this.driverLogGrace = requireNonNull(driverLogGrace, "driverLogGrace is null");
        this.applications = new Applications(client, name, configuration.application(), pollInterval, APPLICATION_WAIT);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public JobHosting hosting() {
        return JobHosting.SERVICE;
    }

    /**
     * EMR Serverless uploads a job run's driver logs while it runs and a last time as it ends, and
     * says nothing of when that upload is done: the logs are taken as whole a grace after the job
     * run was first seen ended.
     */
    @Override
    public boolean driverLogComplete(ClusterRef cluster) {
        Optional<JobRun> run = jobRun(cluster);
        if (run.isEmpty()) {
            return true;
        }
        String jobRunId = cluster.attribute(JOB_RUN_ID);
        if (!terminal(run.get().state())) {
            seenEnded.remove(jobRunId);
            return false;
        }
        Instant first = seenEnded.computeIfAbsent(jobRunId, id -> clock.instant());
        if (Duration.between(first, clock.instant()).compareTo(driverLogGrace) < 0) {
            return false;
        }
        seenEnded.remove(jobRunId);
        return true;
    }

    @Override
    public ClusterRef provision(ClusterSpec spec) {
        checkSparkVersion(spec.sparkVersion());
        JobRunRequest request;
        try {
            request = JobRunRequest.of(spec, name, configuration);
        } catch (IllegalArgumentException e) {
            throw new EngineBackendException(e.getMessage(), e);
        }
        String applicationId = applications.ready();
        // StartJobRun's client token covers a retried call; listing is for a provision that may follow
        // an earlier one (a crash past the token's idempotency window, a job run made by a lost call)
        Optional<JobRun> adopted = spec.mayExist() ? adoptable(applicationId, spec.clusterName()) : Optional.empty();
        String jobRunId = adopted.map(JobRun::id).orElseGet(() -> start(applicationId, request));
        return clusterRef(spec.clusterName(), applicationId, jobRunId, request.logUri(), request.sparkConf());
    }

    /**
     * What finds a job run again, and the executor bounds its dynamic allocation was given (for
     * {@link #resize}), read from the conf it was started with, so a reference rebuilt from the job
     * run itself ({@link #liveClusters}) equals the one its provision returned.
     */
    private ClusterRef clusterRef(String clusterName, String applicationId, String jobRunId, String logUri, Map<String, String> sparkConf) {
        Map<String, String> attributes = new TreeMap<>();
        attributes.put(APPLICATION_ID, applicationId);
        attributes.put(JOB_RUN_ID, jobRunId);
        if (logUri != null) {
            attributes.put(LOG_URI, logUri);
        }
        whole(sparkConf.get("spark.dynamicAllocation.minExecutors")).ifPresent(count -> attributes.put(MIN_WORKERS, count));
        whole(sparkConf.get("spark.dynamicAllocation.maxExecutors")).ifPresent(count -> attributes.put(MAX_WORKERS, count));
        whole(sparkConf.get("spark.dynamicAllocation.initialExecutors")).ifPresent(count -> attributes.put(INITIAL_WORKERS, count));
        return new ClusterRef(name, clusterName, attributes);
    }

    private static Optional<String> whole(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(text -> text.matches("\\d{1,9}"));
    }

    private void checkSparkVersion(String wanted) {
        configuration.sparkVersion().ifPresent(provided -> {
            if (!wanted.isEmpty() && !(provided.equals(wanted) || provided.startsWith(wanted + "."))) {
                throw new EngineBackendException("engine profile " + name + " runs Spark " + provided + " on EMR Serverless; the run asks for Spark "
                        + wanted);
            }
        });
    }

    /** The job run of this name to adopt: one still going, else the newest. */
    private Optional<JobRun> adoptable(String applicationId, String clusterName) {
        List<JobRun> named = named(applicationId, clusterName);
        return named.stream().filter(run -> !terminal(run.state())).findFirst().or(() -> named.stream().findFirst());
    }

    /** The application's job runs of this name, newest first. */
    private List<JobRun> named(String applicationId, String clusterName) {
        List<JobRun> runs;
        try {
            runs = new ArrayList<>(client.listJobRuns(applicationId, Optional.of(clock.instant().minus(ADOPTION_WINDOW)), Set.of()));
        } catch (EmrServerlessException e) {
            if (e.notFound()) {
                // moto answers so for an application without job runs; the application was just found, so it has none
                return List.of();
            }
            throw new EngineBackendException("cannot list the job runs of EMR Serverless application " + applicationId + ": " + e.getMessage(), e);
        }
        runs.removeIf(run -> !clusterName.equals(run.name()));
        // reversed first: among runs of one createdAt (moto gives every run midnight, and lists in creation order) the last made comes first
        Collections.reverse(runs);
        runs.sort(Comparator.comparing(JobRun::createdAt).reversed());
        return runs;
    }

    private String start(String applicationId, JobRunRequest request) {
        try {
            String jobRunId = client.startJobRun(applicationId, request.toJson());
            LOG.log(System.Logger.Level.INFO, "emr-serverless profile {0}: started job run {1} ({2}) on application {3}", name, jobRunId,
                    request.name(), applicationId);
            return jobRunId;
        } catch (EmrServerlessException e) {
            cancelStrays(applicationId, request.name());
            throw new EngineBackendException("EMR Serverless did not start job run " + request.name() + " on application " + applicationId + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * After a start that failed: a call that timed out or failed on the service's side may have
     * started the job run all the same, which must not run on unwatched. Best effort; the failed
     * start is what the caller hears of.
     */
    private void cancelStrays(String applicationId, String clusterName) {
        try {
            for (JobRun run : named(applicationId, clusterName)) {
                if (!terminal(run.state()) && !run.state().equals(NativeState.CANCELLING.name())) {
                    client.cancelJobRun(applicationId, run.id());
                    LOG.log(System.Logger.Level.WARNING, "emr-serverless profile {0}: cancelled job run {1} ({2}), started by a call that failed",
                            name, run.id(), clusterName);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "emr-serverless profile {0}: could not look for job runs of {1} left by a failed start: {2}",
                    name, clusterName, e.getMessage());
        }
    }

    /** No call: EMR Serverless scales the job itself within the bounds its dynamic allocation was given. */
    @Override
    public ClusterTopology resize(ClusterRef cluster, int workers) {
        int bounded = Math.max(count(cluster, MIN_WORKERS, 0), Math.min(count(cluster, MAX_WORKERS, Integer.MAX_VALUE), workers));
        return new ClusterTopology(Math.max(0, bounded), 0, 0, Map.of(), List.of());
    }

    @Override
    public ClusterStatus describe(ClusterRef cluster) {
        Optional<JobRun> run = jobRun(cluster);
        if (run.isEmpty()) {
            return new ClusterStatus.Gone("job run " + cluster.attribute(JOB_RUN_ID) + " of EMR Serverless application "
                    + cluster.attribute(APPLICATION_ID) + " no longer exists");
        }
        return JobRunStates.status(run.get().state(), run.get().stateDetails(), topology(cluster));
    }

    /** Cancels the job run unless it has ended, and waits (a bounded while) until it has. */
    @Override
    public void terminate(ClusterRef cluster) {
        String applicationId = cluster.attribute(APPLICATION_ID);
        String jobRunId = cluster.attribute(JOB_RUN_ID);
        Optional<JobRun> run = jobRun(cluster);
        if (run.isEmpty() || terminal(run.get().state())) {
            return;
        }
        if (!run.get().state().equals(NativeState.CANCELLING.name())) {
            try {
                client.cancelJobRun(applicationId, jobRunId);
            } catch (EmrServerlessException e) {
                if (e.notFound()) {
                    return;
                }
                // a job run that ended since it was read is refused as invalid: nothing is left to cancel
                if (!e.errorCode().equals("ValidationException")) {
                    throw new EngineBackendException("cannot cancel job run " + jobRunId + " of EMR Serverless application " + applicationId
                            + ": " + e.getMessage(), e);
                }
            }
        }
        // EMR Serverless ends the job run by itself once the cancel is accepted; the control plane's
        // loops are not held for it (describe and the sweep see it CANCELLED)
    }

    /** Under the job run's log location in the attempt's staging; none for a job run started without one. */
    @Override
    public List<String> driverLogLocations(ClusterRef cluster) {
        String logUri = cluster.attributes().get(LOG_URI);
        if (logUri == null) {
            return List.of();
        }
        try {
            return DriverLogLocations.of(logUri, cluster.attribute(APPLICATION_ID), cluster.attribute(JOB_RUN_ID));
        } catch (IllegalArgumentException e) {
            throw new EngineBackendException(e.getMessage(), e);
        }
    }

    /**
     * The profile's job runs that have not ended, on its applications: those tagged with this
     * profile's name (an operator's application may run other jobs too). ListJobRuns shows no tags,
     * so each is read with GetJobRun; there are few that have not ended.
     */
    @Override
    public List<ClusterRef> liveClusters() {
        List<ClusterRef> live = new ArrayList<>();
        try {
            for (String applicationId : applications.ofProfile()) {
                List<JobRun> going;
                try {
                    going = client.listJobRuns(applicationId, Optional.empty(), LIVE_STATES);
                } catch (EmrServerlessException e) {
                    if (e.notFound()) {
                        continue; // gone, or (moto) no job runs yet
                    }
                    throw e;
                }
                for (JobRun summary : going) {
                    Optional<JobRun> run = jobRun(applicationId, summary.id());
                    if (run.isPresent() && name.equals(run.get().tags().get(JobRunRequest.TAG_PROFILE)) && !terminal(run.get().state())) {
                        JobRun found = run.get();
                        String clusterName = found.name() != null ? found.name() : found.tags().getOrDefault(JobRunRequest.TAG_CLUSTER, found.id());
                        Map<String, String> conf = new TreeMap<>(found.sparkDefaults());
                        conf.putAll(JobRunRequest.confOf(found.sparkSubmitParameters() == null ? "" : found.sparkSubmitParameters()));
                        live.add(clusterRef(clusterName, applicationId, found.id(), found.logUri(), conf));
                    }
                }
            }
        } catch (EmrServerlessException e) {
            throw new EngineBackendException("cannot list the EMR Serverless job runs of engine profile " + name + ": " + e.getMessage(), e);
        }
        return live;
    }

    @Override
    public void close() {
        List<AutoCloseable> closing = new ArrayList<>(List.of(client));
        closing.addAll(owned);
        for (AutoCloseable each : closing) {
            try {
                each.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "emr-serverless profile {0}: closing {1}: {2}", name, each.getClass().getSimpleName(),
                        e.getMessage());
            }
        }
    }

    /** The job run, or empty when EMR Serverless no longer has it. */
    private Optional<JobRun> jobRun(ClusterRef cluster) {
        return jobRun(cluster.attribute(APPLICATION_ID), cluster.attribute(JOB_RUN_ID));
    }

    private Optional<JobRun> jobRun(String applicationId, String jobRunId) {
        try {
            return Optional.of(client.getJobRun(applicationId, jobRunId));
        } catch (EmrServerlessException e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw new EngineBackendException("cannot read job run " + jobRunId + " of EMR Serverless application " + applicationId + ": "
                    + e.getMessage(), e);
        }
    }

    /** EMR Serverless does not say how many executors a job run has; the listener's reports carry Spark's own count. */
    private static ClusterTopology topology(ClusterRef cluster) {
        return new ClusterTopology(count(cluster, INITIAL_WORKERS, 0), 0, 0, Map.of(), List.of());
    }

    private static int count(ClusterRef cluster, String attribute, int otherwise) {
        String value = cluster.attributes().get(attribute);
        return value == null ? otherwise : Integer.parseInt(value);
    }

    private static boolean terminal(String state) {
        return NativeState.of(state).map(NativeState::terminal).orElse(false);
    }

}
