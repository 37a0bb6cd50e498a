package io.sparkplane.backend.dataprocserverless;

import io.sparkplane.backend.dataprocserverless.DataprocServerlessConfiguration.Credentials;
import io.sparkplane.backend.dataprocserverless.DataprocServerlessConfiguration.Endpoint;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.engine.StagedAttempt;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** Attempts staged in Cloud Storage for the tests: a PySpark job with a token and storage credentials that must stay out of every request. */
final class TestSpecs {

    static final String TOKEN = "attempt-token-" + UUID.randomUUID();
    static final String STORAGE_SECRET = "gcs-secret-" + UUID.randomUUID();
    static final String PROJECT = "sparkplane-test";
    static final String REGION = "us-central1";
    static final String BUCKET = "staging-bucket";

    private TestSpecs() {}

    static StagedAttempt staged(String runId, int attempt) {
        String prefix = "gs://" + BUCKET + "/workspaces/default/runs/" + runId + "/attempts/" + attempt + "/";
        return new StagedAttempt(prefix, "gs://" + BUCKET + "/sparkplane/listener/sparkplane-listener.jar", prefix + "engine-token");
    }

    static String inputs(String runId) {
        return "gs://" + BUCKET + "/workspaces/default/runs/" + runId + "/inputs/";
    }

    static LaunchSpec launch(String runId, int attempt, Entrypoint entrypoint, Map<String, String> sparkConf, EngineResources resources) {
        String inputs = inputs(runId);
        return new LaunchSpec(runId, attempt, "daily totals", "https://sparkplane.example.com/", TOKEN, entrypoint,
                List.of("--day", "2026-12-01"), List.of(inputs + "helpers.zip"), List.of(inputs + "udfs.jar"), List.of(inputs + "lookup.csv"),
                List.of(inputs + "env.tar.gz#env"), sparkConf,
                Map.of("spark.hadoop.google.cloud.auth.service.account.json.keyfile", STORAGE_SECRET), resources);
    }

    static ClusterSpec python(String runId, int minWorkers, int maxWorkers, Map<String, String> sparkConf) {
        EngineResources resources = new EngineResources(4, 8192, 4, 16384, minWorkers, maxWorkers);
        Entrypoint entrypoint = new Entrypoint.PythonFile(inputs(runId) + "job.py");
        return new ClusterSpec(ClusterSpec.nameFor(runId, 1), resources, minWorkers, Duration.ofSeconds(90), "",
                launch(runId, 1, entrypoint, sparkConf, resources), "default", Optional.of(staged(runId, 1)));
    }

    static ClusterSpec python(int minWorkers, int maxWorkers) {
        return python(UUID.randomUUID().toString(), minWorkers, maxWorkers, Map.of("spark.sql.shuffle.partitions", "8"));
    }

    /** A jar job of the same run: main class com.example.DailyTotals in the staged app.jar, no py-files. */
    static ClusterSpec jar(String runId) {
        ClusterSpec python = python(runId, 2, 4, Map.of());
        LaunchSpec launch = python.launch();
        LaunchSpec jar = new LaunchSpec(launch.runId(), launch.attempt(), launch.runName(), launch.controlPlaneUrl(), launch.token(),
                new Entrypoint.Jar(inputs(runId) + "app.jar", "com.example.DailyTotals"), launch.args(), List.of(), launch.jars(),
                launch.files(), launch.archives(), Map.of(), launch.storageConf(), launch.resources());
        return new ClusterSpec(python.clusterName(), python.resources(), 2, Duration.ofSeconds(60), "", jar, "default", python.staged());
    }

    /** The profile's configuration with no optional setting given, calls to Dataproc itself. */
    static DataprocServerlessConfiguration configuration() {
        return new DataprocServerlessConfiguration(PROJECT, REGION, "2.3", Optional.empty(), Optional.empty(), Optional.empty(),
                new TreeMap<>(), Optional.empty(), Optional.empty(), Credentials.APPLICATION_DEFAULT, Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofHours(1));
    }

    /**
     * A fake's: plaintext, no credentials; looks at a batch are not reused (a test sets a state and
     * reads it back at once), ended batches are deleted by the next terminate.
     */
    static DataprocServerlessConfiguration fake(String endpoint, Duration driverLogGrace, Duration endedBatchRetention) {
        String authority = endpoint.replaceFirst("^http://", "");
        return new DataprocServerlessConfiguration(PROJECT, REGION, "2.3", Optional.of("jobs@" + PROJECT + ".iam.gserviceaccount.com"),
                Optional.empty(), Optional.of("projects/" + PROJECT + "/regions/" + REGION + "/subnetworks/jobs"), new TreeMap<>(Map.of("team", "data")),
                Optional.of(Duration.ofHours(6)), Optional.of(new Endpoint(authority, true)), Credentials.NONE, Duration.ZERO, driverLogGrace,
                endedBatchRetention);
    }
}
