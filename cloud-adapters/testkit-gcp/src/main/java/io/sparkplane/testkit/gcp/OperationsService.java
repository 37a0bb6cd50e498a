package io.sparkplane.testkit.gcp;

import static java.util.Objects.requireNonNull;

import com.google.cloud.dataproc.v1.Batch;
import com.google.longrunning.CancelOperationRequest;
import com.google.longrunning.DeleteOperationRequest;
import com.google.longrunning.GetOperationRequest;
import com.google.longrunning.ListOperationsRequest;
import com.google.longrunning.ListOperationsResponse;
import com.google.longrunning.Operation;
import com.google.longrunning.OperationsGrpc;
import com.google.protobuf.Empty;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;

/**
 * google.longrunning.Operations, which the client's operation futures poll (GetOperation) and which
 * cancels a batch (CancelOperation on the batch's operation). WaitOperation answers UNIMPLEMENTED.
 */
final class OperationsService extends OperationsGrpc.OperationsImplBase {

    private static final int DEFAULT_PAGE_SIZE = 100;
    private static final int MAXIMUM_PAGE_SIZE = 1000;

    private final DataprocState state;

    OperationsService(DataprocState state) {
        this.state = requireNonNull(state, "state is null");
    }

    @Override
    public void getOperation(GetOperationRequest request, StreamObserver<Operation> observer) {
        Rpc.answer(observer, state.log, "GetOperation", () -> {
            synchronized (state) {
                return existing(request.getName());
            }
        });
    }

    @Override
    public void listOperations(ListOperationsRequest request, StreamObserver<ListOperationsResponse> observer) {
        Rpc.answer(observer, state.log, "ListOperations", () -> {
            synchronized (state) {
                if (request.getName().isEmpty()) {
                    throw Rpc.invalidArgument("name is required: projects/{project}/regions/{region}/operations");
                }
                if (!request.getFilter().isBlank()) {
                    throw Rpc.invalidArgument("the fake lists operations without a filter");
                }
                String prefix = request.getName().endsWith("/") ? request.getName() : request.getName() + "/";
                List<Operation> matching = new ArrayList<>();
                for (Operation operation : state.operations.values()) {
                    if (operation.getName().startsWith(prefix)) {
                        matching.add(operation);
                    }
                }
                Paging<Operation> page = Paging.page(matching, request.getPageSize(), request.getPageToken(), DEFAULT_PAGE_SIZE, MAXIMUM_PAGE_SIZE);
                return ListOperationsResponse.newBuilder().addAllOperations(page.items()).setNextPageToken(page.nextPageToken()).build();
            }
        });
    }

    @Override
    public void cancelOperation(CancelOperationRequest request, StreamObserver<Empty> observer) {
        Rpc.answer(observer, state.log, "CancelOperation", () -> {
            synchronized (state) {
                Operation operation = existing(request.getName());
                for (Batch batch : state.batches.values()) {
                    if (batch.getOperation().equals(operation.getName())) {
                        state.cancelBatch(batch.getName());
                        return Empty.getDefaultInstance();
                    }
                }
                throw Rpc.unimplemented("the fake cancels batch operations only, not " + request.getName());
            }
        });
    }

    @Override
    public void deleteOperation(DeleteOperationRequest request, StreamObserver<Empty> observer) {
        Rpc.answer(observer, state.log, "DeleteOperation", () -> {
            synchronized (state) {
                existing(request.getName());
                state.operations.remove(request.getName());
                return Empty.getDefaultInstance();
            }
        });
    }

    private Operation existing(String name) {
        Operation operation = state.operations.get(name);
        if (operation == null) {
            throw Rpc.notFound("Not found: Operation " + name);
        }
        return operation;
    }
}
