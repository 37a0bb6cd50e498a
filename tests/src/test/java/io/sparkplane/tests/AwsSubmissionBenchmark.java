package io.sparkplane.tests;

import io.sparkplane.testkit.aws.MotoHarness;
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
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.InstanceGroupConfig;
import software.amazon.awssdk.services.emr.model.InstanceRoleType;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;

/**
 * 100 runs on the {@code emr} backend submitted at once, against the AWS emulator moto behind
 * {@link MotoHarness} in protocol-only mode (a step stays RUNNING: nothing runs, so what is measured
 * is the control plane's own path: API, dispatch, staging on moto's S3, the backend's EMR calls, the
 * reconciler seeing each step run). Beside it, in the same run against the same moto: the raw SDK
 * calls alone, {@code RunJobFlow} then {@code ListSteps} per run, from as many threads as the
 * control plane provisions with and from 32.
 *
 * <p>Not part of the test suite (no *Test/*IT name): it prints figures and asserts nothing about
 * time; it fails when a run does not come, rather than print partial figures.
 */
class AwsSubmissionBenchmark {

    private static final Path JOBS = Path.of("src/test/resources/jobs").toAbsolutePath();
    private static final int RUNS = Integer.getInteger("bench.aws.runs", 100);
    /** The control plane's {@code sparkplane.dispatcher.provision-concurrency} default. */
    private static final int PROVISIONERS = 4;
    private static final int WARM_UP_RUNS = 5;

    @Test
    void hundredRunsAtOnceOnEmrBesideTheRawSdkCalls() throws Exception {
        Path home = Files.createTempDirectory("sparkplane-aws-bench-");
        try (MotoHarness moto = MotoHarness.start(home.resolve("moto.log"))) {
            moto.createBucket("staging");
            ControlPlaneProcess controlPlane = new ControlPlaneProcess(Files.createDirectories(home.resolve("control-plane")))
                    .withProperty("sparkplane.staging.location", "s3://staging/sparkplane/")
                    // one token submits all at once: the per-token rate limit is not what is measured
                    .withProperty("sparkplane.auth.submissions-per-second", "0")
                    .withEnvironment("AWS_ACCESS_KEY_ID", "testing")
                    .withEnvironment("AWS_SECRET_ACCESS_KEY", "testing");
            Map.of("endpoint", moto.endpoint().toString(), "region", MotoHarness.REGION, "path-style-access", "true",
                    "checksums", "when-required", "expect-continue", "false", "access-key-id", "testing", "secret-access-key", "testing")
                    .forEach((name, value) -> controlPlane.withProperty("sparkplane.store.s3." + name, value));
            Map.of("type", "emr", "region", MotoHarness.REGION, "endpoint", moto.endpoint().toString(),
                    "service-role", "EMR_DefaultRole_V2", "instance-profile", "EMR_EC2_DefaultRole",
                    "status-poll-interval", "PT2S", "max-concurrent-runs", Integer.toString(RUNS + WARM_UP_RUNS))
                    .forEach((name, value) -> controlPlane.withProperty("sparkplane.backends.emr." + name, value));
            try (controlPlane) {
                controlPlane.start();
                SparkplaneClient client = controlPlane.client();
                String job = SparkplaneClient.json(client.uploadArtifact(JOBS.resolve("greetings.py"), "greetings.py").body()).get("ref").asText();
                String body = """
                        {"backend": "emr", "entrypoint": {"pythonFile": "%s"}, "autoscaling": {"policy": "static", "minExecutors": 2, "maxExecutors": 2}}
                        """.formatted(job);

                // warm-up: the JIT, the backend's first client, the listener's first staging
                RunBurst warmUp = RunBurst.submit(client, body, WARM_UP_RUNS);
                warmUp.cancel(client);
                moto.resetCalls();

                RunBurst measured = RunBurst.submit(client, body, RUNS);
                Map<String, Integer> calls = moto.calls();
                measured.cancel(client);

                Duration rawFew = raw(moto, PROVISIONERS);
                Duration raw32 = raw(moto, RunBurst.CLIENTS);

                int emrCalls = calls.values().stream().mapToInt(Integer::intValue).sum();
                System.out.printf(Locale.ROOT, "%n%d runs on emr against moto%n", RUNS);
                System.out.printf(Locale.ROOT, "| path | threads | time | runs/min | EMR calls per run |%n|---|---|---|---|---|%n");
                System.out.printf(Locale.ROOT, "| Sparkplane: POST to step RUNNING | %d clients, %d provisioners | %.1f s | %.0f | %.1f |%n", RunBurst.CLIENTS,
                        PROVISIONERS, RunBurst.seconds(measured.elapsed()), RunBurst.perMinute(RUNS, measured.elapsed()), emrCalls / (double) RUNS);
                System.out.printf(Locale.ROOT, "| raw SDK: RunJobFlow + ListSteps | %d | %.1f s | %.0f | 2.0 |%n", PROVISIONERS,
                        RunBurst.seconds(rawFew), RunBurst.perMinute(RUNS, rawFew));
                System.out.printf(Locale.ROOT, "| raw SDK: RunJobFlow + ListSteps | %d | %.1f s | %.0f | 2.0 |%n", RunBurst.CLIENTS,
                        RunBurst.seconds(raw32), RunBurst.perMinute(RUNS, raw32));
                System.out.printf(Locale.ROOT, "Sparkplane against the raw calls from as many threads: %.2f%n",
                        RunBurst.seconds(rawFew) / RunBurst.seconds(measured.elapsed()));
                System.out.printf(Locale.ROOT, "EMR calls per run by operation: %s%n", RunBurst.perRun(calls, RUNS));
            }
        } finally {
            TemporaryDirectories.delete(home);
        }
    }

    /** {@link #RUNS} clusters made with the SDK alone, each RunJobFlow then ListSteps, from {@code threads}; then terminated (not timed). */
    private static Duration raw(MotoHarness moto, int threads) throws Exception {
        try (EmrClient emr = EmrClient.builder().region(Region.US_EAST_1).endpointOverride(moto.endpoint())
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .overrideConfiguration(override -> override.retryStrategy(RetryMode.STANDARD)).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<String> made = new ArrayList<>();
            long start = System.nanoTime();
            try {
                List<Future<String>> calls = new ArrayList<>();
                for (int i = 0; i < RUNS; i++) {
                    String name = "raw-" + threads + "-" + i;
                    calls.add(pool.submit(() -> {
                        String id = emr.runJobFlow(RunJobFlowRequest.builder().name(name).releaseLabel("emr-7.9.0")
                                .serviceRole("EMR_DefaultRole_V2").jobFlowRole("EMR_EC2_DefaultRole")
                                .instances(instances -> instances.keepJobFlowAliveWhenNoSteps(false).instanceGroups(
                                        group(InstanceRoleType.MASTER, 1), group(InstanceRoleType.CORE, 1), group(InstanceRoleType.TASK, 2)))
                                .steps(step -> step.name(name).hadoopJarStep(jar -> jar.jar("command-runner.jar").args("spark-submit", "job.py")))
                                .build()).jobFlowId();
                        emr.listSteps(request -> request.clusterId(id));
                        return id;
                    }));
                }
                for (Future<String> call : calls) {
                    made.add(call.get());
                }
            } finally {
                pool.shutdown();
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            emr.terminateJobFlows(request -> request.jobFlowIds(made));
            return elapsed;
        }
    }

    private static InstanceGroupConfig group(InstanceRoleType role, int count) {
        return InstanceGroupConfig.builder().instanceRole(role).instanceType("m5.xlarge").instanceCount(count).build();
    }
}
