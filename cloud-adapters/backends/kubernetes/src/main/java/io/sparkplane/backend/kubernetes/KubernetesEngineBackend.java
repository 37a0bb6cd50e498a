package io.sparkplane.backend.kubernetes;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The {@code kubernetes} backend: an engine cluster is a driver pod (the launcher and the Spark
 * master), worker pods (Spark workers), a headless service, the launch secret and a config map,
 * all named after the cluster and owned by the driver pod. Desired objects come from the pure
 * models; this class only applies them and reads what the API server reports, pods from an
 * informer's cache (a watch, not polling).
 *
 * <p>Every call may be repeated after a crash: objects that exist are adopted, not created again
 * (a 409 on create means another call got there first). API errors become
 * {@link EngineBackendException}s with the API server's reason (RBAC, invalid objects, quotas).
 */
public final class KubernetesEngineBackend implements EngineBackend {

    static final String NAMESPACE = "namespace";
    static final String DRIVER_POD = "driverPod";
    static final String DRIVER_UID = "driverUid";
    static final String MIN_WORKERS = "minWorkers";
    static final String MAX_WORKERS = "maxWorkers";
    private static final Duration TERMINATE_WAIT = Duration.ofSeconds(60);
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(15);
    private static final System.Logger LOG = System.getLogger(KubernetesEngineBackend.class.getName());

    private final String name;
    private final KubernetesClient client;
    private final boolean closesClient;
    private final KubernetesBackendConfiguration configuration;
    private final Clock clock;
    /** One informer per namespace engine clusters may be in: the control plane needs no cluster-wide watch. */
    private final Map<String, SharedIndexInformer<Pod>> pods;
    private final ScheduledExecutorService sweeper;

    /**
     * A backend on a client its caller keeps and closes.
     *
     * @param name the engine profile's name, which its cluster references carry
     */
    public KubernetesEngineBackend(String name, KubernetesClient client, KubernetesBackendConfiguration configuration, Clock clock) {
        this(name, client, configuration, clock, false);
    }

    /** A backend that closes {@code client} when it is closed itself. */
    static KubernetesEngineBackend owningItsClient(String name, KubernetesClient client, KubernetesBackendConfiguration configuration,
            Clock clock) {
        return new KubernetesEngineBackend(name, client, configuration, clock, true);
    }

    private KubernetesEngineBackend(String name, KubernetesClient client, KubernetesBackendConfiguration configuration, Clock clock,
            boolean closesClient) {
        this.name = requireNonNull(name, "name is null");
        this.closesClient = closesClient;
        this.client = requireNonNull(client, "client is null");
        this.configuration = requireNonNull(configuration, "configuration is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.pods = informers(client, configuration, closesClient);
        if (configuration.finishedClusterTtl().isZero()) {
            this.sweeper = null;
        } else {
            this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "kubernetes-finished-cluster-sweeper");
                thread.setDaemon(true);
                return thread;
            });
            long every = FinishedClusterRetention.sweepInterval(configuration.finishedClusterTtl()).toMillis();
            sweeper.scheduleWithFixedDelay(this::deleteExpiredClusters, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Starts one informer per engine namespace, each after its first list. When one cannot list (no
     * RBAC in that namespace, no API server), the informers started so far stop and an owned client
     * closes: the profile tries again on its next run, and must not leave watches behind each time.
     */
    private static Map<String, SharedIndexInformer<Pod>> informers(KubernetesClient client, KubernetesBackendConfiguration configuration,
            boolean closesClient) {
        Map<String, SharedIndexInformer<Pod>> informers = new TreeMap<>();
        String namespace = null;
        try {
            for (String each : configuration.namespaces()) {
                namespace = each;
                SharedIndexInformer<Pod> informer = client.pods().inNamespace(namespace)
                        .withLabel(EngineLabels.MANAGED_BY, "sparkplane")
                        .inform();
                informers.put(namespace, informer);
                informer.addIndexers(Map.of(EngineLabels.CLUSTER,
                        pod -> List.of(pod.getMetadata().getLabels().getOrDefault(EngineLabels.CLUSTER, ""))));
            }
            return Map.copyOf(informers);
        } catch (RuntimeException e) {
            informers.values().forEach(SharedIndexInformer::close);
            if (closesClient) {
                client.close();
            }
            String what = "cannot watch the engine pods in namespace " + namespace;
            throw e instanceof KubernetesClientException kubernetes ? failure(what, kubernetes) : new EngineBackendException(what + ": " + e, e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ClusterRef provision(ClusterSpec spec) {
        EngineClusterNames names = new EngineClusterNames(spec.clusterName());
        // the models build for the workspace's namespace; the ref keeps it, so describe, resize
        // and terminate after a restart look in the right place
        KubernetesBackendConfiguration placed = configuration.withNamespace(configuration.namespaceOf(spec.workspace()));
        try {
            Pod driver = createOrAdopt(new DriverPodModel(placed, spec).pod());
            OwnerReference owner = ClusterObjectsModel.ownedBy(driver);
            ClusterObjectsModel objects = new ClusterObjectsModel(placed, spec, owner);
            createOrAdopt(objects.launchSecret());
            createOrAdopt(objects.driverService());
            createOrAdopt(objects.specConfigMap(new WorkerPodModel(placed, spec, 1, owner).pod()));
            for (int index = 1; index <= spec.initialWorkers(); index++) {
                createOrAdopt(new WorkerPodModel(placed, spec, index, owner).pod());
            }
            LOG.log(System.Logger.Level.INFO, "cluster {0}: driver pod {1} and {2} worker pods in namespace {3}",
                    spec.clusterName(), names.driverPod(), spec.initialWorkers(), placed.namespace());
            return new ClusterRef(name, spec.clusterName(), Map.of(
                    NAMESPACE, placed.namespace(),
                    DRIVER_POD, names.driverPod(),
                    DRIVER_UID, driver.getMetadata().getUid(),
                    MIN_WORKERS, Integer.toString(spec.resources().minExecutors()),
                    MAX_WORKERS, Integer.toString(spec.resources().maxExecutors())));
        } catch (KubernetesClientException e) {
            // the attempt ends PROVISIONING_FAILED with no cluster recorded, so nothing would delete
            // what was made before the failure (or what a create that timed out made anyway)
            deleteQuietly(placed.namespace(), spec.clusterName());
            throw failure("cannot create the engine cluster " + spec.clusterName(), e);
        }
    }

    private void deleteQuietly(String namespace, String clusterName) {
        try {
            deleteCluster(namespace, clusterName);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cluster {0}: cannot delete what was made of it before provisioning failed: {1}",
                    clusterName, e.getMessage());
        }
    }

    @Override
    public ClusterTopology resize(ClusterRef cluster, int wanted) {
        EngineClusterNames names = new EngineClusterNames(cluster.clusterName());
        int workers = withinBounds(cluster, wanted);
        try {
            List<Pod> current = workerPods(cluster);
            List<String> repairs = new ArrayList<>();
            List<Pod> live = new ArrayList<>();
            // a worker pod deleted since is gone from the cache: its index is remembered on the driver pod
            int highest = driverPod(cluster).map(KubernetesEngineBackend::highestWorker).orElse(0);
            for (Pod pod : current) {
                highest = Math.max(highest, names.workerIndex(pod.getMetadata().getName()));
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    continue;
                }
                if (PodStatusMapping.isEnded(pod)) {
                    // a worker that ended on its own is gone for good (restartPolicy Never): a new one takes its place
                    delete(pod, Duration.ZERO);
                    repairs.add("worker pod " + pod.getMetadata().getName() + " ended (" + phase(pod) + "); it is replaced");
                    continue;
                }
                live.add(pod);
            }
            live.sort(Comparator.comparingInt(pod -> names.workerIndex(pod.getMetadata().getName())));
            if (live.size() < workers) {
                // read from the API server only when a worker is to be made: the autoscaler calls this every second
                Pod driver = client.pods().inNamespace(namespace(cluster)).withName(cluster.attribute(DRIVER_POD)).get();
                if (driver == null || driver.getMetadata().getDeletionTimestamp() != null) {
                    throw new EngineBackendException("cannot resize the engine cluster " + cluster.clusterName() + ": its driver pod "
                            + cluster.attribute(DRIVER_POD) + " is gone");
                }
                highest = Math.max(highest, highestWorker(driver));
                // the cache may not show a worker made by the last call yet: count what the API server has
                live = new ArrayList<>();
                for (Pod pod : client.pods().inNamespace(namespace(cluster)).withLabel(EngineLabels.CLUSTER, cluster.clusterName())
                        .withLabel(EngineLabels.ROLE, EngineLabels.WORKER).list().getItems()) {
                    highest = Math.max(highest, names.workerIndex(pod.getMetadata().getName()));
                    if (pod.getMetadata().getDeletionTimestamp() == null && !PodStatusMapping.isEnded(pod)) {
                        live.add(pod);
                    }
                }
                live.sort(Comparator.comparingInt(pod -> names.workerIndex(pod.getMetadata().getName())));
                Pod template = workerTemplate(cluster);
                int before = highest;
                while (live.size() < workers) {
                    Pod worker = createWorker(template, names, highest + 1);
                    highest = names.workerIndex(worker.getMetadata().getName());
                    live.add(worker);
                    if (!repairs.isEmpty()) {
                        repairs.add("started worker pod " + worker.getMetadata().getName());
                    }
                }
                // once, after the creates: a pod made before a crash here is still listed, so its index is not lost
                if (highest > before) {
                    rememberHighestWorker(cluster, highest);
                }
            }
            while (live.size() > workers) {
                // the newest go first; each is given its grace period to decommission
                Pod surplus = live.remove(live.size() - 1);
                delete(surplus, configuration.workerGracePeriod());
            }
            return PodStatusMapping.topology(workers, workerPods(cluster), endpoints(cluster), repairs);
        } catch (KubernetesClientException e) {
            throw failure("cannot resize the engine cluster " + cluster.clusterName(), e);
        }
    }

    @Override
    public ClusterStatus describe(ClusterRef cluster) {
        Optional<Pod> driver = driverPod(cluster);
        List<Pod> workers = workerPods(cluster);
        int desired = (int) workers.stream().filter(pod -> pod.getMetadata().getDeletionTimestamp() == null).count();
        ClusterTopology topology = PodStatusMapping.topology(desired, workers, endpoints(cluster), List.of());
        return PodStatusMapping.driverStatus(driver, topology, clock.instant(), configuration);
    }

    @Override
    public void terminate(ClusterRef cluster) {
        tearDown(cluster, driverPod(cluster));
    }

    /**
     * With a TTL, the driver pod is kept ended: the launcher has reported, so its container exits
     * within moments; that is waited for (bounded), then the cluster is torn down as by terminate.
     */
    @Override
    public void release(ClusterRef cluster) {
        if (configuration.finishedClusterTtl().isZero()) {
            terminate(cluster);
            return;
        }
        String driverPod = new EngineClusterNames(cluster.clusterName()).driverPod();
        Optional<Pod> driver;
        try {
            driver = client.pods().inNamespace(namespace(cluster)).withName(driverPod)
                    .informOnCondition(list -> list.isEmpty() || list.stream().allMatch(PodStatusMapping::isEnded))
                    .get(RELEASE_WAIT.toSeconds(), TimeUnit.SECONDS)
                    .stream().filter(pod -> isTheDriverOf(cluster, pod)).findFirst();
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "cluster {0}: the driver pod {1} still runs {2} s after its job reported; it is deleted",
                    cluster.clusterName(), driverPod, RELEASE_WAIT.toSeconds());
            driver = driverPod(cluster);
        } catch (java.util.concurrent.ExecutionException | KubernetesClientException e) {
            driver = driverPod(cluster);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineBackendException("interrupted while releasing engine cluster " + cluster.clusterName());
        }
        tearDown(cluster, driver);
    }

    private void tearDown(ClusterRef cluster, Optional<Pod> driver) {
        String namespace = namespace(cluster);
        try {
            if (FinishedClusterRetention.keeps(driver.orElse(null), configuration.finishedClusterTtl())) {
                keepForTtl(cluster, driver.get());
                client.pods().inNamespace(namespace).withLabels(EngineLabels.role(cluster.clusterName(), EngineLabels.WORKER))
                        .informOnCondition(List::isEmpty).get(TERMINATE_WAIT.toSeconds(), TimeUnit.SECONDS);
                return;
            }
            deleteCluster(namespace, cluster.clusterName());
            client.pods().inNamespace(namespace).withLabels(EngineLabels.cluster(cluster.clusterName()))
                    .informOnCondition(List::isEmpty).get(TERMINATE_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (KubernetesClientException e) {
            throw failure("cannot delete the engine cluster " + cluster.clusterName(), e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new EngineBackendException("the pods of engine cluster " + cluster.clusterName() + " were not gone after "
                    + TERMINATE_WAIT.toSeconds() + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new EngineBackendException("cannot wait for the pods of engine cluster " + cluster.clusterName() + " to go: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineBackendException("interrupted while deleting engine cluster " + cluster.clusterName());
        }
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        pods.values().forEach(SharedIndexInformer::close);
        if (closesClient) {
            client.close();
        }
    }

    /**
     * The driver ended: its pod and spec config map stay until the TTL for inspection, marked with
     * when they go; the workers (still running Spark), the service and the launch secret (the
     * attempt's token, the job's storage credentials) go now.
     */
    private void keepForTtl(ClusterRef cluster, Pod driver) {
        String namespace = namespace(cluster);
        Map<String, String> annotations = driver.getMetadata().getAnnotations();
        String expiresAt = annotations == null ? null : annotations.get(FinishedClusterRetention.EXPIRES_AT);
        if (expiresAt == null) {
            // kept once: tearing down again (a retry, or release after terminate) does not push the time out
            String at = clock.instant().plus(configuration.finishedClusterTtl()).toString();
            client.pods().inNamespace(namespace).withName(driver.getMetadata().getName())
                    .edit(pod -> new PodBuilder(pod).editMetadata().addToAnnotations(FinishedClusterRetention.EXPIRES_AT, at).endMetadata().build());
            expiresAt = at;
        }
        client.pods().inNamespace(namespace).withLabels(EngineLabels.role(cluster.clusterName(), EngineLabels.WORKER)).withGracePeriod(0).delete();
        client.services().inNamespace(namespace).withLabels(EngineLabels.cluster(cluster.clusterName())).delete();
        client.secrets().inNamespace(namespace).withLabels(EngineLabels.cluster(cluster.clusterName())).delete();
        LOG.log(System.Logger.Level.INFO, "cluster {0}: the driver pod {1} ended; it and the spec config map are kept until {2}",
                cluster.clusterName(), driver.getMetadata().getName(), expiresAt);
    }

    /**
     * The labelled objects by selector, for API servers without garbage collection and objects that
     * lost their owner; then the driver pod in the foreground (it goes once what it owns is gone),
     * then any pod left. Pods last: once they are gone, nothing of the cluster is left.
     */
    private void deleteCluster(String namespace, String clusterName) {
        Map<String, String> selector = EngineLabels.cluster(clusterName);
        client.services().inNamespace(namespace).withLabels(selector).delete();
        client.secrets().inNamespace(namespace).withLabels(selector).delete();
        client.configMaps().inNamespace(namespace).withLabels(selector).delete();
        client.pods().inNamespace(namespace).withName(new EngineClusterNames(clusterName).driverPod())
                .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
        client.pods().inNamespace(namespace).withLabels(selector).withGracePeriod(0).delete();
    }

    /** Kept clusters whose time is up, found on their driver pods in every namespace (whoever kept them). */
    private void deleteExpiredClusters() {
        Instant now = clock.instant();
        for (Map.Entry<String, SharedIndexInformer<Pod>> namespace : pods.entrySet()) {
            for (Pod pod : namespace.getValue().getStore().list()) {
                if (!EngineLabels.DRIVER.equals(pod.getMetadata().getLabels().get(EngineLabels.ROLE))
                        || pod.getMetadata().getDeletionTimestamp() != null || !FinishedClusterRetention.expired(pod, now)) {
                    continue;
                }
                String clusterName = pod.getMetadata().getLabels().get(EngineLabels.CLUSTER);
                try {
                    deleteCluster(namespace.getKey(), clusterName);
                    LOG.log(System.Logger.Level.INFO, "cluster {0}: kept past its TTL, deleted", clusterName);
                } catch (RuntimeException e) {
                    // the next sweep tries again
                    LOG.log(System.Logger.Level.WARNING, "cluster {0}: cannot delete it after its TTL: {1}", clusterName, e.getMessage());
                }
            }
        }
    }

    /** {@code wanted} within the cluster's bounds; a cluster provisioned before they were recorded has none. */
    static int withinBounds(ClusterRef cluster, int wanted) {
        Map<String, String> attributes = cluster.attributes();
        int min = Integer.parseInt(attributes.getOrDefault(MIN_WORKERS, "0"));
        int max = Integer.parseInt(attributes.getOrDefault(MAX_WORKERS, Integer.toString(Integer.MAX_VALUE)));
        return Math.max(min, Math.min(max, wanted));
    }

    /**
     * The highest worker index the cluster has used, as its driver pod remembers it: a name is never
     * used twice, so a new worker is never taken for one that is still terminating (Kubernetes keeps
     * a deleted pod's name until its grace period ends).
     */
    static int highestWorker(Pod driver) {
        Map<String, String> annotations = driver.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(EngineLabels.HIGHEST_WORKER);
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void rememberHighestWorker(ClusterRef cluster, int highest) {
        String value = Integer.toString(highest);
        client.pods().inNamespace(namespace(cluster)).withName(cluster.attribute(DRIVER_POD))
                .edit(pod -> new PodBuilder(pod).editMetadata().addToAnnotations(EngineLabels.HIGHEST_WORKER, value).endMetadata().build());
    }

    private Pod workerTemplate(ClusterRef cluster) {
        EngineClusterNames names = new EngineClusterNames(cluster.clusterName());
        ConfigMap map = client.configMaps().inNamespace(namespace(cluster)).withName(names.specConfigMap()).get();
        if (map == null || map.getData() == null || !map.getData().containsKey(ClusterObjectsModel.WORKER_TEMPLATE)) {
            throw new EngineBackendException("the engine cluster " + cluster.clusterName() + " has no config map "
                    + names.specConfigMap() + " with its worker pod: it was not provisioned, or was deleted");
        }
        return Serialization.unmarshal(map.getData().get(ClusterObjectsModel.WORKER_TEMPLATE), Pod.class);
    }

    /**
     * A new worker pod at the first free index from {@code index} on. The informer's cache may lag:
     * a pod of that name that exists and is being deleted is not adopted (it is on its way out), the
     * next index is tried instead.
     */
    private Pod createWorker(Pod template, EngineClusterNames names, int index) {
        for (int candidate = index; candidate < index + 100; candidate++) {
            Pod worker = createOrAdopt(new PodBuilder(template).editMetadata().withName(names.workerPod(candidate)).endMetadata().build());
            if (worker.getMetadata().getDeletionTimestamp() == null) {
                return worker;
            }
        }
        throw new EngineBackendException("no free worker pod name in " + names.clusterName() + " from index " + index);
    }

    private List<Pod> workerPods(ClusterRef cluster) {
        return clusterPods(cluster).stream()
                .filter(pod -> EngineLabels.WORKER.equals(pod.getMetadata().getLabels().get(EngineLabels.ROLE)))
                .toList();
    }

    private Optional<Pod> driverPod(ClusterRef cluster) {
        return clusterPods(cluster).stream()
                .filter(pod -> EngineLabels.DRIVER.equals(pod.getMetadata().getLabels().get(EngineLabels.ROLE)))
                .filter(pod -> isTheDriverOf(cluster, pod))
                .findFirst();
    }

    private List<Pod> clusterPods(ClusterRef cluster) {
        SharedIndexInformer<Pod> informer = pods.get(namespace(cluster));
        if (informer == null) {
            // a cluster made in a namespace this control plane no longer serves (the setting changed)
            return client.pods().inNamespace(namespace(cluster)).withLabels(EngineLabels.cluster(cluster.clusterName())).list().getItems();
        }
        return informer.getIndexer().byIndex(EngineLabels.CLUSTER, cluster.clusterName());
    }

    /** A driver pod of the same name created later (another attempt at the name) is not this cluster's. */
    private static boolean isTheDriverOf(ClusterRef cluster, Pod pod) {
        String uid = cluster.attributes().get(DRIVER_UID);
        return uid == null || uid.equals(pod.getMetadata().getUid());
    }

    private Map<String, String> endpoints(ClusterRef cluster) {
        EngineClusterNames names = new EngineClusterNames(cluster.clusterName());
        return Map.of("master", "spark://" + names.driverService() + "." + namespace(cluster) + ".svc:" + configuration.sparkMasterPort());
    }

    /** Creates the object, or returns the one of its name that exists. */
    private <T extends HasMetadata> T createOrAdopt(T desired) {
        try {
            return client.resource(desired).inNamespace(desired.getMetadata().getNamespace()).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            T existing = client.resource(desired).inNamespace(desired.getMetadata().getNamespace()).get();
            if (existing == null) {
                throw e;
            }
            return existing;
        }
    }

    private void delete(Pod pod, Duration gracePeriod) {
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .withGracePeriod(gracePeriod.toSeconds()).delete();
    }

    private String namespace(ClusterRef cluster) {
        return cluster.attributes().getOrDefault(NAMESPACE, configuration.namespace());
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "no status" : pod.getStatus().getPhase();
    }

    /** What the API server said, in words a run's message can carry: RBAC, invalid objects and quotas named as such. */
    static EngineBackendException failure(String what, KubernetesClientException e) {
        String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        String kind = switch (e.getCode()) {
            case 401 -> "the control plane's Kubernetes credentials were refused";
            case 403 -> reason != null && reason.contains("exceeded quota")
                    ? "the namespace's resource quota is exceeded"
                    : "the control plane's service account may not do this (RBAC)";
            case 404 -> "the namespace or an object does not exist";
            case 409 -> "an object exists already and differs";
            case 422 -> "the API server refused an object as invalid";
            default -> "the Kubernetes API failed (HTTP " + e.getCode() + ")";
        };
        return new EngineBackendException(what + ": " + kind + ": " + reason, e);
    }
}
