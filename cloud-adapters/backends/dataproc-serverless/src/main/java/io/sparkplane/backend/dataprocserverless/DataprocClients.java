package io.sparkplane.backend.dataprocserverless;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcCallContext;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiCallContext;
import com.google.api.gax.rpc.StatusCode;
import com.google.api.gax.rpc.UnaryCallSettings;
import com.google.cloud.dataproc.v1.BatchControllerClient;
import com.google.cloud.dataproc.v1.BatchControllerSettings;
import io.grpc.ManagedChannelBuilder;
import io.sparkplane.backend.dataprocserverless.DataprocServerlessConfiguration.Credentials;
import io.sparkplane.spi.engine.EngineBackendException;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * The profile's Dataproc client, set up once: where its calls go, how they authenticate, and how
 * they are retried. The generated client retries nothing and sets no deadline by default; every
 * call here is retried on {@code UNAVAILABLE} and {@code DEADLINE_EXCEEDED} with backoff, at most
 * 6 tries within 90 seconds ({@link #RETRY}), by the client's own retry machinery. CreateBatch is among them:
 * its request id makes a repeated call the same call.
 */
final class DataprocClients {

    /** The calls' backoff and deadlines: short enough that one call never holds a control-plane loop for long. */
    static final RetrySettings RETRY = RetrySettings.newBuilder()
            .setInitialRetryDelayDuration(Duration.ofMillis(250))
            .setRetryDelayMultiplier(2.0)
            .setMaxRetryDelayDuration(Duration.ofSeconds(8))
            .setInitialRpcTimeoutDuration(Duration.ofSeconds(30))
            .setRpcTimeoutMultiplier(1.0)
            .setMaxRpcTimeoutDuration(Duration.ofSeconds(30))
            .setTotalTimeoutDuration(Duration.ofSeconds(90))
            .setMaxAttempts(6)
            .build();
    /** What a repeated call may mend: the service or the network was briefly away, or a call got no answer in time. */
    static final Set<StatusCode.Code> RETRYABLE = Set.of(StatusCode.Code.UNAVAILABLE, StatusCode.Code.DEADLINE_EXCEEDED);

    private DataprocClients() {}

    /**
     * @throws EngineBackendException when the client cannot be set up: no Application Default
     *     Credentials on this machine, with Google's own explanation
     */
    static BatchControllerClient batchController(DataprocServerlessConfiguration configuration) {
        try {
            return BatchControllerClient.create(settings(configuration));
        } catch (IOException e) {
            throw new EngineBackendException("cannot set up the Dataproc client for project " + configuration.project() + " in "
                    + configuration.region() + ": " + e.getMessage(), e);
        }
    }

    static BatchControllerSettings settings(DataprocServerlessConfiguration configuration) throws IOException {
        BatchControllerSettings.Builder builder = BatchControllerSettings.newBuilder().setEndpoint(configuration.target());
        boolean plaintext = configuration.endpoint().map(DataprocServerlessConfiguration.Endpoint::plaintext).orElse(false);
        if (plaintext) {
            builder.setTransportChannelProvider(InstantiatingGrpcChannelProvider.newBuilder()
                    .setEndpoint(configuration.target())
                    .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                    .build());
        }
        if (configuration.credentials() == Credentials.NONE) {
            builder.setCredentialsProvider(NoCredentialsProvider.create());
        } else {
            builder.setCredentialsProvider(BatchControllerSettings.defaultCredentialsProviderBuilder().build());
        }
        retried(builder.createBatchSettings());
        retried(builder.getBatchSettings());
        retried(builder.listBatchesSettings());
        retried(builder.deleteBatchSettings());
        return builder.build();
    }

    private static void retried(UnaryCallSettings.Builder<?, ?> call) {
        call.setRetryableCodes(RETRYABLE).setRetrySettings(RETRY);
    }

    /**
     * The call context of an Operations call (CancelOperation): the operations client the Dataproc
     * client makes keeps google.longrunning's own defaults (retries for up to 10 minutes), which
     * this bounds as the other calls are.
     */
    static ApiCallContext operationsCall() {
        return GrpcCallContext.createDefault().withRetrySettings(RETRY).withRetryableCodes(RETRYABLE);
    }
}
