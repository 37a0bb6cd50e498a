package io.sparkplane.testkit.gcp;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.longrunning.OperationTimedPollAlgorithm;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.dataproc.v1.BatchControllerClient;
import com.google.cloud.dataproc.v1.BatchControllerSettings;
import com.google.cloud.dataproc.v1.ClusterControllerClient;
import com.google.cloud.dataproc.v1.ClusterControllerSettings;
import com.google.cloud.dataproc.v1.JobControllerClient;
import com.google.cloud.dataproc.v1.JobControllerSettings;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The real google-cloud-dataproc clients, connected to a fake as the backends connect them. */
final class TestClients {

    private TestClients() {}

    /** As the backends' settings build it: plaintext to 127.0.0.1, no credentials. */
    static TransportChannelProvider channel(FakeDataprocServer fake) {
        return InstantiatingGrpcChannelProvider.newBuilder()
                .setEndpoint("127.0.0.1:" + fake.port())
                .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                .build();
    }

    /**
     * Polls operations every 50 to 200 ms instead of the defaults (clusters: first poll after 1 s,
     * doubling to 10 s; batches: after 5 s, 1.5 times to 45 s), so a test waits for the fake's short
     * delays, not the client's.
     */
    static OperationTimedPollAlgorithm fastPolling() {
        return OperationTimedPollAlgorithm.create(RetrySettings.newBuilder()
                .setInitialRetryDelayDuration(Duration.ofMillis(50))
                .setRetryDelayMultiplier(1.5)
                .setMaxRetryDelayDuration(Duration.ofMillis(200))
                .setInitialRpcTimeoutDuration(Duration.ZERO)
                .setRpcTimeoutMultiplier(1.0)
                .setMaxRpcTimeoutDuration(Duration.ZERO)
                .setTotalTimeoutDuration(Duration.ofSeconds(60))
                .build());
    }

    /** The client's own defaults for everything but the transport. */
    static ClusterControllerClient defaultClusters(FakeDataprocServer fake) throws IOException {
        return ClusterControllerClient.create(ClusterControllerSettings.newBuilder()
                .setCredentialsProvider(NoCredentialsProvider.create())
                .setTransportChannelProvider(channel(fake))
                .build());
    }

    static ClusterControllerClient clusters(FakeDataprocServer fake) throws IOException {
        ClusterControllerSettings.Builder settings = ClusterControllerSettings.newBuilder()
                .setCredentialsProvider(NoCredentialsProvider.create())
                .setTransportChannelProvider(channel(fake));
        settings.createClusterOperationSettings().setPollingAlgorithm(fastPolling());
        settings.updateClusterOperationSettings().setPollingAlgorithm(fastPolling());
        settings.deleteClusterOperationSettings().setPollingAlgorithm(fastPolling());
        return ClusterControllerClient.create(settings.build());
    }

    static JobControllerClient jobs(FakeDataprocServer fake) throws IOException {
        return JobControllerClient.create(JobControllerSettings.newBuilder()
                .setCredentialsProvider(NoCredentialsProvider.create())
                .setTransportChannelProvider(channel(fake))
                .build());
    }

    static BatchControllerClient batches(FakeDataprocServer fake) throws IOException {
        BatchControllerSettings.Builder settings = BatchControllerSettings.newBuilder()
                .setCredentialsProvider(NoCredentialsProvider.create())
                .setTransportChannelProvider(channel(fake));
        settings.createBatchOperationSettings().setPollingAlgorithm(fastPolling());
        return BatchControllerClient.create(settings.build());
    }

    /** Waits for {@code condition}, looking every 20 ms; fails naming {@code what} after {@code limit}. */
    static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            Thread.sleep(20);
        }
    }
}
