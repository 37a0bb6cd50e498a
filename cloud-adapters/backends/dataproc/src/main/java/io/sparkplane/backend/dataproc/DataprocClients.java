package io.sparkplane.backend.dataproc;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ClientSettings;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.dataproc.v1.ClusterControllerClient;
import com.google.cloud.dataproc.v1.ClusterControllerSettings;
import com.google.cloud.dataproc.v1.JobControllerClient;
import com.google.cloud.dataproc.v1.JobControllerSettings;
import io.grpc.ManagedChannelBuilder;
import io.sparkplane.spi.engine.EngineBackendException;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * Dataproc's cluster and job clients on a profile's endpoint and credentials (Application Default
 * Credentials unless an emulator's), with one retry policy: a service not answering is retried with
 * backoff by the client itself, for {@link #READ_TIMEOUT} on a look and the profile's operation timeout
 * on a change; creates and submits too, since their request ids make a repeat the same call.
 */
final class DataprocClients {

    /**
     * Retried: the service not answering. Not {@code RESOURCE_EXHAUSTED}: a quota spent is not mended
     * by spending more of it, and the control plane asks again on its next pass anyway.
     */
    private static final Set<StatusCode.Code> TRANSIENT = Set.of(StatusCode.Code.UNAVAILABLE, StatusCode.Code.DEADLINE_EXCEEDED);
    /** A look (get, list) made from the control plane's loops: short, so one slow answer does not hold every run up. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    private DataprocClients() {}

    record Clients(ClusterControllerClient clusters, JobControllerClient jobs) implements AutoCloseable {
        @Override
        public void close() {
            try {
                jobs.close();
            } finally {
                clusters.close();
            }
        }
    }

    static Clients connect(DataprocConfiguration configuration) {
        RetrySettings read = retry(READ_TIMEOUT);
        RetrySettings write = retry(configuration.operationTimeout());
        try {
            ClusterControllerSettings.Builder clusters = transport(ClusterControllerSettings.newBuilder(), configuration.endpoint());
            clusters.applyToAllUnaryMethods(method -> {
                method.setRetrySettings(read).setRetryableCodes(TRANSIENT);
                return null;
            });
            // changes carry request ids (a resize a fresh one per call): a repeat is the same change
            clusters.createClusterSettings().setRetrySettings(write);
            clusters.updateClusterSettings().setRetrySettings(write);
            clusters.deleteClusterSettings().setRetrySettings(write);
            JobControllerSettings.Builder jobs = transport(JobControllerSettings.newBuilder(), configuration.endpoint());
            jobs.applyToAllUnaryMethods(method -> {
                method.setRetrySettings(read).setRetryableCodes(TRANSIENT);
                return null;
            });
            jobs.submitJobSettings().setRetrySettings(write);
            ClusterControllerClient clusterClient = ClusterControllerClient.create(clusters.build());
            try {
                return new Clients(clusterClient, JobControllerClient.create(jobs.build()));
            } catch (IOException | RuntimeException e) {
                clusterClient.close();
                throw e;
            }
        } catch (IOException e) {
            throw new EngineBackendException("cannot make Dataproc's clients for " + configuration.endpoint().hostAndPort() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The endpoint and, for an emulator's plaintext one, no TLS and no credentials. */
    static <B extends ClientSettings.Builder<?, B>> B transport(B builder, GoogleEndpoint endpoint) {
        builder.setEndpoint(endpoint.hostAndPort());
        if (endpoint.plaintext()) {
            builder.setTransportChannelProvider(InstantiatingGrpcChannelProvider.newBuilder()
                    .setEndpoint(endpoint.hostAndPort())
                    .setChannelConfigurator(ManagedChannelBuilder::usePlaintext)
                    .build());
        }
        if (!endpoint.credentials()) {
            builder.setCredentialsProvider(NoCredentialsProvider.create());
        }
        return builder;
    }

    /** Backoff from 200 ms to 10 s, each attempt bounded, all of them within {@code total}. */
    static RetrySettings retry(Duration total) {
        return RetrySettings.newBuilder()
                .setInitialRetryDelayDuration(Duration.ofMillis(200))
                .setRetryDelayMultiplier(2.0)
                .setMaxRetryDelayDuration(Duration.ofSeconds(10))
                .setInitialRpcTimeoutDuration(Duration.ofSeconds(30))
                .setRpcTimeoutMultiplier(1.0)
                .setMaxRpcTimeoutDuration(Duration.ofSeconds(30))
                .setTotalTimeoutDuration(total)
                .build();
    }
}
