package io.sparkplane.backend.emrserverless;

import io.sparkplane.backend.emrserverless.EmrServerlessConfiguration.NewApplication;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.engine.StagedAttempt;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Attempts staged in S3 for the tests: a PySpark job with a token and storage credentials that must stay out of every request. */
final class TestSpecs {

    static final String TOKEN = "attempt-token-" + UUID.randomUUID();
    static final String STORAGE_SECRET = "s3-secret-" + UUID.randomUUID();
    /** moto's account is 123456789012, and it refuses a role of another account. */
    static final String EXECUTION_ROLE = "arn:aws:iam::123456789012:role/sparkplane-jobs";
    static final String RELEASE = "emr-7.9.0";

    private TestSpecs() {}

    static StagedAttempt staged(String runId, int attempt) {
        String prefix = "s3://staging/workspaces/default/runs/" + runId + "/attempts/" + attempt + "/";
        return new StagedAttempt(prefix, "s3://staging/sparkplane/listener/sparkplane-listener.jar", prefix + "engine-token");
    }

    static LaunchSpec launch(String runId, Entrypoint entrypoint, Map<String, String> sparkConf, EngineResources resources) {
        String inputs = "s3://staging/workspaces/default/runs/" + runId + "/inputs/";
        return new LaunchSpec(runId, 1, "daily totals", "https://sparkplane.example.com/", TOKEN, entrypoint,
                List.of("--day", "2026-12-01"), List.of(inputs + "helpers.zip"), List.of(inputs + "udfs.jar"), List.of(inputs + "lookup.csv"),
                List.of(inputs + "env.tar.gz#env"), sparkConf,
                Map.of("spark.hadoop.fs.s3a.secret.key", STORAGE_SECRET, "spark.hadoop.fs.s3a.endpoint", "http://minio:9000"), resources);
    }

    static ClusterSpec python(String runId, int minWorkers, int maxWorkers, Map<String, String> sparkConf) {
        EngineResources resources = new EngineResources(2, 4096, 4, 8192, minWorkers, maxWorkers);
        Entrypoint entrypoint = new Entrypoint.PythonFile("s3://staging/workspaces/default/runs/" + runId + "/inputs/job.py");
        return new ClusterSpec(ClusterSpec.nameFor(runId, 1), resources, minWorkers, Duration.ofSeconds(90), "",
                launch(runId, entrypoint, sparkConf, resources), "default", Optional.of(staged(runId, 1)));
    }

    static ClusterSpec python(int minWorkers, int maxWorkers) {
        return python(UUID.randomUUID().toString(), minWorkers, maxWorkers, Map.of("spark.sql.shuffle.partitions", "8"));
    }

    static EmrServerlessConfiguration configuration(URI endpoint) {
        return new EmrServerlessConfiguration("us-east-1", Optional.of(endpoint),
                new NewApplication(RELEASE, Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofMinutes(15)), EXECUTION_ROLE,
                Optional.empty(), Duration.ofHours(12), Optional.empty(), 3);
    }
}
