package io.sparkplane.backend.hdinsight;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.hdinsight.fluent.ClustersClient;
import com.azure.resourcemanager.hdinsight.fluent.models.ClusterInner;
import com.azure.resourcemanager.hdinsight.models.ClusterCreateParametersExtended;
import com.azure.resourcemanager.hdinsight.models.ClusterPatchParameters;
import com.azure.resourcemanager.hdinsight.models.ClusterResizeParameters;
import com.azure.resourcemanager.hdinsight.models.RoleName;
import io.sparkplane.backend.hdinsight.HdInsightClusterStates.Phase;
import io.sparkplane.backend.hdinsight.HdInsightConfiguration.Ephemeral;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import io.sparkplane.spi.engine.DriverOutput;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.settings.SecretReference;
import io.sparkplane.spi.settings.SettingException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code mode=ephemeral}: an attempt's cluster is an HDInsight Spark cluster of its own, made through
 * Azure Resource Manager ({@link ClusterRequests}), named after the attempt and tagged with it, and
 * its job is one Livy batch on that cluster's Livy; the autoscaler's worker count is the worker
 * role's target instance count.
 *
 * <p>HDInsight takes 15 to 25 minutes to make a cluster: {@link #provision} returns once Resource
 * Manager has accepted the create (its long-running operation is not waited on), and the first
 * {@link #describe} that sees the cluster running submits the batch, found by its name first, so
 * asking again is harmless; the batch's request rides in the cluster's reference, which the control
 * plane keeps, so a restarted control plane submits the same batch. A create whose cluster exists
 * already (a retry after a crash) adopts it when its tags say it is this attempt's. Terminate keeps
 * the batch's log, then deletes the cluster, which takes its Livy with it; Resource Manager deletes it
 * by itself from there.
 */
final class EphemeralClusterBackend extends HdInsightBackend {

    static final String EPHEMERAL = "ephemeral";
    /** The Livy batch's request ({@link LivyBatchRequest#toJson()}), submitted once the cluster runs. */
    static final String BATCH_REQUEST = "batchRequest";
    private static final System.Logger LOG = System.getLogger(EphemeralClusterBackend.class.getName());

    private final Ephemeral ephemeral;
    /** The Livy batch id of each cluster's batch, by cluster name, once seen: looked up by id rather than by listing. */
    private final Map<String, Integer> batchIds = new ConcurrentHashMap<>();
    /** Each cluster's last view, by cluster name: the autoscaler's resizes read it, not Resource Manager. */
    private final Map<String, Viewed> views = new ConcurrentHashMap<>();

    private record Viewed(Instant at, Optional<ClusterView> view) {}

    EphemeralClusterBackend(String name, HdInsightConfiguration configuration, ClustersClient clusters, HttpClient livyHttp, Path workDirectory,
            Clock clock) {
        super(name, configuration, clusters, livyHttp, workDirectory, clock);
        this.ephemeral = configuration.ephemeral().orElseThrow(() -> new IllegalArgumentException("not an ephemeral profile"));
    }

    @Override
    void checkStartup() {
        StartupCheck.ephemeral(clusters, configuration, name);
    }

    @Override
    public ClusterRef provision(ClusterSpec spec) {
        String hdInsight = ClusterRequests.clusterName(spec.clusterName());
        ClusterRef ref = clusterRef(spec, hdInsight);
        if (spec.mayExist()) {
            Optional<ClusterView> existing;
            try {
                existing = cluster(hdInsight);
            } catch (RuntimeException e) {
                throw AzureErrors.failure("cannot look for HDInsight cluster " + hdInsight, e); // nothing made: the next provision looks again
            }
            if (existing.isPresent()) {
                return adopt(ref, existing.get());
            }
        }
        ClusterCreateParametersExtended create;
        try {
            create = ClusterRequests.create(configuration, name, spec, secret(configuration.loginPassword(), HdInsightBackendFactory.LOGIN_PASSWORD),
                    ephemeral.storage().key().map(reference -> secret(reference, HdInsightBackendFactory.STORAGE_KEY)));
        } catch (IllegalArgumentException e) {
            throw new EngineBackendException(e.getMessage(), e);
        }
        try {
            // accepted is enough: the cluster takes many minutes, which the control plane's loops do not wait for
            clusters.beginCreate(configuration.resourceGroup(), hdInsight, create, Context.NONE);
        } catch (RuntimeException e) {
            if (AzureErrors.status(e) == 409) {
                // made meanwhile (another replica, or the create's own earlier call): adopted if it is this attempt's
                Optional<ClusterView> existing = clusterQuietly(hdInsight);
                if (existing.isPresent()) {
                    return adopt(ref, existing.get());
                }
            }
            // a call that failed on the way may have made the cluster all the same: nothing recorded would end it
            deleteStray(spec, hdInsight);
            throw AzureErrors.failure("Azure did not create HDInsight cluster " + hdInsight + " in resource group " + configuration.resourceGroup(), e);
        }
        forget(spec.clusterName());
        LOG.log(System.Logger.Level.INFO, "cluster {0}: HDInsight cluster {1} creating with {2} worker nodes", spec.clusterName(), hdInsight,
                ClusterRequests.workerNodes(ephemeral, spec.initialWorkers()));
        return ref;
    }

    /** A credential for the create, read from its reference; one that cannot be read names its setting (never a value). */
    private String secret(SecretReference reference, String setting) {
        try {
            return reference.resolve();
        } catch (SettingException e) {
            throw new EngineBackendException(StartupCheck.key(name, setting) + ": " + e.getMessage(), e);
        }
    }

    private ClusterRef clusterRef(ClusterSpec spec, String hdInsight) {
        LivyBatchRequest request;
        try {
            request = LivyBatchRequest.of(spec, jobs.names().batchName(spec.clusterName()));
        } catch (IllegalArgumentException e) {
            throw new EngineBackendException(e.getMessage(), e);
        }
        Map<String, String> attributes = new TreeMap<>();
        attributes.put(MODE, EPHEMERAL);
        attributes.put(HDINSIGHT_CLUSTER, hdInsight);
        attributes.put(BATCH_REQUEST, request.toJson());
        attributes.put(MIN_WORKERS, Integer.toString(spec.resources().minExecutors()));
        attributes.put(MAX_WORKERS, Integer.toString(spec.resources().maxExecutors()));
        attributes.put(INITIAL_WORKERS, Integer.toString(spec.initialWorkers()));
        return new ClusterRef(name, spec.clusterName(), attributes);
    }

    private ClusterRef adopt(ClusterRef ref, ClusterView existing) {
        if (!ClusterRequests.isOurs(existing.tags(), name, ref.clusterName())) {
            throw new EngineBackendException("an HDInsight cluster named " + existing.name() + " exists without profile " + name
                    + "'s tags for " + ref.clusterName() + ": Sparkplane leaves it alone");
        }
        LOG.log(System.Logger.Level.INFO, "cluster {0}: adopted HDInsight cluster {1} ({2})", ref.clusterName(), existing.name(), existing.states());
        return ref;
    }

    /** Deletes a cluster of the name that a failed create made, if its tags say it is this attempt's. Best effort. */
    private void deleteStray(ClusterSpec spec, String hdInsight) {
        try {
            Optional<ClusterView> made = cluster(hdInsight);
            if (made.isPresent() && ClusterRequests.isOurs(made.get().tags(), name, spec.clusterName()) && made.get().phase() != Phase.DELETING) {
                clusters.beginDelete(configuration.resourceGroup(), hdInsight, Context.NONE);
                LOG.log(System.Logger.Level.WARNING, "cluster {0}: deleting HDInsight cluster {1}, made by a create that failed", spec.clusterName(),
                        hdInsight);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cluster {0}: could not look for an HDInsight cluster {1} left by a failed create: {2}",
                    spec.clusterName(), hdInsight, e.getMessage());
        }
    }

    /**
     * Grows the worker role's target instance count to the count asked (within the attempt's bounds,
     * never below {@code min-worker-count}) once the cluster runs; HDInsight adds the nodes by itself
     * from there. It never shrinks it: HDInsight fails the running jobs of a cluster whose nodes it
     * removes, and an ephemeral cluster's one job is running; the executors on idle nodes are let go
     * by Spark's dynamic allocation instead. A cluster not running yet, or busy with another
     * operation (a resize under way: its provisioning state is {@code InProgress}), is left as it is
     * and reported so: the autoscaler asks again. The look is the one {@link #describe} reuses for
     * {@code status-poll-interval}, as Resource Manager throttles a subscription's reads.
     */
    @Override
    public ClusterTopology resize(ClusterRef clusterRef, int workers) {
        String hdInsight = clusterRef.attribute(HDINSIGHT_CLUSTER);
        int wanted = bounded(clusterRef, workers);
        Optional<ClusterView> found;
        try {
            found = recentCluster(clusterRef.clusterName(), hdInsight);
        } catch (RuntimeException e) {
            throw AzureErrors.failure("cannot read HDInsight cluster " + hdInsight, e);
        }
        if (found.isEmpty() || found.get().phase() != Phase.READY || found.get().operationUnderWay()) {
            return topology(clusterRef, found);
        }
        int nodes = Math.max(found.get().workerNodes(), ClusterRequests.workerNodes(ephemeral, wanted));
        if (found.get().workerNodes() == nodes) {
            return wanting(topology(clusterRef, found), wanted);
        }
        try {
            clusters.beginResize(configuration.resourceGroup(), hdInsight, RoleName.WORKERNODE,
                    new ClusterResizeParameters().withTargetInstanceCount(nodes), Context.NONE);
        } catch (RuntimeException e) {
            if (AzureErrors.status(e) == 409) {
                // another operation on the cluster is under way: the next resize asks again
                return topology(clusterRef, found);
            }
            throw AzureErrors.failure("cannot resize HDInsight cluster " + hdInsight + " to " + nodes + " worker nodes", e);
        } finally {
            forget(clusterRef.clusterName());
        }
        LOG.log(System.Logger.Level.INFO, "cluster {0}: HDInsight cluster {1} worker nodes {2} -> {3}", clusterRef.clusterName(), hdInsight,
                found.get().workerNodes(), nodes);
        return topology(clusterRef, clusterQuietly(hdInsight));
    }

    /**
     * A cluster with the nodes the run wants, or more (it is not shrunk): the workers the run wants,
     * beside the nodes the cluster keeps.
     */
    private static ClusterTopology wanting(ClusterTopology topology, int wanted) {
        return new ClusterTopology(wanted, topology.aliveWorkers(), topology.decommissioningWorkers(), topology.endpoints(), topology.repairs());
    }

    /** Also submits the attempt's batch once its cluster runs, idempotently (see the class's comment). */
    @Override
    public ClusterStatus describe(ClusterRef clusterRef) {
        return observed(clusterRef, () -> look(clusterRef));
    }

    private ClusterStatus look(ClusterRef clusterRef) {
        String hdInsight = clusterRef.attribute(HDINSIGHT_CLUSTER);
        Optional<ClusterView> found;
        try {
            forget(clusterRef.clusterName());
            found = recentCluster(clusterRef.clusterName(), hdInsight);
        } catch (RuntimeException e) {
            throw AzureErrors.failure("cannot read HDInsight cluster " + hdInsight, e);
        }
        if (found.isEmpty()) {
            return new ClusterStatus.Gone("HDInsight cluster " + hdInsight + " no longer exists");
        }
        ClusterView cluster = found.get();
        ClusterTopology topology = topology(clusterRef, found);
        return switch (cluster.phase()) {
            case CREATING -> new ClusterStatus.Active("HDInsight cluster " + hdInsight + " is being made: " + cluster.states(), topology, false);
            case DELETING -> new ClusterStatus.Gone("HDInsight cluster " + hdInsight + " is being deleted: " + cluster.states());
            // once its batch ran, the cluster failed under the job; before, it never came up
            case BROKEN -> new ClusterStatus.Failed(batchIds.containsKey(clusterRef.clusterName()) || submittedBatch(cluster).isPresent()
                    ? AttemptFailure.ENGINE_LOST
                    : AttemptFailure.PROVISIONING_FAILED, "HDInsight cluster " + hdInsight + " failed: " + cluster.states());
            case READY -> batch(clusterRef, hdInsight, cluster, topology);
        };
    }

    /** The batch's status on the running cluster, submitted first when it has none. */
    private ClusterStatus batch(ClusterRef clusterRef, String hdInsight, ClusterView cluster, ClusterTopology topology) {
        String clusterName = clusterRef.clusterName();
        LivyClient livy = livy(hdInsight);
        try {
            Integer known = batchIds.computeIfAbsent(clusterName, name -> submittedBatch(cluster).orElse(null));
            Optional<LivyBatch> batch = known != null ? jobs.byId(livy, known, clusterName) : jobs.find(livy, clusterName);
            if (batch.isEmpty() && known != null) {
                return new ClusterStatus.Gone("Livy on HDInsight cluster " + hdInsight + " no longer knows batch " + known
                        + " (it forgets an ended batch after livy.server.session.state-retain.sec)");
            }
            if (batch.isEmpty()) {
                String body = clusterRef.attributes().get(BATCH_REQUEST);
                if (body == null) {
                    return new ClusterStatus.Failed(AttemptFailure.PROVISIONING_FAILED, "the reference of cluster " + clusterName
                            + " holds no batch to submit");
                }
                LivyBatch made = jobs.submit(livy, LivyBatchRequest.fromJson(body), clusterName, false);
                batchIds.put(clusterName, made.id());
                markSubmitted(clusterName, hdInsight, cluster, made.id());
                return jobs.status(livy, made, withDriverUi(topology, made));
            }
            if (!submittedBatch(cluster).isPresent()) {
                // found by its name: submitted by a provision whose mark did not land
                markSubmitted(clusterName, hdInsight, cluster, batch.get().id());
            }
            batchIds.put(clusterName, batch.get().id());
            return jobs.status(livy, batch.get(), withDriverUi(topology, batch.get()));
        } catch (LivyException e) {
            if (e.unauthorized()) {
                return loginRefused(clusterName, batchIds.containsKey(clusterName) ? AttemptFailure.LAUNCH_FAILED : AttemptFailure.PROVISIONING_FAILED,
                        "Livy on HDInsight cluster " + hdInsight + " refuses the login of " + configuration.loginUsername() + ": " + e.status() + " "
                                + e.livyMessage());
            }
            if (e.refused() && !batchIds.containsKey(clusterName)) {
                return new ClusterStatus.Failed(AttemptFailure.LAUNCH_FAILED, "Livy on HDInsight cluster " + hdInsight + " refused the batch of "
                        + clusterName + ": " + e.status() + " " + e.livyMessage());
            }
            // no answer, or 5xx: asked again on the next pass, within the provisioning timeout
            throw new EngineBackendException("cannot reach Livy on HDInsight cluster " + hdInsight + ": " + (e.status() == 0 ? "" : e.status() + " ")
                    + e.livyMessage(), e);
        }
    }

    /** The batch id the cluster's tags say was submitted ({@link ClusterRequests#TAG_BATCH}), if any. */
    private static Optional<Integer> submittedBatch(ClusterView cluster) {
        String tag = cluster.tags().get(ClusterRequests.TAG_BATCH);
        try {
            return tag == null ? Optional.empty() : Optional.of(Integer.valueOf(tag));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Tags the cluster with its batch's id. A tag that does not land is tried again on the next look,
     * which finds the batch by its name while Livy still knows it.
     */
    private void markSubmitted(String clusterName, String hdInsight, ClusterView cluster, int batchId) {
        Map<String, String> tags = new TreeMap<>(cluster.tags());
        tags.put(ClusterRequests.TAG_BATCH, Integer.toString(batchId));
        try {
            clusters.update(configuration.resourceGroup(), hdInsight, new ClusterPatchParameters().withTags(tags));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cluster {0}: could not tag HDInsight cluster {1} with its batch {2}: {3}", clusterName, hdInsight,
                    batchId, e.getMessage());
        } finally {
            forget(clusterName);
        }
    }

    /**
     * Keeps the batch's log (the cluster's deletion takes its Livy with it), then deletes the
     * cluster; Resource Manager deletes it by itself from there, which takes minutes. A cluster
     * being deleted, or gone, is done with.
     */
    @Override
    public void terminate(ClusterRef clusterRef) {
        String hdInsight = clusterRef.attribute(HDINSIGHT_CLUSTER);
        String clusterName = clusterRef.clusterName();
        try {
            Optional<ClusterView> found = cluster(hdInsight);
            if (found.isEmpty() || found.get().phase() == Phase.DELETING) {
                batchIds.remove(clusterName);
                return;
            }
            if (found.get().phase() == Phase.READY) {
                keepOutput(clusterName, hdInsight);
            }
            clusters.beginDelete(configuration.resourceGroup(), hdInsight, Context.NONE);
            batchIds.remove(clusterName);
            LOG.log(System.Logger.Level.INFO, "cluster {0}: HDInsight cluster {1} deleting", clusterName, hdInsight);
        } catch (RuntimeException e) {
            if (AzureErrors.notFound(e)) {
                return;
            }
            throw e instanceof EngineBackendException backend ? backend : AzureErrors.failure("cannot delete HDInsight cluster " + hdInsight, e);
        } finally {
            forget(clusterName);
        }
    }

    /** The batch's log, kept before the cluster goes. Best effort, as {@link LivyJobs#keepOutput}. */
    private void keepOutput(String clusterName, String hdInsight) {
        LivyClient livy = livy(hdInsight);
        try {
            Integer known = batchIds.get(clusterName);
            Optional<LivyBatch> batch = known != null ? jobs.byId(livy, known, clusterName) : jobs.find(livy, clusterName);
            batch.ifPresent(found -> jobs.keepOutput(livy, found, clusterName, "HDInsight cluster " + hdInsight));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cluster {0}: could not keep the Livy batch''s log before deleting HDInsight cluster {1}: {2}",
                    clusterName, hdInsight, e.getMessage());
        }
    }

    @Override
    Optional<DriverOutput> liveOutput(ClusterRef clusterRef) {
        String hdInsight = clusterRef.attribute(HDINSIGHT_CLUSTER);
        Optional<ClusterView> found = clusterQuietly(hdInsight);
        if (found.isEmpty() || found.get().phase() != Phase.READY) {
            return Optional.empty();
        }
        LivyClient livy = livy(hdInsight);
        Integer known = batchIds.get(clusterRef.clusterName());
        Optional<LivyBatch> batch = known != null ? jobs.byId(livy, known, clusterRef.clusterName()) : jobs.find(livy, clusterRef.clusterName());
        return batch.flatMap(running -> jobs.output(livy, running, "HDInsight cluster " + hdInsight));
    }

    /**
     * The profile's clusters in the resource group, by their tags: every one that exists and is
     * not being deleted already.
     */
    @Override
    public List<ClusterRef> liveClusters() {
        List<ClusterRef> live = new ArrayList<>();
        try {
            for (ClusterInner inner : clusters.listByResourceGroup(configuration.resourceGroup(), Context.NONE)) {
                ClusterView cluster = ClusterView.of(inner);
                if (!ClusterRequests.isProfiles(cluster.tags(), name) || cluster.phase() == Phase.DELETING) {
                    continue;
                }
                Map<String, String> attributes = new TreeMap<>();
                attributes.put(MODE, EPHEMERAL);
                attributes.put(HDINSIGHT_CLUSTER, cluster.name());
                live.add(new ClusterRef(name, cluster.tags().get(ClusterRequests.TAG_CLUSTER), attributes));
            }
        } catch (RuntimeException e) {
            throw AzureErrors.failure("cannot list the HDInsight clusters of engine profile " + name + " in resource group "
                    + configuration.resourceGroup(), e);
        }
        return live;
    }

    /** The cluster as Resource Manager has it; empty when it does not. */
    /** A cluster's view as read within {@code status-poll-interval}, else read now. */
    private Optional<ClusterView> recentCluster(String clusterName, String hdInsight) {
        Instant now = clock.instant();
        Viewed cached = views.get(clusterName);
        if (cached != null && Duration.between(cached.at(), now).compareTo(configuration.statusPollInterval()) < 0) {
            return cached.view();
        }
        Optional<ClusterView> view = cluster(hdInsight);
        views.put(clusterName, new Viewed(now, view));
        return view;
    }

    @Override
    void forget(String clusterName) {
        super.forget(clusterName);
        views.remove(clusterName);
    }

    private Optional<ClusterView> cluster(String hdInsight) {
        try {
            return Optional.of(ClusterView.of(clusters.getByResourceGroupWithResponse(configuration.resourceGroup(), hdInsight, Context.NONE)
                    .getValue()));
        } catch (ManagementException e) {
            if (AzureErrors.notFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Optional<ClusterView> clusterQuietly(String hdInsight) {
        try {
            return cluster(hdInsight);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The worker nodes asked for, and as many alive once the cluster runs (Resource Manager does not count nodes up). */
    private ClusterTopology topology(ClusterRef clusterRef, Optional<ClusterView> cluster) {
        int desired = cluster.map(ClusterView::workerNodes).orElse(0);
        boolean running = cluster.map(found -> found.phase() == Phase.READY).orElse(false);
        Map<String, String> endpoints = new LinkedHashMap<>();
        if (cluster.isPresent()) {
            endpoints.put("livy", configuration.livy(cluster.get().name()).toString());
        }
        return new ClusterTopology(desired, running ? desired : 0, 0, endpoints, List.of());
    }

    private static ClusterTopology withDriverUi(ClusterTopology topology, LivyBatch batch) {
        String ui = batch.appInfo().get("sparkUiUrl");
        if (ui == null) {
            return topology;
        }
        Map<String, String> endpoints = new LinkedHashMap<>(topology.endpoints());
        endpoints.put("driverUi", ui);
        return new ClusterTopology(topology.desiredWorkers(), topology.aliveWorkers(), topology.decommissioningWorkers(), endpoints,
                topology.repairs());
    }
}
