package io.sparkplane.backend.emrserverless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/** How a failed answer is read, and which failures the SDK's retry strategy repeats. */
class EmrServerlessErrorsTest {

    private static EmrServerlessException error(int status, String header, String body) {
        return EmrServerlessClient.error("StartJobRun", status, Optional.ofNullable(header), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theCodeComesFromTheHeaderElseTheBody() {
        EmrServerlessException fromHeader = error(400, "ValidationException:http://internal.amazon.com/coral/com.amazon.emr/",
                "{\"message\":\"Job run name is too long\"}");
        assertThat(fromHeader.errorCode()).isEqualTo("ValidationException");
        assertThat(fromHeader.detail()).isEqualTo("Job run name is too long");
        assertThat(fromHeader.getMessage()).isEqualTo("StartJobRun: HTTP 400 ValidationException: Job run name is too long");

        assertThat(error(404, null, "{\"__type\":\"com.amazonaws.emrserverless#ResourceNotFoundException\",\"Message\":\"no app\"}"))
                .satisfies(e -> {
                    assertThat(e.errorCode()).isEqualTo("ResourceNotFoundException");
                    assertThat(e.detail()).isEqualTo("no app");
                    assertThat(e.notFound()).isTrue();
                });
        assertThat(error(400, null, "{\"code\":\"ConflictException\",\"message\":\"token reused\"}").errorCode()).isEqualTo("ConflictException");
        assertThat(error(502, null, "<html>Bad Gateway</html>")).satisfies(e -> {
            assertThat(e.errorCode()).isEmpty();
            assertThat(e.detail()).isEqualTo("<html>Bad Gateway</html>");
            assertThat(e.getMessage()).isEqualTo("StartJobRun: HTTP 502: <html>Bad Gateway</html>");
        });
    }

    @Test
    void theMessageSaysOnlyWhatThereIs() {
        assertThat(new EmrServerlessException("GetJobRun", EmrServerlessException.NO_RESPONSE, "", "cannot reach it", null))
                .hasMessage("GetJobRun: cannot reach it");
        assertThat(new EmrServerlessException("GetJobRun", EmrServerlessException.NO_RESPONSE, "NoCredentials", "none", null))
                .hasMessage("GetJobRun: NoCredentials: none");
        assertThat(error(500, null, "")).hasMessage("StartJobRun: HTTP 500");
    }

    @Test
    void throttlingAndTheServicesOwnFailuresAreRetryableRefusalsAreNot() {
        assertThat(error(429, null, "{}").throttling()).isTrue();
        assertThat(error(400, "ThrottlingException", "{}").throttling()).isTrue();
        assertThat(error(400, "TooManyRequestsException", "{}").retryable()).isTrue();
        assertThat(error(500, "InternalServerException", "{}").retryable()).isTrue();
        assertThat(error(503, null, "").retryable()).isTrue();
        assertThat(new EmrServerlessException("GetJobRun", EmrServerlessException.NO_RESPONSE, "", "connection refused", null).retryable()).isTrue();

        assertThat(error(400, "ValidationException", "{}").retryable()).isFalse();
        assertThat(error(400, "ResourceNotFoundException", "{}").retryable()).isFalse();
        assertThat(error(403, "AccessDeniedException", "{}").retryable()).isFalse();
        assertThat(error(409, "ConflictException", "{}").retryable()).isFalse();
        assertThat(error(501, null, "").retryable()).isFalse();
        assertThat(error(404, null, "").notFound()).isTrue();
        assertThat(new EmrServerlessException("GetJobRun", EmrServerlessException.NO_RESPONSE, EmrServerlessException.NO_CREDENTIALS,
                "no AWS credentials", null).retryable()).as("no credentials: the next attempt has none either").isFalse();
        assertThat(error(404, "UnknownOperationException", "").notFound()).isFalse();
    }

    @Test
    void theSdksStrategyRetriesWhatIsRetryableUntilItsAttemptsRunOut() {
        RetryStrategy strategy = AwsClients.retryStrategy(3);
        RetryToken token = strategy.acquireInitialToken(AcquireInitialTokenRequest.create("test")).token();
        EmrServerlessException throttled = error(400, "ThrottlingException", "{}");

        token = strategy.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token).failure(throttled).build()).token();
        RetryToken second = strategy.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token).failure(throttled).build()).token();
        assertThatThrownBy(() -> strategy.refreshRetryToken(RefreshRetryTokenRequest.builder().token(second).failure(throttled).build()))
                .as("a fourth attempt of three").isInstanceOf(TokenAcquisitionFailedException.class);

        RetryToken fresh = strategy.acquireInitialToken(AcquireInitialTokenRequest.create("test")).token();
        assertThatThrownBy(() -> strategy.refreshRetryToken(RefreshRetryTokenRequest.builder().token(fresh)
                .failure(error(400, "ValidationException", "{}")).build())).as("a refusal").isInstanceOf(TokenAcquisitionFailedException.class);
    }
}
