package io.sparkplane.store.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.storage.StorageException;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStoreException.Kind;
import io.sparkplane.spi.storage.ObjectStoreException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GcsErrorMappingTest {

    private static final Location LOCATION = new Location("gs", "bucket", "dir/été report.csv");

    static Stream<Arguments> serviceAnswers() {
        return Stream.of(
                Arguments.of(404, "notFound", Kind.NOT_FOUND, "404 notFound"),
                Arguments.of(401, "required", Kind.ACCESS_DENIED, "401 required"),
                Arguments.of(403, "forbidden", Kind.ACCESS_DENIED, "403 forbidden"),
                Arguments.of(408, null, Kind.UNAVAILABLE, "HTTP 408"),
                Arguments.of(429, "rateLimitExceeded", Kind.UNAVAILABLE, "429 rateLimitExceeded"),
                Arguments.of(500, "backendError", Kind.UNAVAILABLE, "500 backendError"),
                Arguments.of(503, "backendError", Kind.UNAVAILABLE, "503 backendError"),
                Arguments.of(400, "invalid", Kind.FAILED, "400 invalid"),
                Arguments.of(412, "conditionNotMet", Kind.FAILED, "412 conditionNotMet"));
    }

    @ParameterizedTest
    @MethodSource("serviceAnswers")
    void anHttpAnswerMapsByStatus(int status, String reason, Kind kind, String code) {
        StorageException failure = new StorageException(status, "the SDK's own words: https://storage.example/b/bucket?token=xyz", reason, null);

        ObjectStoreException mapped = GcsErrorMapping.toObjectStoreException("read", LOCATION, failure);

        assertThat(mapped.kind()).isEqualTo(kind);
        assertThat(mapped.location()).isEqualTo(LOCATION);
        assertThat(mapped.getMessage())
                .startsWith("cannot read " + LOCATION.uri() + ": ")
                .endsWith("(" + code + ")")
                .doesNotContain("token=xyz")
                .doesNotContain("\n");
        assertThat(mapped.getCause()).isSameAs(failure);
    }

    static Stream<Arguments> networkFailures() {
        return Stream.of(
                Arguments.of(new ConnectException("Connection refused"), "ConnectException"),
                Arguments.of(new UnknownHostException("storage.invalid"), "UnknownHostException"),
                Arguments.of(new SocketTimeoutException("Read timed out"), "SocketTimeoutException"));
    }

    @ParameterizedTest
    @MethodSource("networkFailures")
    void noAnswerAfterTheRetriesIsUnavailable(IOException cause, String code) {
        // what the SDK throws when no HTTP answer came: code 0, the I/O failure as cause
        StorageException failure = new StorageException(0, cause.getMessage(), cause);

        ObjectStoreException mapped = GcsErrorMapping.toObjectStoreException("upload to", LOCATION, failure);

        assertThat(mapped.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(mapped.getMessage()).contains("cannot upload to " + LOCATION.uri()).endsWith("(" + code + ")");
    }

    @Test
    void aStorageFailureInsideAnIoExceptionIsFound() {
        // ReadChannel.read reports the service's answer as an IOException wrapping it
        IOException failure = new IOException(new StorageException(404, "gone", "notFound", null));

        ObjectStoreException mapped = GcsErrorMapping.toObjectStoreException("read", LOCATION, failure);

        assertThat(mapped.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(mapped.getMessage()).endsWith("(404 notFound)");
    }

    @Test
    void aContentFailureIsFailedAndSaysWhat() {
        EOFException failure = new EOFException("the content ended after 3 of the 10 bytes announced");

        ObjectStoreException mapped = GcsErrorMapping.toObjectStoreException("upload to", LOCATION, failure);

        assertThat(mapped.kind()).isEqualTo(Kind.FAILED);
        assertThat(mapped.getMessage())
                .isEqualTo("cannot upload to " + LOCATION.uri() + ": EOFException: the content ended after 3 of the 10 bytes announced");
    }

    @Test
    void anUnknownStatusWithoutAnAnswerIsFailed() {
        StorageException failure = new StorageException(0, "no idea", new IllegalStateException("odd"));

        assertThat(GcsErrorMapping.toObjectStoreException("list", LOCATION, failure).kind()).isEqualTo(Kind.FAILED);
    }
}
