package io.sparkplane.tests;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.dataproc.v1.Cluster;
import com.google.cloud.dataproc.v1.ClusterConfig;
import com.google.cloud.dataproc.v1.ClusterControllerClient;
import com.google.cloud.dataproc.v1.ClusterControllerSettings;
import com.google.cloud.dataproc.v1.InstanceGroupConfig;
import com.google.cloud.dataproc.v1.Job;
import com.google.cloud.dataproc.v1.JobControllerClient;
import com.google.cloud.dataproc.v1.JobControllerSettings;
import com.google.cloud.dataproc.v1.JobPlacement;
import com.google.cloud.dataproc.v1.JobReference;
import com.google.cloud.dataproc.v1.PySparkJob;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import io.grpc.ManagedChannelBuilder;
import io.sparkplane.store.gcs.FakeGcsServerPeer;
import io.sparkplane.store.gcs.GcsCredentials;
import io.sparkplane.store.gcs.GcsStorageFactory;
import io.sparkplane.store.gcs.GcsStoreSettings;
import io.sparkplane.testkit.gcp.FakeDataprocServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 100 runs on the {@code dataproc} backend submitted at once, against the testkit's {@link
 * FakeDataprocServer} in its state-only mode (a job stays RUNNING: nothing runs, so what is measured
 * is the control plane's own path: API, dispatch, staging on fake-gcs-server, the backend's calls
 * through Google's client over gRPC, the cluster's creation, the job's submit and the reconciler
 * seeing it run). Beside it, in the same run against the same fake: the raw client calls alone,
 * {@code CreateCluster} awaited through its operation, then {@code SubmitJob}, per run, from as many
 * threads as the control plane provisions with and from 32.
 *
 * <p>Not part of the test suite (no *Test/*IT name): it prints figures and asserts nothing about
 * time; it fails when a run does not come, rather than print partial figures.
 */
class GcpSubmissionBenchmark {

    private static final Path JOBS = Path.of("src/test/resources/jobs").toAbsolutePath();
    private static final int RUNS = Integer.getInteger("bench.gcp.runs", 100);
    /** The control plane's {@code sparkplane.dispatcher.provision-concurrency} default. */
    private static final int PROVISIONERS = 4;
    private static final int WARM_UP_RUNS = 5;
    private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration CLUSTER_START = Duration.ofMillis(300);

    @Test
    void hundredRunsAtOnceOnDataprocBesideTheRawClientCalls() throws Exception {
        Path home = Files.createTempDirectory("sparkplane-gcp-bench-");
        try (FakeGcsServerPeer gcs = FakeGcsServerPeer.start(); FakeDataprocServer dataproc = FakeDataprocServer.start()) {
            try (Storage storage = GcsStorageFactory.create(GcsStoreSettings.defaults().withEndpoint(gcs.endpoint())
                    .withProjectId(FakeDataprocServer.PROJECT).withCredentials(GcsCredentials.none()))) {
                storage.create(BucketInfo.of("staging"));
            }
            dataproc.clusterStartDelay(CLUSTER_START);
            ControlPlaneProcess controlPlane = new ControlPlaneProcess(Files.createDirectories(home.resolve("control-plane")))
                    .withProperty("sparkplane.staging.location", "gs://staging/sparkplane/")
                    // one token submits all at once: the per-token rate limit is not what is measured
                    .withProperty("sparkplane.auth.submissions-per-second", "0")
                    .withProperty("sparkplane.store.gcs.endpoint", gcs.endpoint().toString())
                    .withProperty("sparkplane.store.gcs.project-id", FakeDataprocServer.PROJECT)
                    .withProperty("sparkplane.store.gcs.credentials", "none");
            Map.of("type", "dataproc", "project", FakeDataprocServer.PROJECT, "region", FakeDataprocServer.REGION,
                    "endpoint", dataproc.endpoint(), "credentials", "none",
                    "status-poll-interval", "PT2S", "max-concurrent-runs", Integer.toString(RUNS + WARM_UP_RUNS))
                    .forEach((name, value) -> controlPlane.withProperty("sparkplane.backends.dataproc." + name, value));
            try (controlPlane) {
                controlPlane.start();
                SparkplaneClient client = controlPlane.client();
                String job = SparkplaneClient.json(client.uploadArtifact(JOBS.resolve("greetings.py"), "greetings.py").body()).get("ref").asText();
                String body = """
                        {"backend": "dataproc", "entrypoint": {"pythonFile": "%s"}, "autoscaling": {"policy": "static", "minExecutors": 2, "maxExecutors": 2}}
                        """.formatted(job);

                // warm-up: the JIT, the backend's first client, the listener's first staging
                RunBurst warmUp = RunBurst.submit(client, body, WARM_UP_RUNS);
                warmUp.cancel(client);
                dataproc.resetCalls();

                RunBurst measured = RunBurst.submit(client, body, RUNS);
                Map<String, Integer> calls = dataproc.calls();
                measured.cancel(client);

                Duration rawFew = raw(dataproc, PROVISIONERS);
                Duration raw32 = raw(dataproc, RunBurst.CLIENTS);

                int dataprocCalls = calls.values().stream().mapToInt(Integer::intValue).sum();
                System.out.printf(Locale.ROOT, "%n%d runs on dataproc against the fake Dataproc server (clusters CREATING for %d ms)%n",
                        RUNS, CLUSTER_START.toMillis());
                System.out.printf(Locale.ROOT, "| path | threads | time | runs/min | Dataproc calls per run |%n|---|---|---|---|---|%n");
                System.out.printf(Locale.ROOT, "| Sparkplane: POST to job RUNNING | %d clients, %d provisioners | %.1f s | %.0f | %.1f |%n", RunBurst.CLIENTS,
                        PROVISIONERS, RunBurst.seconds(measured.elapsed()), RunBurst.perMinute(RUNS, measured.elapsed()), dataprocCalls / (double) RUNS);
                System.out.printf(Locale.ROOT, "| raw client: CreateCluster awaited + SubmitJob | %d | %.1f s | %.0f | - |%n", PROVISIONERS,
                        RunBurst.seconds(rawFew), RunBurst.perMinute(RUNS, rawFew));
                System.out.printf(Locale.ROOT, "| raw client: CreateCluster awaited + SubmitJob | %d | %.1f s | %.0f | - |%n", RunBurst.CLIENTS,
                        RunBurst.seconds(raw32), RunBurst.perMinute(RUNS, raw32));
                System.out.printf(Locale.ROOT, "Sparkplane against the raw calls from as many threads: %.2f%n",
                        RunBurst.seconds(rawFew) / RunBurst.seconds(measured.elapsed()));
                System.out.printf(Locale.ROOT, "Dataproc calls per run by method: %s%n", RunBurst.perRun(calls, RUNS));
            }
        } finally {
            TemporaryDirectories.delete(home);
        }
    }

    /** {@link #RUNS} clusters made with the client alone, each created (its operation awaited) then given its job, from {@code threads}. */
    private static Duration raw(FakeDataprocServer dataproc, int threads) throws Exception {
        String endpoint = dataproc.endpoint().replaceFirst("^http://", "");
        InstantiatingGrpcChannelProvider channel = InstantiatingGrpcChannelProvider.newBuilder().setEndpoint(endpoint)
                .setChannelConfigurator(ManagedChannelBuilder::usePlaintext).build();
        try (ClusterControllerClient clusters = ClusterControllerClient.create(ClusterControllerSettings.newBuilder()
                        .setCredentialsProvider(NoCredentialsProvider.create()).setTransportChannelProvider(channel).build());
                JobControllerClient jobs = JobControllerClient.create(JobControllerSettings.newBuilder()
                        .setCredentialsProvider(NoCredentialsProvider.create()).setTransportChannelProvider(channel).build())) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            try {
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < RUNS; i++) {
                    String name = "raw-" + threads + "-" + i;
                    calls.add(pool.submit(() -> {
                        clusters.createClusterAsync(FakeDataprocServer.PROJECT, FakeDataprocServer.REGION, Cluster.newBuilder()
                                .setProjectId(FakeDataprocServer.PROJECT).setClusterName(name)
                                .setConfig(ClusterConfig.newBuilder().setConfigBucket("staging")
                                        .setMasterConfig(InstanceGroupConfig.newBuilder().setNumInstances(1))
                                        .setWorkerConfig(InstanceGroupConfig.newBuilder().setNumInstances(2))
                                        .setSecondaryWorkerConfig(InstanceGroupConfig.newBuilder().setNumInstances(2)))
                                .build()).get(PHASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                        jobs.submitJob(FakeDataprocServer.PROJECT, FakeDataprocServer.REGION, Job.newBuilder()
                                .setReference(JobReference.newBuilder().setJobId(name))
                                .setPlacement(JobPlacement.newBuilder().setClusterName(name))
                                .setPysparkJob(PySparkJob.newBuilder().setMainPythonFileUri("gs://staging/job.py"))
                                .build());
                        return null;
                    }));
                }
                for (Future<?> call : calls) {
                    call.get();
                }
            } finally {
                pool.shutdown();
            }
            return Duration.ofNanos(System.nanoTime() - start);
        }
    }
}
