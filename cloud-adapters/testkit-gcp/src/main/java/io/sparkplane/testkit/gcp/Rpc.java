package io.sparkplane.testkit.gcp;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.sparkplane.testkit.localspark.FakeLog;
import java.time.Instant;
import java.util.function.Supplier;

/** What every service of the fake shares: answering a unary call, building its errors, and timestamps. */
final class Rpc {

    private Rpc() {}

    /**
     * Answers a unary call with what {@code handler} returns, or with the gRPC status it throws. Any
     * other exception is a bug of the fake: answered INTERNAL, naming it, so a test sees it at once.
     */
    static <T> void answer(StreamObserver<T> observer, FakeLog log, String method, Supplier<T> handler) {
        T response;
        try {
            response = handler.get();
        } catch (StatusRuntimeException e) {
            log.log(method + ": " + e.getStatus().getCode() + ": " + e.getStatus().getDescription());
            observer.onError(e);
            return;
        } catch (RuntimeException e) {
            log.log(method + ": the fake failed: " + e);
            observer.onError(Status.INTERNAL.withDescription("the fake failed: " + e).withCause(e).asRuntimeException());
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }

    static StatusRuntimeException invalidArgument(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    static StatusRuntimeException notFound(String message) {
        return Status.NOT_FOUND.withDescription(message).asRuntimeException();
    }

    static StatusRuntimeException alreadyExists(String message) {
        return Status.ALREADY_EXISTS.withDescription(message).asRuntimeException();
    }

    static StatusRuntimeException failedPrecondition(String message) {
        return Status.FAILED_PRECONDITION.withDescription(message).asRuntimeException();
    }

    static StatusRuntimeException unimplemented(String message) {
        return Status.UNIMPLEMENTED.withDescription(message).asRuntimeException();
    }

    /** By hand: protobuf-java-util (Timestamps) comes with the client, which is not on the fake's class path. */
    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static Timestamp now() {
        return timestamp(Instant.now());
    }

    /** A google.rpc.Status, the error of a done operation. */
    static com.google.rpc.Status error(Status.Code code, String message) {
        return com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(message).build();
    }
}
