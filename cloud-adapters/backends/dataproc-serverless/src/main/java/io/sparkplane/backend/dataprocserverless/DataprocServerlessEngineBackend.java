package io.sparkplane.backend.dataprocserverless;

import static java.util.Objects.requireNonNull;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.dataproc.v1.Batch;
import com.google.cloud.dataproc.v1.BatchControllerClient;
import com.google.cloud.dataproc.v1.GetBatchRequest;
import com.google.cloud.dataproc.v1.ListBatchesRequest;
import com.google.longrunning.CancelOperationRequest;
import com.google.longrunning.Operation;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@code dataproc-serverless} backend: an attempt is one Serverless for Apache Spark batch,
 * which runs spark-submit itself ({@link JobHosting#SERVICE}) from the inputs the control plane
 * staged in Cloud Storage. Dataproc sizes the job: the run's executor bounds go in as Spark's
 * dynamic allocation, and {@link #resize} changes nothing.
 *
 * <p>Every call may be repeated after a crash. A batch's id and CreateBatch's request id are
 * derived from the cluster's name ({@link BatchRequest}): a repeated CreateBatch is answered with
 * the first call's operation, a batch that exists (made by a call whose answer was lost) is
 * adopted, looked up first when the provision may follow an earlier one. A create that fails for
 * good cancels whatever batch of the name it may have made. Provision returns once Dataproc has
 * accepted the batch; nothing waits on its operation.
 *
 * <p>Terminate cancels the batch's operation, which Dataproc carries out by itself; a terminate of
 * a batch that has ended deletes it, once it has been ended for {@code ended-batch-retention} (its
 * state and the location of its driver output are read from it until then): the control plane's
 * later teardown and its sweep of {@link #liveClusters} call it again. Looks at a batch are
 * reused for {@code status-poll-interval}.
 */
public final class DataprocServerlessEngineBackend implements EngineBackend {

    /** The batch's resource name, {@code projects/<p>/locations/<r>/batches/<id>}. */
    static final String BATCH = "batch";
    /** The resource name of the batch's operation, which cancelling it cancels. */
    static final String OPERATION = "operation";
    static final String MIN_WORKERS = "minWorkers";
    static final String MAX_WORKERS = "maxWorkers";
    static final String INITIAL_WORKERS = "initialWorkers";
    private static final int PAGE_SIZE = 100;
    private static final System.Logger LOG = System.getLogger(DataprocServerlessEngineBackend.class.getName());

    private final String name;
    private final DataprocServerlessConfiguration configuration;
    private final BatchControllerClient client;
    private final Clock clock;
    /** The last look at each batch, by name, reused for the poll interval; empty: Dataproc has no such batch. */
    private final Map<String, Observed> observations = new ConcurrentHashMap<>();
    /** When each batch was first seen ended, for one whose state time Dataproc does not give. */
    private final Map<String, Instant> seenEnded = new ConcurrentHashMap<>();
    /** The driver output's location of each batch seen, kept so a batch deleted meanwhile still names it. */
    private final Map<String, String> outputUris = new ConcurrentHashMap<>();
    /** Said once: the service did not take the label filter, so the list is filtered here. */
    private volatile boolean filterRefused;

    private record Observed(Instant at, Optional<Batch> batch) {}

    /** A backend on a client it closes when it is closed itself. */
    DataprocServerlessEngineBackend(String name, DataprocServerlessConfiguration configuration, BatchControllerClient client, Clock clock) {
        this.name = requireNonNull(name, "name is null");
        this.configuration = requireNonNull(configuration, "configuration is null");
        this.client = requireNonNull(client, "client is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Whether Dataproc takes this profile's project and region from these credentials ({@link ProjectCheck}). */
    void checkProject() {
        ProjectCheck.reachable(client, configuration);
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
        BatchRequest request;
        try {
            request = BatchRequest.of(spec, name, configuration);
        } catch (IllegalArgumentException e) {
            throw new EngineBackendException(e.getMessage(), e);
        }
        if (spec.mayExist()) {
            // the request id covers a repeated call; looking first covers a batch whose creating call's answer was lost
            Optional<Batch> existing = fetch(request.batchName());
            if (existing.isPresent()) {
                return adopt(spec, request, existing.get());
            }
        }
        Operation operation;
        try {
            operation = client.createBatchCallable().call(request.toProto());
        } catch (ApiException e) {
            if (GoogleErrors.is(e, StatusCode.Code.ALREADY_EXISTS)) {
                Optional<Batch> existing = fetch(request.batchName());
                if (existing.isPresent()) {
                    return adopt(spec, request, existing.get());
                }
            }
            cancelStray(request);
            throw GoogleErrors.failure("Dataproc did not create batch " + request.batchId() + " in " + configuration.parent(), e);
        }
        observations.remove(request.batchName());
        LOG.log(System.Logger.Level.INFO, "dataproc-serverless profile {0}: created batch {1} (operation {2})", name, request.batchName(),
                operation.getName());
        return clusterRef(spec.clusterName(), request.batchName(), operation.getName(), request.properties());
    }

    /** A batch of the cluster's batch id that exists already: this attempt's, made by an earlier call. */
    private ClusterRef adopt(ClusterSpec spec, BatchRequest request, Batch batch) {
        String label = batch.getLabelsMap().get(BatchRequest.LABEL_CLUSTER);
        String profile = batch.getLabelsMap().get(BatchRequest.LABEL_PROFILE);
        if (!BatchRequest.clusterLabel(spec.clusterName()).equals(label)) {
            throw new EngineBackendException("Dataproc batch " + request.batchName() + " exists but is not the batch of " + spec.clusterName()
                    + " (its label " + BatchRequest.LABEL_CLUSTER + " is " + (label == null ? "missing" : "'" + label + "'")
                    + "): delete it, or let it end, before the run goes on");
        }
        if (!BatchRequest.labelValue(name).equals(profile)) {
            // another profile's (another control plane's) batch of the same attempt name: not this one to adopt, nor to cancel
            throw new EngineBackendException("Dataproc batch " + request.batchName() + " is profile "
                    + (profile == null ? "(none)" : "'" + profile + "'") + "'s, not " + name + "'s: Sparkplane leaves it alone");
        }
        if (batch.getOperation().isBlank()) {
            throw new EngineBackendException("Dataproc batch " + request.batchName() + " names no operation to adopt");
        }
        remember(batch);
        LOG.log(System.Logger.Level.INFO, "dataproc-serverless profile {0}: adopted batch {1} ({2})", name, request.batchName(),
                batch.getState());
        return clusterRef(spec.clusterName(), request.batchName(), batch.getOperation(), request.properties());
    }

    /**
     * After a create that failed: a call that timed out or failed on the service's side may have
     * made the batch all the same, which must not run on unwatched. Best effort; the failed create
     * is what the caller hears of.
     */
    private void cancelStray(BatchRequest request) {
        try {
            Optional<Batch> made = fetch(request.batchName());
            if (made.isEmpty()) {
                return;
            }
            Batch batch = made.get();
            String label = batch.getLabelsMap().get(BatchRequest.LABEL_CLUSTER);
            boolean ours = label != null && label.equals(request.batch().getLabelsMap().get(BatchRequest.LABEL_CLUSTER));
            if (ours && !BatchStates.terminal(batch.getState()) && batch.getState() != Batch.State.CANCELLING && !batch.getOperation().isBlank()) {
                cancel(request.batchName(), batch.getOperation());
                LOG.log(System.Logger.Level.WARNING, "dataproc-serverless profile {0}: cancelled batch {1}, made by a create that failed", name,
                        request.batchName());
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "dataproc-serverless profile {0}: could not look for a batch {1} left by a failed create: {2}",
                    name, request.batchName(), e.getMessage());
        }
    }

    /**
     * What finds a batch again, and the executor bounds its dynamic allocation was given (for
     * {@link #resize}), read from its properties, so a reference rebuilt from the batch itself
     * ({@link #liveClusters}) equals the one its provision returned.
     */
    private ClusterRef clusterRef(String clusterName, String batchName, String operationName, Map<String, String> properties) {
        Map<String, String> attributes = new TreeMap<>();
        attributes.put(BATCH, batchName);
        attributes.put(OPERATION, operationName);
        whole(properties.get("spark.dynamicAllocation.minExecutors")).ifPresent(count -> attributes.put(MIN_WORKERS, count));
        whole(properties.get("spark.dynamicAllocation.maxExecutors")).ifPresent(count -> attributes.put(MAX_WORKERS, count));
        whole(properties.get("spark.dynamicAllocation.initialExecutors")).ifPresent(count -> attributes.put(INITIAL_WORKERS, count));
        return new ClusterRef(name, clusterName, attributes);
    }

    private static Optional<String> whole(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(text -> text.matches("\\d{1,9}"));
    }

    /** No call: Dataproc scales the batch itself within the bounds its dynamic allocation was given. */
    @Override
    public ClusterTopology resize(ClusterRef cluster, int workers) {
        int bounded = Math.max(count(cluster, MIN_WORKERS, 0), Math.min(count(cluster, MAX_WORKERS, Integer.MAX_VALUE), workers));
        return new ClusterTopology(Math.max(0, bounded), 0, 0, Map.of(), List.of());
    }

    @Override
    public ClusterStatus describe(ClusterRef cluster) {
        Optional<Batch> batch = observe(cluster, false);
        if (batch.isEmpty()) {
            return new ClusterStatus.Gone("Dataproc batch " + cluster.attribute(BATCH) + " no longer exists");
        }
        return BatchStates.status(batch.get().getState(), batch.get().getStateMessage(), topology(cluster, batch.get()));
    }

    /**
     * Cancels the batch unless it has ended (Dataproc ends it by itself once the cancel is
     * accepted; the control plane's loops are not held for it), and deletes an ended batch once it
     * has been ended for {@code ended-batch-retention}.
     */
    @Override
    public void terminate(ClusterRef cluster) {
        String batchName = cluster.attribute(BATCH);
        Optional<Batch> found = fetch(batchName);
        observations.remove(batchName);
        if (found.isEmpty()) {
            forget(batchName);
            return;
        }
        Batch batch = found.get();
        remember(batch);
        if (BatchStates.terminal(batch.getState())) {
            Instant ended = endedAt(batch);
            if (Duration.between(ended, clock.instant()).compareTo(configuration.endedBatchRetention()) >= 0) {
                delete(batchName);
            }
            return;
        }
        if (batch.getState() == Batch.State.CANCELLING) {
            return;
        }
        String operation = cluster.attributes().getOrDefault(OPERATION, "");
        cancel(batchName, operation.isBlank() ? batch.getOperation() : operation);
        observations.remove(batchName); // a look taken meanwhile must not outlive the cancel
        LOG.log(System.Logger.Level.INFO, "dataproc-serverless profile {0}: cancelling batch {1}", name, batchName);
    }

    private void cancel(String batchName, String operation) {
        if (operation.isBlank()) {
            throw new EngineBackendException("Dataproc names no operation of batch " + batchName + " to cancel");
        }
        try {
            client.getOperationsClient().cancelOperationCallable()
                    .call(CancelOperationRequest.newBuilder().setName(operation).build(), DataprocClients.operationsCall());
        } catch (ApiException e) {
            // gone, or done since it was read: nothing is left to cancel
            if (!GoogleErrors.is(e, StatusCode.Code.NOT_FOUND) && !GoogleErrors.is(e, StatusCode.Code.FAILED_PRECONDITION)) {
                throw GoogleErrors.failure("cannot cancel Dataproc batch " + batchName + " (operation " + operation + ")", e);
            }
        }
    }

    private void delete(String batchName) {
        try {
            client.deleteBatch(batchName);
            LOG.log(System.Logger.Level.INFO, "dataproc-serverless profile {0}: deleted ended batch {1}", name, batchName);
        } catch (ApiException e) {
            // gone already; or (FAILED_PRECONDITION) not ended after all, which a later terminate sees
            if (!GoogleErrors.is(e, StatusCode.Code.NOT_FOUND) && !GoogleErrors.is(e, StatusCode.Code.FAILED_PRECONDITION)) {
                throw GoogleErrors.failure("cannot delete Dataproc batch " + batchName, e);
            }
        }
        forget(batchName);
    }

    /**
     * Dataproc writes the driver's output (stdout and stderr, merged) in numbered parts beside the
     * batch's {@code runtime_info.output_uri}: {@code driveroutput.000000000}, {@code
     * .000000001}, ...; the trailing {@code *} stands for every object whose name begins so, in
     * name order. In the staging bucket, which Dataproc is given as the batch's. None for a batch
     * that names no output (yet), or is gone unseen.
     */
    @Override
    public List<String> driverLogLocations(ClusterRef cluster) {
        String batchName = cluster.attribute(BATCH);
        String output = outputUris.get(batchName);
        if (output == null) {
            output = fetch(batchName).map(batch -> batch.getRuntimeInfo().getOutputUri()).orElse("");
        }
        return output.isBlank() ? List.of() : List.of(output + "*");
    }

    /**
     * Dataproc writes the driver's output while the batch runs and a last part as it ends, and
     * says nothing of when that is done: the output is taken as whole {@code driver-log-grace}
     * after the batch entered its end state.
     */
    @Override
    public boolean driverLogComplete(ClusterRef cluster) {
        Optional<Batch> batch = observe(cluster, false);
        if (batch.isEmpty()) {
            return true;
        }
        if (!BatchStates.terminal(batch.get().getState())) {
            return false;
        }
        return Duration.between(endedAt(batch.get()), clock.instant()).compareTo(configuration.driverLogGrace()) >= 0;
    }

    /**
     * The profile's batches that exist, ended or not (an ended one until it is deleted): those
     * labelled with its name, listed with the label filter Dataproc documents for ListBatches, and
     * checked here as well.
     */
    @Override
    public List<ClusterRef> liveClusters() {
        String profile = BatchRequest.labelValue(name);
        List<ClusterRef> live = new ArrayList<>();
        try {
            for (Batch batch : list(profile)) {
                Map<String, String> labels = batch.getLabelsMap();
                if (!profile.equals(labels.get(BatchRequest.LABEL_PROFILE))) {
                    continue;
                }
                remember(batch);
                String clusterName = labels.getOrDefault(BatchRequest.LABEL_CLUSTER, batch.getName().substring(batch.getName().lastIndexOf('/') + 1));
                live.add(clusterRef(clusterName, batch.getName(), batch.getOperation(), batch.getRuntimeConfig().getPropertiesMap()));
            }
        } catch (ApiException e) {
            throw GoogleErrors.failure("cannot list the Dataproc batches of engine profile " + name + " in " + configuration.parent(), e);
        }
        return live;
    }

    private Iterable<Batch> list(String profile) {
        ListBatchesRequest.Builder request = ListBatchesRequest.newBuilder().setParent(configuration.parent()).setPageSize(PAGE_SIZE);
        if (!filterRefused) {
            try {
                return client.listBatches(request.clone().setFilter("labels." + BatchRequest.LABEL_PROFILE + " = \"" + profile + "\"").build())
                        .iterateAll();
            } catch (ApiException e) {
                if (!GoogleErrors.is(e, StatusCode.Code.INVALID_ARGUMENT)) {
                    throw e;
                }
                filterRefused = true;
                LOG.log(System.Logger.Level.WARNING, "dataproc-serverless profile {0}: Dataproc refused the label filter ({1}); listing every batch"
                        + " of {2} and filtering here", name, GoogleErrors.describe(e), configuration.parent());
            }
        }
        return client.listBatches(request.build()).iterateAll();
    }

    @Override
    public void close() {
        client.close();
        try {
            if (!client.awaitTermination(5, TimeUnit.SECONDS)) {
                client.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.shutdownNow();
        }
    }

    /** The batch as Dataproc sees it now, or as it saw it within the poll interval unless {@code fresh}. */
    private Optional<Batch> observe(ClusterRef cluster, boolean fresh) {
        String batchName = cluster.attribute(BATCH);
        Instant now = clock.instant();
        Observed cached = observations.get(batchName);
        if (!fresh && cached != null && Duration.between(cached.at(), now).compareTo(configuration.statusPollInterval()) < 0) {
            return cached.batch();
        }
        Optional<Batch> batch = fetch(batchName);
        observations.put(batchName, new Observed(now, batch));
        batch.ifPresent(this::remember);
        return batch;
    }

    /** GetBatch; empty when Dataproc has no such batch. */
    private Optional<Batch> fetch(String batchName) {
        try {
            return Optional.of(client.getBatchCallable().call(GetBatchRequest.newBuilder().setName(batchName).build()));
        } catch (ApiException e) {
            if (GoogleErrors.is(e, StatusCode.Code.NOT_FOUND)) {
                return Optional.empty();
            }
            throw GoogleErrors.failure("cannot read Dataproc batch " + batchName, e);
        }
    }

    private void remember(Batch batch) {
        String output = batch.getRuntimeInfo().getOutputUri();
        if (!output.isBlank()) {
            outputUris.put(batch.getName(), output);
        }
        if (!BatchStates.terminal(batch.getState())) {
            seenEnded.remove(batch.getName());
        }
    }

    private void forget(String batchName) {
        observations.remove(batchName);
        seenEnded.remove(batchName);
        outputUris.remove(batchName);
    }

    /** When the batch entered its end state: Dataproc's state time, else when this backend first saw it ended. */
    private Instant endedAt(Batch batch) {
        if (batch.hasStateTime()) {
            return Instant.ofEpochSecond(batch.getStateTime().getSeconds(), batch.getStateTime().getNanos());
        }
        return seenEnded.computeIfAbsent(batch.getName(), ignored -> clock.instant());
    }

    /** Dataproc does not say how many executors a batch has; the listener's reports carry Spark's own count. */
    private static ClusterTopology topology(ClusterRef cluster, Batch batch) {
        return new ClusterTopology(count(cluster, INITIAL_WORKERS, 0), 0, 0, batch.getRuntimeInfo().getEndpointsMap(), List.of());
    }

    private static int count(ClusterRef cluster, String attribute, int otherwise) {
        String value = cluster.attributes().get(attribute);
        return value == null ? otherwise : Integer.parseInt(value);
    }
}
