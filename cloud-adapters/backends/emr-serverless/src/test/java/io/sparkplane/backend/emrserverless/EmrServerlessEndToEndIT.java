package io.sparkplane.backend.emrserverless;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.testkit.aws.MotoHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real PySpark job through the backend, with the harness in its "run the jobs" mode: it runs the
 * job run's spark-submit (in local mode, its {@code s3://} inputs copied out of moto's S3) as EMR
 * Serverless would run it, moves the job run through SUBMITTED, SCHEDULED, RUNNING to SUCCESS or
 * FAILED ("ExitCode: n"), and puts the driver's logs where the service does. So the request is one
 * spark-submit runs (arguments, options, confs, the spark-defaults beside them, the listener jar
 * loaded), the states map as the attempt needs, and the driver log is where {@code
 * driverLogLocations} says. The job fails at its end, after it printed what it was given: a
 * succeeded job run's mapping is the wire tests' (one Spark job is what this machine's two cores
 * take in the module's test time).
 */
class EmrServerlessEndToEndIT {

    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    private static final String BUCKET = "staging";
    private static final Duration DEADLINE = Duration.ofMinutes(4);

    @Test
    void aRealJobRunsAsTheRequestSaysAndEndsAsItsJobDid() throws Exception {
        Path python = Path.of(System.getProperty(MotoHarness.PYTHON_PROPERTY, "python3"));
        try (MotoHarness moto = MotoHarness.start(Path.of("target", "moto-end-to-end.log"), MotoHarness.sparkSubmitOf(python), python);
                S3Client s3 = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).endpointOverride(moto.endpoint())
                        .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create()).build();
                EmrServerlessEngineBackend backend = EmrServerlessBackendFactory.backend("end-to-end", TestSpecs.configuration(moto.endpoint()),
                        CREDENTIALS, Clock.systemUTC(), Duration.ofMillis(200), List.of())) {
            moto.createBucket(BUCKET);
            put(s3, "s3://staging/sparkplane/listener/sparkplane-listener.jar", listenerJar());
            ClusterSpec spec = staged(s3, """
                    import sys
                    from pyspark.sql import SparkSession
                    spark = SparkSession.builder.getOrCreate()
                    print("arguments", sys.argv[1:])
                    print("java options", spark.conf.get("spark.driver.extraJavaOptions"))
                    print("rows", spark.range(100).count())
                    raise ValueError("the input has no rows for 2026-12-01")
                    """);

            ClusterRef cluster = backend.provision(spec);
            List<ClusterStatus> seen = new ArrayList<>();
            ClusterStatus end = awaitFinished(backend, cluster, seen);

            assertThat(seen).as("the states the attempt went through").anySatisfy(status -> assertThat(status)
                    .isInstanceOfSatisfying(ClusterStatus.Active.class, active -> assertThat(active.jobStarted()).isTrue()));
            assertThat(end).as(moto.jobs().toString()).isInstanceOfSatisfying(ClusterStatus.Finished.class, finished -> {
                assertThat(finished.outcome().failure()).isEqualTo(AttemptFailure.USER_CODE_ERROR);
                assertThat(finished.outcome().exitCode()).isEqualTo(1);
                assertThat(finished.outcome().message()).contains("ExitCode: 1").contains("ValueError: the input has no rows");
            });
            awaitLogsUploaded(moto, cluster);
            List<String> log = backend.driverLogLocations(cluster);
            // PySpark's driver merges the Python process's stderr into its stdout: the traceback is there
            assertThat(gunzipped(s3, log.get(0))).contains("arguments ['--day', '2026-12-01']")
                    .contains("-Dsparkplane.mode=test -Dsparkplane.check=spaces").contains("rows 100")
                    .contains("ValueError: the input has no rows for 2026-12-01");
            assertThat(gunzipped(s3, log.get(1))).as("the driver's stderr: Spark's own log").contains("SparkContext")
                    .contains("io.sparkplane.listener.BacklogListener");
            assertThat(backend.liveClusters()).as("it ended").isEmpty();
        }
    }

    /** A PySpark job staged as the control plane stages one; the listener reports to an engine API that is not there, and carries on. */
    private static ClusterSpec staged(S3Client s3, String program) {
        String runId = UUID.randomUUID().toString();
        ClusterSpec spec = TestSpecs.python(runId, 1, 2, Map.of("spark.sql.shuffle.partitions", "2",
                "spark.driver.extraJavaOptions", "-Dsparkplane.mode=test -Dsparkplane.check=spaces"));
        LaunchSpec launch = spec.launch();
        LaunchSpec local = new LaunchSpec(runId, 1, launch.runName(), "http://127.0.0.1:9", launch.token(), launch.entrypoint(), launch.args(),
                List.of(), List.of(), List.of(), List.of(), launch.sparkConf(), launch.storageConf(), launch.resources());
        put(s3, launch.entrypoint().location(), program.getBytes(StandardCharsets.UTF_8));
        put(s3, spec.staged().orElseThrow().engineTokenFile(), "attempt-token".getBytes(StandardCharsets.UTF_8));
        return new ClusterSpec(spec.clusterName(), spec.resources(), 1, spec.idleTimeout(), "", local, "default", spec.staged());
    }

    private static ClusterStatus awaitFinished(EmrServerlessEngineBackend backend, ClusterRef cluster, List<ClusterStatus> seen)
            throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        ClusterStatus status = backend.describe(cluster);
        while (!(status instanceof ClusterStatus.Finished) && System.nanoTime() < deadline) {
            seen.add(status);
            Thread.sleep(250);
            status = backend.describe(cluster);
        }
        return status;
    }

    /** The service uploads a job run's logs a last time after it ended, as the harness does: until the harness is done with it. */
    private static void awaitLogsUploaded(MotoHarness moto, ClusterRef cluster) throws InterruptedException {
        String jobRunId = cluster.attribute(EmrServerlessEngineBackend.JOB_RUN_ID);
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            for (com.fasterxml.jackson.databind.JsonNode job : moto.jobs()) {
                if (job.toString().contains("\"" + jobRunId + "\"") && job.path("phase").asText().equals("exited")) {
                    return;
                }
            }
            Thread.sleep(250);
        }
    }

    private static void put(S3Client s3, String uri, byte[] content) {
        s3.putObject(request -> request.bucket(BUCKET).key(key(uri)), RequestBody.fromBytes(content));
    }

    private static String key(String uri) {
        return uri.substring(("s3://" + BUCKET + "/").length());
    }

    private static String gunzipped(S3Client s3, String uri) throws IOException {
        try (InputStream log = new GZIPInputStream(s3.getObject(request -> request.bucket(BUCKET).key(key(uri))))) {
            return new String(log.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The listener's jar from the test class path: the packaged jar, or (in a reactor build that has not packaged it) its classes, jarred. */
    private static byte[] listenerJar() throws IOException, URISyntaxException {
        URL found = Objects.requireNonNull(EmrServerlessEndToEndIT.class.getClassLoader().getResource("io/sparkplane/listener/BacklogListener.class"),
                "the backlog listener is not on the test class path");
        String location = found.toString();
        if (location.startsWith("jar:file:")) {
            return Files.readAllBytes(Path.of(new URL(location.substring(4, location.indexOf("!/"))).toURI()));
        }
        Path classes = Path.of(found.toURI()).getParent().getParent().getParent().getParent();
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(jar); Stream<Path> files = Files.walk(classes)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                try {
                    zip.putNextEntry(new ZipEntry(classes.relativize(file).toString().replace('\\', '/')));
                    zip.write(Files.readAllBytes(file));
                    zip.closeEntry();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return jar.toByteArray();
    }
}
