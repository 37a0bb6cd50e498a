package io.sparkplane.backend.dataprocserverless;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.ApiExceptionFactory;
import com.google.api.gax.rpc.StatusCode;
import io.grpc.Status;
import io.sparkplane.spi.engine.EngineBackendException;
import org.junit.jupiter.api.Test;

/** Google's errors as the run's user reads them: the status code and Google's own message, once each. */
class GoogleErrorsTest {

    private static ApiException grpc(Status status) {
        return ApiExceptionFactory.createException(status.asRuntimeException(), GrpcStatusCode.of(status.getCode()), false);
    }

    @Test
    void aGrpcErrorIsItsCodeAndGooglesMessage() {
        ApiException denied = grpc(Status.PERMISSION_DENIED.withDescription(
                "Permission 'dataproc.batches.create' denied on resource '//dataproc.googleapis.com/projects/p/locations/us-central1'"));

        assertThat(GoogleErrors.describe(denied)).isEqualTo("PERMISSION_DENIED: Permission 'dataproc.batches.create' denied on resource "
                + "'//dataproc.googleapis.com/projects/p/locations/us-central1'");
        assertThat(GoogleErrors.is(denied, StatusCode.Code.PERMISSION_DENIED)).isTrue();
        assertThat(GoogleErrors.is(denied, StatusCode.Code.NOT_FOUND)).isFalse();
        EngineBackendException failure = GoogleErrors.failure("Dataproc did not create batch sp-1", denied);
        assertThat(failure).hasMessage("Dataproc did not create batch sp-1: PERMISSION_DENIED: Permission 'dataproc.batches.create' denied on "
                + "resource '//dataproc.googleapis.com/projects/p/locations/us-central1'").hasCause(denied);
    }

    @Test
    void anErrorWithoutADescriptionSaysSo() {
        assertThat(GoogleErrors.describe(grpc(Status.UNAVAILABLE))).isEqualTo("UNAVAILABLE: (Google gave no message)");
    }

    @Test
    void anErrorWithoutAGrpcCauseLosesTheRepeatedCode() {
        ApiException plain = ApiExceptionFactory.createException("NOT_FOUND: Batch projects/p/locations/r/batches/b not found", null,
                GrpcStatusCode.of(Status.Code.NOT_FOUND), false);

        assertThat(GoogleErrors.describe(plain)).isEqualTo("NOT_FOUND: Batch projects/p/locations/r/batches/b not found");
    }
}
