package io.sparkplane.backend.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.common.StorageSharedKeyCredential;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.DriverOutput;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.engine.StagedAttempt;
import io.sparkplane.spi.settings.SecretReference;
import io.sparkplane.store.azure.AzuritePeer;
import io.sparkplane.testkit.aws.MotoHarness;
import io.sparkplane.testkit.azure.AzureBlobTransfer;
import io.sparkplane.testkit.databricks.FakeDatabricksServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real PySpark job through the backend and the SDK, with {@link FakeDatabricksServer} in its "run
 * the tasks" mode: once the run's job cluster has started, its task runs as one local spark-submit
 * (local mode) as a job cluster would run it, its {@code abfss://} files copied out of Azurite (the
 * Blob peer) by the Azure testkit's {@code AzureBlobTransfer}, the backlog listener loaded from its
 * jar library, a helper module from the run's {@code .zip} py-file ({@code spark.submit.pyFiles}), a
 * file through {@code spark.files}. The run moves PENDING, RUNNING, TERMINATED SUCCESS, the attempt
 * with it, and the driver's output is what runs/get-output hands over. One Spark job (a
 * SparkSession, about 15 s of CPU on this machine's two cores).
 */
class DatabricksEndToEndIT {

    private static final Duration DEADLINE = Duration.ofMinutes(4);
    private static final String CONTAINER = "staging";
    private static final String STAGING = "abfss://" + CONTAINER + "@" + AzuritePeer.ACCOUNT + ".dfs.core.windows.net/";
    private static final String PAT = "dapi-" + UUID.randomUUID();
    private static final String JOB = """
            import sys
            from pyspark import SparkFiles
            from pyspark.sql import SparkSession
            from helper import greeting
            spark = SparkSession.builder.getOrCreate()
            print("arguments", sys.argv[1:])
            print(greeting("databricks"))
            print("listeners", spark.conf.get("spark.extraListeners"))
            print("lookup", open(SparkFiles.get("lookup.csv")).read().strip())
            print("rows", spark.range(100).count())
            spark.stop()
            """;
    private static final String HELPER = """
            def greeting(name):
                return "hello " + name + " from helpers.zip"
            """;

    @TempDir
    Path secrets;

    @Test
    void aRealJobRunsAsTheRequestSaysAndItsOutputIsTheRunsOutput() throws Exception {
        Path python = Path.of(System.getProperty(MotoHarness.PYTHON_PROPERTY, "python3"));
        try (AzuritePeer azurite = AzuritePeer.start()) {
            azurite.createContainer(CONTAINER);
            AzureBlobTransfer blobs = new AzureBlobTransfer(azurite.endpoint(), new StorageSharedKeyCredential(AzuritePeer.ACCOUNT,
                    AzuritePeer.ACCOUNT_KEY));
            try (FakeDatabricksServer fake = FakeDatabricksServer.start(Path.of("target", "fake-databricks-end-to-end.log").toAbsolutePath(),
                    MotoHarness.sparkSubmitOf(python), python, blobs)) {
                fake.acceptToken(PAT);
                SecretReference token = TestSpecs.tokenFile(secrets, PAT);
                ClusterSpec spec = staged(blobs);
                try (DatabricksEngineBackend backend = DatabricksBackendFactory.backend("end-to-end",
                        TestSpecs.configuration(fake.host(), token, false), Clock.systemUTC())) {

                    ClusterRef cluster = backend.provision(spec);
                    List<ClusterStatus> seen = new ArrayList<>();
                    ClusterStatus end = awaitEnd(backend, cluster, seen);
                    Optional<DriverOutput> output = backend.driverOutput(cluster);

                    assertThat(seen).as("the states the attempt went through").anySatisfy(status -> assertThat(status)
                            .isInstanceOfSatisfying(ClusterStatus.Active.class, active -> assertThat(active.jobStarted()).isTrue()));
                    assertThat(end).as(fake.localRuns() + " " + output.map(DriverOutput::text).orElse("(no output)"))
                            .isInstanceOfSatisfying(ClusterStatus.Finished.class, finished -> assertThat(finished.outcome().succeeded()).isTrue());
                    assertThat(output).hasValueSatisfying(driver -> assertThat(driver.text())
                            .contains("arguments ['--day', '2026-12-01']")
                            .contains("hello databricks from helpers.zip")
                            .contains("listeners io.sparkplane.listener.BacklogListener")
                            .contains("lookup region,total")
                            .contains("rows 100"));
                    assertThat(backend.liveClusters()).as("it ended").isEmpty();
                    assertThat(fake.cluster(fake.runs().get(0).clusterId()).orElseThrow().live()).as("its job cluster ended with it").isFalse();
                }
            }
        }
    }

    /** A PySpark job staged in Azurite as the control plane stages one; the listener reports to an engine API that is not there, and carries on. */
    private ClusterSpec staged(AzureBlobTransfer blobs) throws Exception {
        String runId = UUID.randomUUID().toString();
        String attempt = STAGING + "workspaces/default/runs/" + runId + "/attempts/1/";
        String inputs = STAGING + "workspaces/default/runs/" + runId + "/inputs/";
        StagedAttempt staged = new StagedAttempt(attempt, STAGING + "sparkplane/listener/sparkplane-listener.jar", attempt + "engine-token");
        blobs.upload(staged.listenerJar(), listenerJar());
        blobs.upload(staged.engineTokenFile(), "attempt-token".getBytes(StandardCharsets.UTF_8));
        blobs.upload(inputs + "job.py", JOB.getBytes(StandardCharsets.UTF_8));
        blobs.upload(inputs + "helpers.zip", zip(Map.of("helper.py", HELPER)));
        blobs.upload(inputs + "lookup.csv", "region,total\n".getBytes(StandardCharsets.UTF_8));
        EngineResources resources = new EngineResources(1, 1024, 1, 1024, 1, 2);
        LaunchSpec launch = new LaunchSpec(runId, 1, "end to end", "http://127.0.0.1:9", "attempt-token", new Entrypoint.PythonFile(inputs + "job.py"),
                List.of("--day", "2026-12-01"), List.of(inputs + "helpers.zip"), List.of(), List.of(inputs + "lookup.csv"), List.of(),
                Map.of("spark.sql.shuffle.partitions", "2", "spark.ui.enabled", "false"), Map.of(), resources);
        return new ClusterSpec(ClusterSpec.nameFor(runId, 1), resources, 1, Duration.ofSeconds(60), "", launch, "default", Optional.of(staged), false);
    }

    private static ClusterStatus awaitEnd(DatabricksEngineBackend backend, ClusterRef cluster, List<ClusterStatus> seen) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        ClusterStatus status = backend.describe(cluster);
        while (status instanceof ClusterStatus.Active && System.nanoTime() < deadline) {
            seen.add(status);
            Thread.sleep(250);
            status = backend.describe(cluster);
        }
        return status;
    }

    private static byte[] zip(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** The listener's jar from the test class path: the packaged jar, or (in a reactor build that has not packaged it) its classes, jarred. */
    private static byte[] listenerJar() throws IOException, URISyntaxException {
        URL found = Objects.requireNonNull(DatabricksEndToEndIT.class.getClassLoader().getResource("io/sparkplane/listener/BacklogListener.class"),
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
