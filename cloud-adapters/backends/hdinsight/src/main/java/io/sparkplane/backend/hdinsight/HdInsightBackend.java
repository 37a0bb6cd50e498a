package io.sparkplane.backend.hdinsight;

import static java.util.Objects.requireNonNull;

import com.azure.resourcemanager.hdinsight.HDInsightManager;
import com.azure.resourcemanager.hdinsight.fluent.ClustersClient;
import io.sparkplane.backend.hdinsight.HdInsightConfiguration.Mode;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.DriverOutput;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.engine.JobHosting;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The {@code hdinsight} backend: an attempt's job is one Livy batch on an HDInsight Spark cluster,
 * which runs spark-submit itself ({@link JobHosting#SERVICE}) from the inputs the control plane staged
 * in Azure Storage. {@link SharedClusterBackend} puts every attempt's batch on the profile's cluster;
 * {@link EphemeralClusterBackend} makes a cluster per attempt. What both share is here: the profile's
 * Azure Resource Manager client, the HTTP client Livy is spoken with, the batches' names, the kept
 * driver output, and looks reused for {@code status-poll-interval}.
 */
abstract sealed class HdInsightBackend implements EngineBackend permits SharedClusterBackend, EphemeralClusterBackend {

    /** Which mode made a reference. */
    static final String MODE = "mode";
    /** The HDInsight cluster whose Livy holds the batch. */
    static final String HDINSIGHT_CLUSTER = "hdinsightCluster";
    static final String MIN_WORKERS = "minWorkers";
    static final String MAX_WORKERS = "maxWorkers";
    static final String INITIAL_WORKERS = "initialWorkers";
    /** How long one Livy call may take. */
    static final Duration LIVY_TIMEOUT = Duration.ofSeconds(20);

    final String name;
    final HdInsightConfiguration configuration;
    final ClustersClient clusters;
    final HttpClient livyHttp;
    final LivyJobs jobs;
    final Clock clock;
    /** The last look at each cluster's job, by cluster name, reused for the poll interval. */
    private final Map<String, Observed> observations = new ConcurrentHashMap<>();
    /** Since when Livy has refused the login, by cluster name, while following its job. */
    private final Map<String, Instant> loginRefusedSince = new ConcurrentHashMap<>();
    /** How long a refused login is taken for a password being rotated before the job is given up. */
    static final Duration LOGIN_GRACE = Duration.ofMinutes(10);

    private record Observed(Instant at, ClusterStatus status) {}

    HdInsightBackend(String name, HdInsightConfiguration configuration, ClustersClient clusters, HttpClient livyHttp, Path workDirectory,
            Clock clock) {
        this.name = requireNonNull(name, "name is null");
        this.configuration = requireNonNull(configuration, "configuration is null");
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.livyHttp = requireNonNull(livyHttp, "livyHttp is null");
        this.jobs = new LivyJobs(new BatchNames(configuration.batchNamePrefix(), name), new DriverOutputFiles(workDirectory.resolve(name)));
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The profile's backend, on clients of its own. */
    static HdInsightBackend connect(String name, HdInsightConfiguration configuration, Path workDirectory, Clock clock) {
        HDInsightManager manager = ArmClients.manager(configuration);
        HttpClient livy = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
        return configuration.mode() == Mode.SHARED
                ? new SharedClusterBackend(name, configuration, manager.serviceClient().getClusters(), livy, workDirectory, clock)
                : new EphemeralClusterBackend(name, configuration, manager.serviceClient().getClusters(), livy, workDirectory, clock);
    }

    /** Whether Azure (and a shared cluster's Livy) take the profile's settings, asked once at start ({@link StartupCheck}). */
    abstract void checkStartup();

    @Override
    public String name() {
        return name;
    }

    @Override
    public JobHosting hosting() {
        return JobHosting.SERVICE;
    }

    /** The client of an HDInsight cluster's Livy, with the profile's login. */
    LivyClient livy(String hdInsightCluster) {
        return new LivyClient(livyHttp, configuration.livy(hdInsightCluster), configuration.loginUsername(), configuration.loginPassword(),
                LIVY_TIMEOUT);
    }

    /**
     * The driver's output kept before Sparkplane ended the batch or its cluster, else the batch's
     * log read from its Livy now; empty when neither is there (any more).
     */
    @Override
    public Optional<DriverOutput> driverOutput(ClusterRef cluster) {
        Optional<DriverOutput> kept = jobs.kept(cluster.clusterName());
        return kept.isPresent() ? kept : liveOutput(cluster);
    }

    /** The batch's log from its Livy now, if the batch is still there. */
    abstract Optional<DriverOutput> liveOutput(ClusterRef cluster);

    /** The job's status as seen within the poll interval, else {@code look}'s. */
    ClusterStatus observed(ClusterRef cluster, Supplier<ClusterStatus> look) {
        Instant now = clock.instant();
        Observed cached = observations.get(cluster.clusterName());
        if (cached != null && Duration.between(cached.at(), now).compareTo(configuration.statusPollInterval()) < 0) {
            return cached.status();
        }
        ClusterStatus status = look.get();
        observations.put(cluster.clusterName(), new Observed(now, status));
        if (!(status instanceof ClusterStatus.Failed)) {
            loginRefusedSince.remove(cluster.clusterName());
        }
        return status;
    }

    /**
     * Livy refused the cluster login while following a job: a password being rotated (the gateway's
     * changed before the secret Sparkplane reads) refuses it for a while, so the job is asked about
     * again for {@link #LOGIN_GRACE}, and only then given up.
     */
    ClusterStatus loginRefused(String clusterName, AttemptFailure failure, String detail) {
        Instant since = loginRefusedSince.computeIfAbsent(clusterName, name -> clock.instant());
        if (Duration.between(since, clock.instant()).compareTo(LOGIN_GRACE) < 0) {
            throw new EngineBackendException(detail + "; asked again until " + since.plus(LOGIN_GRACE));
        }
        loginRefusedSince.remove(clusterName);
        return new ClusterStatus.Failed(failure, detail + " for " + LOGIN_GRACE.toMinutes() + " minutes");
    }

    /** A look taken before a change must not outlive it. */
    void forget(String clusterName) {
        observations.remove(clusterName);
    }

    static int count(ClusterRef cluster, String attribute, int otherwise) {
        String value = cluster.attributes().get(attribute);
        if (value == null || !value.matches("\\d{1,9}")) {
            return otherwise;
        }
        return Integer.parseInt(value);
    }

    /** The count asked, within the bounds the attempt's reference holds. */
    static int bounded(ClusterRef cluster, int workers) {
        return Math.max(count(cluster, MIN_WORKERS, 0), Math.min(count(cluster, MAX_WORKERS, Integer.MAX_VALUE), workers));
    }

    /** Nothing to stop: the JDK's HTTP client and azure-core's shared Netty client end with the process. */
    @Override
    public void close() {
        observations.clear();
    }
}
