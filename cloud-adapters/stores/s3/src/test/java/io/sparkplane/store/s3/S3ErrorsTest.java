package io.sparkplane.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.spi.storage.ContentException;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStoreException.Kind;
import io.sparkplane.spi.storage.ObjectStoreException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.NonRetryableException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ErrorsTest {

    private static final Location LOCATION = Location.parse("s3://bucket/path/to/été.csv");

    static Stream<Arguments> serviceErrors() {
        return Stream.of(
                // status, code, kind, words the message must hold
                Arguments.of(404, "NoSuchKey", Kind.NOT_FOUND, "no such object"),
                Arguments.of(404, "NoSuchBucket", Kind.NOT_FOUND, "the bucket 'bucket' does not exist"),
                Arguments.of(404, null, Kind.NOT_FOUND, "no such object"),
                Arguments.of(403, "AccessDenied", Kind.ACCESS_DENIED, "access denied"),
                Arguments.of(403, null, Kind.ACCESS_DENIED, "access denied"),
                Arguments.of(403, "InvalidAccessKeyId", Kind.ACCESS_DENIED, "does not know the access key id"),
                Arguments.of(403, "SignatureDoesNotMatch", Kind.ACCESS_DENIED, "secret access key does not match"),
                Arguments.of(400, "ExpiredToken", Kind.ACCESS_DENIED, "session token has expired"),
                Arguments.of(403, "RequestTimeTooSkewed", Kind.ACCESS_DENIED, "clock"),
                Arguments.of(401, null, Kind.ACCESS_DENIED, "access denied"),
                Arguments.of(403, "InvalidObjectState", Kind.FAILED, "archived"),
                Arguments.of(404, "NoSuchUpload", Kind.FAILED, "what the server said"),
                Arguments.of(503, "SlowDown", Kind.UNAVAILABLE, "kept failing after the configured retries"),
                Arguments.of(500, "InternalError", Kind.UNAVAILABLE, "kept failing"),
                Arguments.of(502, null, Kind.UNAVAILABLE, "kept failing"),
                Arguments.of(429, null, Kind.UNAVAILABLE, "kept failing"),
                Arguments.of(400, "ThrottlingException", Kind.UNAVAILABLE, "kept failing"),
                Arguments.of(400, "InvalidArgument", Kind.FAILED, "what the server said"),
                Arguments.of(501, "NotImplemented", Kind.FAILED, S3StoreSettings.CHECKSUMS + "=when-required"),
                Arguments.of(400, "XAmzContentSHA256Mismatch", Kind.FAILED, S3StoreSettings.CHECKSUMS + "=when-required"),
                Arguments.of(409, "BucketAlreadyExists", Kind.FAILED, "what the server said"));
    }

    @ParameterizedTest(name = "HTTP {0} {1} is {2}")
    @MethodSource("serviceErrors")
    void serviceErrorsMapByCodeThenStatus(int status, String code, Kind kind, String words) {
        S3Exception error = serviceError(status, code, "what the server said");

        ObjectStoreException mapped = S3Errors.toStoreException("read", LOCATION, error);

        assertThat(mapped.kind()).isEqualTo(kind);
        assertThat(mapped.location()).isEqualTo(LOCATION);
        assertThat(mapped.getMessage())
                .startsWith("cannot read " + LOCATION.uri() + ": ")
                .contains(words)
                .contains("HTTP " + status)
                .contains("request id req-1");
        if (code != null) {
            assertThat(mapped.getMessage()).contains(code);
        }
        assertThat(mapped.getCause()).isSameAs(error);
    }

    @Test
    void theSdksOwnExceptionTypesMapLikeTheirCodes() {
        NoSuchKeyException noKey = NoSuchKeyException.builder().statusCode(404)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchKey").build()).build();
        NoSuchBucketException noBucket = NoSuchBucketException.builder().statusCode(404)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchBucket").build()).build();

        assertThat(S3Errors.toStoreException("read", LOCATION, noKey).kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(S3Errors.toStoreException("upload to", LOCATION, noBucket).getMessage())
                .isEqualTo("cannot upload to " + LOCATION.uri() + ": the bucket 'bucket' does not exist (NoSuchBucket, HTTP 404)");
    }

    @Test
    void theAsyncClientsWrappersAreTakenOff() {
        S3Exception error = serviceError(404, "NoSuchBucket", "The specified bucket does not exist");
        Throwable wrapped = new CompletionException(SdkClientException.create("Failed to send multipart upload requests", error));

        ObjectStoreException mapped = S3Errors.toStoreException("upload to", LOCATION, new ExecutionException(wrapped));

        assertThat(mapped.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(mapped.getCause()).isSameAs(error);
    }

    @Test
    void aServiceErrorSuppressedBehindAClientErrorIsFound() {
        SdkClientException outer = SdkClientException.create("Failed to initiate multipart upload");
        outer.addSuppressed(serviceError(403, "AccessDenied", "Access Denied"));

        assertThat(S3Errors.toStoreException("upload to", LOCATION, outer).kind()).isEqualTo(Kind.ACCESS_DENIED);
    }

    @Test
    void aConnectionFailureIsUnavailable() {
        SdkClientException error = SdkClientException.create("Unable to execute HTTP request: Connection refused: /127.0.0.1:9",
                new ConnectException("Connection refused: /127.0.0.1:9"));

        ObjectStoreException mapped = S3Errors.toStoreException("read", LOCATION, new CompletionException(error));

        assertThat(mapped.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(mapped.getMessage()).contains("could not be reached").contains("Connection refused: /127.0.0.1:9");
    }

    @Test
    void aTimeoutIsUnavailable() {
        ApiCallTimeoutException error = ApiCallTimeoutException.create(1000);

        assertThat(S3Errors.toStoreException("read", LOCATION, error).kind()).isEqualTo(Kind.UNAVAILABLE);
    }

    @Test
    void missingCredentialsAreAccessDeniedAndSayWhereToPutThem() {
        SdkClientException error = SdkClientException.create("Unable to load credentials from any of the providers in the chain "
                + "AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider(), ...])");

        ObjectStoreException mapped = S3Errors.toStoreException("read", LOCATION, error);

        assertThat(mapped.kind()).isEqualTo(Kind.ACCESS_DENIED);
        assertThat(mapped.getMessage()).contains("no AWS credentials").contains(S3StoreSettings.ACCESS_KEY_ID).contains("AWS_ACCESS_KEY_ID");
    }

    @Test
    void contentThatEndsEarlyIsTheCallersFailureEvenBehindTheSdksRetryNotice() {
        // what the SDK reports when the first attempt's body stream failed: the real cause is in a suppressed attempt
        NonRetryableException outer = NonRetryableException.builder()
                .message("Request cannot be retried, because the request stream could not be reset.")
                .cause(new IOException("mark/reset not supported")).build();
        outer.addSuppressed(SdkClientException.create("Request attempt 1 failure: Unable to execute HTTP request",
                ContentException.tooShort(5, 10)));

        ObjectStoreException mapped = S3Errors.toStoreException("upload to", LOCATION, new CompletionException(outer));

        assertThat(mapped.kind()).isEqualTo(Kind.FAILED);
        assertThat(mapped.getMessage()).isEqualTo("cannot upload to " + LOCATION.uri() + ": the content ended after 5 of 10 bytes");
    }

    @Test
    void anUnreadableContentIsTheCallersFailure() {
        ContentException error = ContentException.unreadable(3, new IOException("pipe closed"));

        ObjectStoreException mapped = S3Errors.toStoreException("upload to", LOCATION, error);

        assertThat(mapped.kind()).isEqualTo(Kind.FAILED);
        assertThat(mapped.getMessage()).contains("reading the content failed after 3 bytes: pipe closed");
    }

    @Test
    void aStoreExceptionPassesThrough() {
        ObjectStoreException original = new ObjectStoreException(Kind.NOT_FOUND, LOCATION, "already mapped");

        assertThat(S3Errors.toStoreException("read", LOCATION, new CompletionException(original))).isSameAs(original);
    }

    @Test
    void anythingElseFailsWithItsMessage() {
        ObjectStoreException mapped = S3Errors.toStoreException("list", LOCATION, new IllegalStateException("odd"));

        assertThat(mapped.kind()).isEqualTo(Kind.FAILED);
        assertThat(mapped.getMessage()).isEqualTo("cannot list " + LOCATION.uri() + ": odd");
    }

    @Test
    void theMessageNamesTheLocationAsAUri() {
        ObjectStoreException mapped = S3Errors.toStoreException("read", LOCATION, serviceError(404, "NoSuchKey", null));

        assertThat(mapped.getMessage()).contains("s3://bucket/path/to/%C3%A9t%C3%A9.csv");
    }

    private static S3Exception serviceError(int status, String code, String message) {
        return (S3Exception) S3Exception.builder()
                .statusCode(status)
                .requestId("req-1")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .build();
    }
}
