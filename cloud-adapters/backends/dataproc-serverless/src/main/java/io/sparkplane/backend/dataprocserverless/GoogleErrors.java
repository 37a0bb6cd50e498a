package io.sparkplane.backend.dataprocserverless;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.sparkplane.spi.engine.EngineBackendException;

/**
 * Google's answer to a failed call, as the run's user reads it: the gRPC status code and the
 * service's own message ({@code PERMISSION_DENIED: Permission 'dataproc.batches.create' denied on
 * resource ...}), never the request.
 */
final class GoogleErrors {

    private GoogleErrors() {}

    /** {@code <what>: <CODE>: <Google's message>}, the exception as its cause. */
    static EngineBackendException failure(String what, ApiException e) {
        return new EngineBackendException(what + ": " + describe(e), e);
    }

    /** {@code <CODE>: <Google's message>}. */
    static String describe(ApiException e) {
        StatusCode.Code code = e.getStatusCode() == null ? StatusCode.Code.UNKNOWN : e.getStatusCode().getCode();
        String text = description(e);
        return code + ": " + (text == null || text.isBlank() ? "(Google gave no message)" : text.strip());
    }

    static boolean is(ApiException e, StatusCode.Code code) {
        return e.getStatusCode() != null && e.getStatusCode().getCode() == code;
    }

    /** The status's own description where the cause carries it (gRPC), else the exception's message without the status prefix. */
    private static String description(ApiException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof StatusRuntimeException status) {
                return status.getStatus().getDescription();
            }
            if (cause instanceof StatusException status) {
                return status.getStatus().getDescription();
            }
        }
        String message = e.getMessage();
        if (message == null) {
            return null;
        }
        // "io.grpc.StatusRuntimeException: NOT_FOUND: ..." or "NOT_FOUND: ...": the code is said once, in front
        return message.replaceFirst("^([a-zA-Z0-9_.$]+Exception: )?[A-Z_]+: ", "");
    }
}
