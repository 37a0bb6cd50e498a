package io.sparkplane.testkit.gcp;

import static java.util.Objects.requireNonNull;

import com.google.cloud.dataproc.v1.Batch;
import com.google.cloud.dataproc.v1.BatchControllerGrpc;
import com.google.cloud.dataproc.v1.BatchOperationMetadata;
import com.google.cloud.dataproc.v1.CreateBatchRequest;
import com.google.cloud.dataproc.v1.DeleteBatchRequest;
import com.google.cloud.dataproc.v1.GetBatchRequest;
import com.google.cloud.dataproc.v1.ListBatchesRequest;
import com.google.cloud.dataproc.v1.ListBatchesResponse;
import com.google.cloud.dataproc.v1.RuntimeInfo;
import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * google.cloud.dataproc.v1.BatchController (Dataproc Serverless): create, get, list, delete. A batch
 * is cancelled with google.longrunning.Operations.CancelOperation on its operation, as Google's
 * clients and gcloud do.
 */
final class BatchControllerService extends BatchControllerGrpc.BatchControllerImplBase {

    /** The fields the fake filters on; create_time comparisons are refused rather than answered wrongly. */
    private static final Set<String> FILTER_FIELDS = Set.of("state", "batch_id", "batch_uuid");
    /** "The default page size is 20; the maximum page size is 1000." */
    private static final int DEFAULT_PAGE_SIZE = 20;
    private static final int MAXIMUM_PAGE_SIZE = 1000;

    private final DataprocState state;

    BatchControllerService(DataprocState state) {
        this.state = requireNonNull(state, "state is null");
    }

    @Override
    public void createBatch(CreateBatchRequest request, StreamObserver<Operation> observer) {
        Rpc.answer(observer, state.log, "CreateBatch", () -> create(request));
    }

    @Override
    public void getBatch(GetBatchRequest request, StreamObserver<Batch> observer) {
        Rpc.answer(observer, state.log, "GetBatch", () -> {
            synchronized (state) {
                return existing(request.getName());
            }
        });
    }

    @Override
    public void listBatches(ListBatchesRequest request, StreamObserver<ListBatchesResponse> observer) {
        Rpc.answer(observer, state.log, "ListBatches", () -> list(request));
    }

    @Override
    public void deleteBatch(DeleteBatchRequest request, StreamObserver<Empty> observer) {
        Rpc.answer(observer, state.log, "DeleteBatch", () -> {
            synchronized (state) {
                Batch batch = existing(request.getName());
                if (!DataprocState.isTerminal(batch.getState())) {
                    // "If the batch is not in terminal state, the delete fails and the response returns FAILED_PRECONDITION"
                    throw Rpc.failedPrecondition("Batch " + request.getName() + " is in state " + batch.getState()
                            + ": only a terminal batch can be deleted");
                }
                state.batches.remove(request.getName());
                state.deletedBatches.add(ResourceRules.lastSegment(request.getName()));
                state.log.log(request.getName() + ": deleted");
                return Empty.getDefaultInstance();
            }
        });
    }

    private Operation create(CreateBatchRequest request) {
        synchronized (state) {
            String[] projectAndLocation = ResourceRules.locationParent(request.getParent());
            String project = projectAndLocation[0];
            String location = projectAndLocation[1];
            ResourceRules.checkRequestId(request.getRequestId());
            String requestKey = "CreateBatch|" + request.getParent() + "|" + request.getRequestId();
            if (!request.getRequestId().isEmpty() && state.requestIds.containsKey(requestKey)) {
                Operation first = state.operations.get(state.requestIds.get(requestKey));
                if (first != null) {
                    return first; // "the second request is ignored and the Operation that corresponds to the first Batch ... is returned"
                }
            }
            String batchId = request.getBatchId().isEmpty() ? UUID.randomUUID().toString() : request.getBatchId();
            ResourceRules.checkBatchId(batchId);
            String name = request.getParent() + "/batches/" + batchId;
            if (state.batches.containsKey(name)) {
                throw Rpc.alreadyExists("Already exists: Failed to create batch: Batch " + name);
            }
            Batch requested = request.getBatch();
            if (requested.getBatchConfigCase() == Batch.BatchConfigCase.BATCHCONFIG_NOT_SET) {
                throw Rpc.invalidArgument("Batch " + batchId + " has no batch config (pyspark_batch, spark_batch, ...)");
            }
            ResourceRules.checkLabels(requested.getLabelsMap());
            String uuid = UUID.randomUUID().toString();
            String stagingBucket = requested.getEnvironmentConfig().getExecutionConfig().getStagingBucket();
            if (stagingBucket.isEmpty()) {
                // Serverless makes and manages a per-location staging bucket; the fake only names one
                stagingBucket = "dataproc-staging-" + location + "-" + project;
            }
            String operationName = "projects/" + project + "/regions/" + location + "/operations/" + UUID.randomUUID();
            Timestamp now = Rpc.now();
            Batch batch = requested.toBuilder()
                    .setName(name)
                    .setUuid(uuid)
                    .setCreateTime(now)
                    .setCreator("sparkplane-test@fake-dataproc")
                    .setOperation(operationName)
                    .setRuntimeInfo(RuntimeInfo.newBuilder().setOutputUri("gs://" + stagingBucket + "/google-cloud-dataproc-metainfo/" + uuid
                            + "/jobs/srvls-batch-" + uuid + "/driveroutput"))
                    .clearStateHistory()
                    .setState(Batch.State.PENDING)
                    .clearStateMessage()
                    .setStateTime(now)
                    .build();
            BatchOperationMetadata metadata = BatchOperationMetadata.newBuilder()
                    .setBatch(name)
                    .setBatchUuid(uuid)
                    .setCreateTime(now)
                    .setOperationType(BatchOperationMetadata.BatchOperationType.BATCH)
                    .setDescription("Batch")
                    .putAllLabels(requested.getLabelsMap())
                    .build();
            Operation operation = Operation.newBuilder().setName(operationName).setMetadata(Any.pack(metadata)).setDone(false).build();
            state.batches.put(name, batch);
            state.operations.put(operationName, operation);
            if (!request.getRequestId().isEmpty()) {
                state.requestIds.put(requestKey, operationName);
            }
            state.log.log(name + ": PENDING (" + batch.getBatchConfigCase() + "), operation " + operationName);
            state.scheduleBatch(name);
            return operation;
        }
    }

    private ListBatchesResponse list(ListBatchesRequest request) {
        synchronized (state) {
            ResourceRules.locationParent(request.getParent());
            if (!request.getOrderBy().isEmpty() && !request.getOrderBy().equals("create_time desc")) {
                throw Rpc.invalidArgument("order_by can be empty or 'create_time desc', not '" + request.getOrderBy() + "'");
            }
            ListFilter filter = ListFilter.parse(request.getFilter(), FILTER_FIELDS);
            for (ListFilter.Term term : filter.terms()) {
                if (term.field().equals("state") && !term.value().equals(ListFilter.ANY)) {
                    try {
                        Batch.State.valueOf(term.value());
                    } catch (IllegalArgumentException e) {
                        throw Rpc.invalidArgument("Invalid filter: '" + term.value() + "' is not a batch state");
                    }
                }
            }
            List<Batch> matching = new ArrayList<>();
            for (Map.Entry<String, Batch> entry : state.batches.entrySet()) {
                if (entry.getKey().startsWith(request.getParent() + "/batches/") && matches(entry.getValue(), filter)) {
                    matching.add(entry.getValue());
                }
            }
            if (request.getOrderBy().equals("create_time desc")) {
                java.util.Collections.reverse(matching); // kept in creation order
            }
            Paging<Batch> page = Paging.page(matching, request.getPageSize(), request.getPageToken(), DEFAULT_PAGE_SIZE, MAXIMUM_PAGE_SIZE);
            return ListBatchesResponse.newBuilder().addAllBatches(page.items()).setNextPageToken(page.nextPageToken()).build();
        }
    }

    private static boolean matches(Batch batch, ListFilter filter) {
        for (ListFilter.Term term : filter.terms()) {
            boolean matches = switch (term.field()) {
                case "state" -> term.matches(batch.getState().name());
                case "batch_id" -> term.matches(ResourceRules.lastSegment(batch.getName()));
                case "batch_uuid" -> term.matches(batch.getUuid());
                default -> term.matchesLabel(batch.getLabelsMap());
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    private Batch existing(String name) {
        ResourceRules.checkBatchName(name);
        Batch batch = state.batches.get(name);
        if (batch == null) {
            throw Rpc.notFound("Not found: Batch " + name);
        }
        return batch;
    }
}
