package io.sparkplane.testkit.gcp;

import static java.util.Objects.requireNonNull;

import com.google.cloud.dataproc.v1.Cluster;
import com.google.cloud.dataproc.v1.ClusterConfig;
import com.google.cloud.dataproc.v1.ClusterControllerGrpc;
import com.google.cloud.dataproc.v1.ClusterStatus;
import com.google.cloud.dataproc.v1.CreateClusterRequest;
import com.google.cloud.dataproc.v1.DeleteClusterRequest;
import com.google.cloud.dataproc.v1.GetClusterRequest;
import com.google.cloud.dataproc.v1.ListClustersRequest;
import com.google.cloud.dataproc.v1.ListClustersResponse;
import com.google.cloud.dataproc.v1.UpdateClusterRequest;
import com.google.longrunning.Operation;
import com.google.protobuf.Empty;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * google.cloud.dataproc.v1.ClusterController: create, update (worker counts), delete, get, list.
 * Stop, start and diagnose answer UNIMPLEMENTED (the base class's answer).
 */
final class ClusterControllerService extends ClusterControllerGrpc.ClusterControllerImplBase {

    static final String WORKERS_PATH = "config.worker_config.num_instances";
    static final String SECONDARY_WORKERS_PATH = "config.secondary_worker_config.num_instances";
    private static final Set<String> UPDATABLE_PATHS = Set.of(WORKERS_PATH, SECONDARY_WORKERS_PATH);
    private static final long MAXIMUM_DECOMMISSION_SECONDS = 24 * 60 * 60;
    /** "ACTIVE contains the CREATING, UPDATING, and RUNNING states. INACTIVE contains the DELETING, ERROR, STOPPING, and STOPPED states." */
    private static final Set<ClusterStatus.State> ACTIVE =
            EnumSet.of(ClusterStatus.State.CREATING, ClusterStatus.State.UPDATING, ClusterStatus.State.RUNNING);
    private static final Set<ClusterStatus.State> INACTIVE = EnumSet.of(ClusterStatus.State.DELETING, ClusterStatus.State.ERROR,
            ClusterStatus.State.STOPPING, ClusterStatus.State.STOPPED);
    private static final Set<String> FILTER_FIELDS = Set.of("status.state", "clusterName");
    private static final int DEFAULT_PAGE_SIZE = 100;
    private static final int MAXIMUM_PAGE_SIZE = 1000;

    private final DataprocState state;

    ClusterControllerService(DataprocState state) {
        this.state = requireNonNull(state, "state is null");
    }

    @Override
    public void createCluster(CreateClusterRequest request, StreamObserver<Operation> observer) {
        Rpc.answer(observer, state.log, "CreateCluster", () -> create(request));
    }

    @Override
    public void updateCluster(UpdateClusterRequest request, StreamObserver<Operation> observer) {
        Rpc.answer(observer, state.log, "UpdateCluster", () -> update(request));
    }

    @Override
    public void deleteCluster(DeleteClusterRequest request, StreamObserver<Operation> observer) {
        Rpc.answer(observer, state.log, "DeleteCluster", () -> delete(request));
    }

    @Override
    public void getCluster(GetClusterRequest request, StreamObserver<Cluster> observer) {
        Rpc.answer(observer, state.log, "GetCluster", () -> {
            synchronized (state) {
                return existing(ResourceRules.regionParent(request.getProjectId(), request.getRegion()), request.getClusterName());
            }
        });
    }

    @Override
    public void listClusters(ListClustersRequest request, StreamObserver<ListClustersResponse> observer) {
        Rpc.answer(observer, state.log, "ListClusters", () -> list(request));
    }

    private Operation create(CreateClusterRequest request) {
        synchronized (state) {
            String parent = ResourceRules.regionParent(request.getProjectId(), request.getRegion());
            ResourceRules.checkRequestId(request.getRequestId());
            String requestKey = "CreateCluster|" + parent + "|" + request.getRequestId();
            if (!request.getRequestId().isEmpty() && state.requestIds.containsKey(requestKey)) {
                // "the second request will be ignored and the first Operation created and stored in the backend is returned"
                return repeated(state.requestIds.get(requestKey));
            }
            Cluster requested = request.getCluster();
            ResourceRules.checkClusterName(requested.getClusterName());
            if (!requested.getProjectId().isEmpty() && !requested.getProjectId().equals(request.getProjectId())) {
                throw Rpc.invalidArgument("cluster.project_id '" + requested.getProjectId() + "' is not the request's project_id '"
                        + request.getProjectId() + "'");
            }
            ResourceRules.checkLabels(requested.getLabelsMap());
            String key = parent + "/clusters/" + requested.getClusterName();
            if (state.clusters.containsKey(key)) {
                throw Rpc.alreadyExists("Already exists: Failed to create cluster: Cluster " + key);
            }
            String uuid = UUID.randomUUID().toString();
            ClusterConfig.Builder config = requested.getConfig().toBuilder();
            if (config.getConfigBucket().isEmpty()) {
                // Dataproc makes and manages a per-location staging bucket; the fake only names one
                config.setConfigBucket("dataproc-staging-" + request.getRegion() + "-" + request.getProjectId());
            }
            Cluster cluster = requested.toBuilder()
                    .setProjectId(request.getProjectId())
                    .setClusterUuid(uuid)
                    .setConfig(config)
                    // the labels Dataproc adds to every cluster
                    .putLabels("goog-dataproc-cluster-name", requested.getClusterName())
                    .putLabels("goog-dataproc-cluster-uuid", uuid)
                    .putLabels("goog-dataproc-location", request.getRegion())
                    .clearStatusHistory()
                    .setStatus(ClusterStatus.newBuilder().setState(ClusterStatus.State.CREATING).setStateStartTime(Rpc.now()))
                    .build();
            state.clusters.put(key, cluster);
            state.log.log(key + ": CREATING, uuid " + uuid);
            List<Integer> counts = new ArrayList<>();
            counts.add(config.getSecondaryWorkerConfig().getNumInstances());
            state.secondaryWorkerCounts.put(requested.getClusterName(), counts);
            Operation operation = state.startClusterOperation(parent, key, cluster, "CREATE",
                    "Create cluster with " + config.getWorkerConfig().getNumInstances() + " workers");
            if (!request.getRequestId().isEmpty()) {
                state.requestIds.put(requestKey, operation.getName());
            }
            state.later(state.clusterStartDelay(), () -> {
                Cluster now = state.clusters.get(key);
                if (now != null && now.getClusterUuid().equals(uuid) && now.getStatus().getState() == ClusterStatus.State.CREATING) {
                    state.finishClusterOperation(key, state.moveCluster(key, ClusterStatus.State.RUNNING, ""), null);
                }
            });
            return operation;
        }
    }

    private Operation update(UpdateClusterRequest request) {
        synchronized (state) {
            String parent = ResourceRules.regionParent(request.getProjectId(), request.getRegion());
            ResourceRules.checkRequestId(request.getRequestId());
            String requestKey = "UpdateCluster|" + parent + "|" + request.getRequestId();
            if (!request.getRequestId().isEmpty() && state.requestIds.containsKey(requestKey)) {
                return repeated(state.requestIds.get(requestKey));
            }
            Cluster cluster = existing(parent, request.getClusterName());
            String key = parent + "/clusters/" + request.getClusterName();
            List<String> paths = request.getUpdateMask().getPathsList();
            if (paths.isEmpty()) {
                throw Rpc.invalidArgument("update_mask is required: one or more of " + UPDATABLE_PATHS);
            }
            for (String path : paths) {
                if (!UPDATABLE_PATHS.contains(path)) {
                    throw Rpc.invalidArgument("Invalid update_mask path '" + path + "': the fake updates only " + UPDATABLE_PATHS);
                }
            }
            long decommission = request.getGracefulDecommissionTimeout().getSeconds();
            if (decommission < 0 || decommission > MAXIMUM_DECOMMISSION_SECONDS) {
                throw Rpc.invalidArgument("graceful_decommission_timeout must be between 0 and 1 day, not " + decommission + " s");
            }
            if (cluster.getStatus().getState() != ClusterStatus.State.RUNNING) {
                throw Rpc.failedPrecondition("Cannot update cluster '" + request.getClusterName() + "': it is in state "
                        + cluster.getStatus().getState() + ", and must be RUNNING");
            }
            ClusterConfig.Builder config = cluster.getConfig().toBuilder();
            ClusterConfig wanted = request.getCluster().getConfig();
            if (paths.contains(WORKERS_PATH)) {
                config.setWorkerConfig(config.getWorkerConfig().toBuilder().setNumInstances(count(wanted.getWorkerConfig().getNumInstances())));
            }
            if (paths.contains(SECONDARY_WORKERS_PATH)) {
                config.setSecondaryWorkerConfig(config.getSecondaryWorkerConfig().toBuilder()
                        .setNumInstances(count(wanted.getSecondaryWorkerConfig().getNumInstances())));
            }
            state.clusters.put(key, cluster.toBuilder().setConfig(config).build());
            Cluster updating = state.moveCluster(key, ClusterStatus.State.UPDATING, "");
            state.secondaryWorkerCounts.computeIfAbsent(request.getClusterName(), name -> new ArrayList<>())
                    .add(config.getSecondaryWorkerConfig().getNumInstances());
            Operation operation = state.startClusterOperation(parent, key, updating, "UPDATE",
                    "Update cluster: " + config.getWorkerConfig().getNumInstances() + " workers, "
                            + config.getSecondaryWorkerConfig().getNumInstances() + " secondary workers");
            if (!request.getRequestId().isEmpty()) {
                state.requestIds.put(requestKey, operation.getName());
            }
            String uuid = cluster.getClusterUuid();
            state.later(state.clusterStartDelay(), () -> {
                Cluster now = state.clusters.get(key);
                if (now != null && now.getClusterUuid().equals(uuid) && now.getStatus().getState() == ClusterStatus.State.UPDATING) {
                    state.finishClusterOperation(key, state.moveCluster(key, ClusterStatus.State.RUNNING, ""), null);
                }
            });
            return operation;
        }
    }

    private Operation delete(DeleteClusterRequest request) {
        synchronized (state) {
            String parent = ResourceRules.regionParent(request.getProjectId(), request.getRegion());
            ResourceRules.checkRequestId(request.getRequestId());
            String requestKey = "DeleteCluster|" + parent + "|" + request.getRequestId();
            if (!request.getRequestId().isEmpty() && state.requestIds.containsKey(requestKey)) {
                return repeated(state.requestIds.get(requestKey));
            }
            Cluster cluster = existing(parent, request.getClusterName());
            String key = parent + "/clusters/" + request.getClusterName();
            if (!request.getClusterUuid().isEmpty() && !request.getClusterUuid().equals(cluster.getClusterUuid())) {
                throw Rpc.notFound("Not found: Cluster " + key + " with UUID " + request.getClusterUuid());
            }
            if (cluster.getStatus().getState() == ClusterStatus.State.DELETING) {
                throw Rpc.failedPrecondition("Cannot delete cluster '" + request.getClusterName() + "': it is already in state DELETING");
            }
            // a create or update in flight ends, failed, as the cluster goes
            state.finishClusterOperation(key, null, Rpc.error(io.grpc.Status.Code.ABORTED,
                    "Cluster " + key + " was deleted while the operation ran"));
            Cluster deleting = state.moveCluster(key, ClusterStatus.State.DELETING, "");
            state.endJobsOnCluster(cluster.getClusterUuid(), "the cluster was deleted");
            Operation operation = state.startClusterOperation(parent, key, deleting, "DELETE", "Delete cluster");
            if (!request.getRequestId().isEmpty()) {
                state.requestIds.put(requestKey, operation.getName());
            }
            String uuid = cluster.getClusterUuid();
            state.later(state.clusterDeleteDelay(), () -> {
                Cluster now = state.clusters.get(key);
                if (now != null && now.getClusterUuid().equals(uuid)) {
                    state.clusters.remove(key);
                    state.deletedClusters.add(request.getClusterName());
                    state.log.log(key + ": deleted");
                    state.finishClusterOperation(key, Empty.getDefaultInstance(), null);
                }
            });
            return operation;
        }
    }

    private ListClustersResponse list(ListClustersRequest request) {
        synchronized (state) {
            String parent = ResourceRules.regionParent(request.getProjectId(), request.getRegion());
            ListFilter filter = ListFilter.parse(request.getFilter(), FILTER_FIELDS);
            for (ListFilter.Term term : filter.terms()) {
                if (term.field().equals("status.state")) {
                    stateSet(term.value()); // refuses an unknown state before any cluster is looked at
                }
            }
            List<Cluster> matching = new ArrayList<>();
            for (Map.Entry<String, Cluster> entry : state.clusters.entrySet()) {
                if (entry.getKey().startsWith(parent + "/clusters/") && matches(entry.getValue(), filter)) {
                    matching.add(entry.getValue());
                }
            }
            Paging<Cluster> page = Paging.page(matching, request.getPageSize(), request.getPageToken(), DEFAULT_PAGE_SIZE, MAXIMUM_PAGE_SIZE);
            return ListClustersResponse.newBuilder().addAllClusters(page.items()).setNextPageToken(page.nextPageToken()).build();
        }
    }

    private static boolean matches(Cluster cluster, ListFilter filter) {
        for (ListFilter.Term term : filter.terms()) {
            boolean matches = switch (term.field()) {
                case "status.state" -> term.value().equals(ListFilter.ANY) || stateSet(term.value()).contains(cluster.getStatus().getState());
                case "clusterName" -> term.matches(cluster.getClusterName());
                default -> term.matchesLabel(cluster.getLabelsMap());
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    private static Set<ClusterStatus.State> stateSet(String value) {
        switch (value) {
            case ListFilter.ANY:
                return EnumSet.allOf(ClusterStatus.State.class);
            case "ACTIVE":
                return ACTIVE;
            case "INACTIVE":
                return INACTIVE;
            default:
                try {
                    return EnumSet.of(ClusterStatus.State.valueOf(value));
                } catch (IllegalArgumentException e) {
                    throw Rpc.invalidArgument("Invalid filter: status.state '" + value + "' is not ACTIVE, INACTIVE or a cluster state");
                }
        }
    }

    private Cluster existing(String parent, String clusterName) {
        Cluster cluster = state.clusters.get(parent + "/clusters/" + clusterName);
        if (cluster == null) {
            throw Rpc.notFound("Not found: Cluster " + parent + "/clusters/" + clusterName);
        }
        return cluster;
    }

    private Operation repeated(String operationName) {
        Operation operation = state.operations.get(operationName);
        if (operation == null) {
            throw Rpc.notFound("Not found: Operation " + operationName + " (deleted since the first request with this request_id)");
        }
        return operation;
    }

    private static int count(int instances) {
        if (instances < 0) {
            throw Rpc.invalidArgument("num_instances must not be negative, not " + instances);
        }
        return instances;
    }
}
