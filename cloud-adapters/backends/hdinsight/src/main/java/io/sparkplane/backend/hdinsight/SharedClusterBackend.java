package io.sparkplane.backend.hdinsight;

import com.azure.resourcemanager.hdinsight.fluent.ClustersClient;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import io.sparkplane.spi.engine.DriverOutput;
import io.sparkplane.spi.engine.EngineBackendException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code mode=shared}: every attempt's job is a Livy batch on the profile's existing HDInsight
 * cluster, which Sparkplane neither makes, resizes nor deletes. The run's executor bounds go into the
 * batch's dynamic allocation ({@code spark.dynamicAllocation.*}), so {@link #resize} makes no call.
 *
 * <p>Provision submits the batch and returns once Livy has taken it; one that may follow an earlier
 * provision of the attempt ({@link ClusterSpec#mayExist()}) lists the batches first and adopts the
 * one of the attempt's name, since Livy has no idempotency key. A submit that fails deletes whatever
 * batch of the name it may have made. Terminate keeps the batch's log, then deletes the batch (Livy
 * kills it if it runs, and forgets it and its log).
 */
final class SharedClusterBackend extends HdInsightBackend {

    static final String SHARED = "shared";
    /** The batch's name on Livy. */
    static final String BATCH_NAME = "batchName";
    /** Livy's id of the batch. */
    static final String BATCH_ID = "batchId";
    private static final System.Logger LOG = System.getLogger(SharedClusterBackend.class.getName());

    private final String cluster;

    SharedClusterBackend(String name, HdInsightConfiguration configuration, ClustersClient clusters, HttpClient livyHttp, Path workDirectory,
            Clock clock) {
        super(name, configuration, clusters, livyHttp, workDirectory, clock);
        this.cluster = configuration.sharedCluster().orElseThrow(() -> new IllegalArgumentException("not a shared profile"));
    }

    @Override
    void checkStartup() {
        StartupCheck.shared(clusters, livy(cluster), configuration, name);
    }

    @Override
    public ClusterRef provision(ClusterSpec spec) {
        String batchName = jobs.names().batchName(spec.clusterName());
        LivyBatchRequest request;
        try {
            request = LivyBatchRequest.of(spec, batchName);
        } catch (IllegalArgumentException e) {
            throw new EngineBackendException(e.getMessage(), e);
        }
        LivyClient livy = livy(cluster);
        LivyBatch batch;
        try {
            batch = jobs.submit(livy, request, spec.clusterName(), spec.mayExist());
        } catch (LivyException e) {
            if (!e.refused()) {
                jobs.deleteStray(livy, spec.clusterName());
            }
            throw new EngineBackendException("Livy on HDInsight cluster " + cluster + " did not take the batch of " + spec.clusterName() + ": "
                    + (e.status() == 0 ? "" : e.status() + " ") + e.livyMessage(), e);
        }
        forget(spec.clusterName());
        return clusterRef(spec.clusterName(), batch.id(), spec.resources().minExecutors(), spec.resources().maxExecutors(), spec.initialWorkers());
    }

    /** What finds the batch again, and the executor bounds its dynamic allocation was given (for {@link #resize}). */
    private ClusterRef clusterRef(String clusterName, int batchId, int min, int max, int initial) {
        Map<String, String> attributes = new TreeMap<>();
        attributes.put(MODE, SHARED);
        attributes.put(HDINSIGHT_CLUSTER, cluster);
        attributes.put(BATCH_NAME, jobs.names().batchName(clusterName));
        attributes.put(BATCH_ID, Integer.toString(batchId));
        if (min >= 0) {
            attributes.put(MIN_WORKERS, Integer.toString(min));
            attributes.put(MAX_WORKERS, Integer.toString(max));
            attributes.put(INITIAL_WORKERS, Integer.toString(initial));
        }
        return new ClusterRef(name, clusterName, attributes);
    }

    /** No call: YARN's dynamic allocation scales the batch's executors within the bounds it was given, on a cluster Sparkplane does not size. */
    @Override
    public ClusterTopology resize(ClusterRef clusterRef, int workers) {
        return new ClusterTopology(Math.max(0, bounded(clusterRef, workers)), 0, 0, endpoints(Optional.empty()), List.of());
    }

    @Override
    public ClusterStatus describe(ClusterRef clusterRef) {
        return observed(clusterRef, () -> look(clusterRef));
    }

    private ClusterStatus look(ClusterRef clusterRef) {
        LivyClient livy = livy(cluster);
        Optional<LivyBatch> batch;
        try {
            batch = jobs.byId(livy, batchId(clusterRef), clusterRef.clusterName());
        } catch (LivyException e) {
            if (e.unauthorized()) {
                return loginRefused(clusterRef.clusterName(), AttemptFailure.LAUNCH_FAILED, "Livy on HDInsight cluster " + cluster
                        + " refuses the login of " + configuration.loginUsername() + ": " + e.status() + " " + e.livyMessage());
            }
            throw e;
        }
        if (batch.isEmpty()) {
            return new ClusterStatus.Gone("Livy on HDInsight cluster " + cluster + " no longer knows batch " + clusterRef.attribute(BATCH_ID)
                    + " (" + clusterRef.attribute(BATCH_NAME) + "): deleted, or forgotten after Livy's retention or restart");
        }
        ClusterTopology topology = new ClusterTopology(count(clusterRef, INITIAL_WORKERS, 0), 0, 0, endpoints(batch), List.of());
        return jobs.status(livy, batch.get(), topology);
    }

    /**
     * Keeps the batch's log, then deletes the batch (Livy kills it if it runs); a batch that ended
     * is left to Livy's own retention when {@code delete-ended-batches=false}. A batch Livy no
     * longer knows is done with.
     */
    @Override
    public void terminate(ClusterRef clusterRef) {
        LivyClient livy = livy(cluster);
        String clusterName = clusterRef.clusterName();
        try {
            Optional<LivyBatch> batch = jobs.byId(livy, batchId(clusterRef), clusterName);
            if (batch.isEmpty()) {
                return;
            }
            boolean ended = LivyBatchStates.ended(batch.get().state());
            jobs.keepOutput(livy, batch.get(), clusterName, where());
            if (ended && !configuration.deleteEndedBatches()) {
                return;
            }
            if (livy.delete(batch.get().id())) {
                LOG.log(System.Logger.Level.INFO, "cluster {0}: deleted Livy batch {1} ({2}) on HDInsight cluster {3}", clusterName,
                        batch.get().id(), batch.get().state(), cluster);
            }
        } catch (LivyException e) {
            throw new EngineBackendException("cannot end Livy batch " + clusterRef.attribute(BATCH_ID) + " of " + clusterName
                    + " on HDInsight cluster " + cluster + ": " + (e.status() == 0 ? "" : e.status() + " ") + e.livyMessage(), e);
        } finally {
            forget(clusterName);
        }
    }

    @Override
    Optional<DriverOutput> liveOutput(ClusterRef clusterRef) {
        LivyClient livy = livy(cluster);
        Optional<LivyBatch> batch = jobs.byId(livy, batchId(clusterRef), clusterRef.clusterName());
        return batch.flatMap(found -> jobs.output(livy, found, where()));
    }

    /**
     * The profile's batches on the cluster, by their names ({@link BatchNames}): every one Livy
     * holds, ended or not, unless ended ones are left to Livy ({@code delete-ended-batches=false}).
     * Other profiles', other installations' and people's batches on the shared cluster are never
     * among them.
     */
    @Override
    public List<ClusterRef> liveClusters() {
        List<ClusterRef> live = new ArrayList<>();
        List<LivyBatch> batches;
        try {
            batches = livy(cluster).batches();
        } catch (LivyException e) {
            throw new EngineBackendException("cannot list the Livy batches of engine profile " + name + " on HDInsight cluster " + cluster + ": "
                    + (e.status() == 0 ? "" : e.status() + " ") + e.livyMessage(), e);
        }
        for (LivyBatch batch : batches) {
            Optional<String> clusterName = jobs.names().clusterName(batch.name());
            if (clusterName.isEmpty() || (LivyBatchStates.ended(batch.state()) && !configuration.deleteEndedBatches())) {
                continue;
            }
            live.add(clusterRef(clusterName.get(), batch.id(), -1, -1, -1));
        }
        return live;
    }

    private String where() {
        return "HDInsight cluster " + cluster;
    }

    private Map<String, String> endpoints(Optional<LivyBatch> batch) {
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("livy", configuration.livy(cluster).toString());
        batch.map(found -> found.appInfo().get("sparkUiUrl")).ifPresent(url -> endpoints.put("driverUi", url));
        return endpoints;
    }

    private static int batchId(ClusterRef clusterRef) {
        String id = clusterRef.attribute(BATCH_ID);
        if (!id.matches("\\d{1,9}")) {
            throw new EngineBackendException("cluster " + clusterRef.clusterName() + " names no Livy batch id (" + id + ")");
        }
        return Integer.parseInt(id);
    }
}
