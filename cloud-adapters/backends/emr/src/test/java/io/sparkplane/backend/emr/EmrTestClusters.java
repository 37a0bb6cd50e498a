package io.sparkplane.backend.emr;

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

/** Specs and profiles for the tests: a PySpark job staged on S3, with a token and storage credentials to keep secret. */
final class EmrTestClusters {

    static final String TOKEN = "attempt-token-" + UUID.randomUUID();
    static final String STORAGE_SECRET = "s3-secret-" + UUID.randomUUID();
    static final String BUCKET = "sparkplane-staging";

    private EmrTestClusters() {}

    static ClusterSpec spec(String runId, int minWorkers, int maxWorkers) {
        String prefix = "s3://" + BUCKET + "/runs/" + runId + "/1/";
        LaunchSpec launch = new LaunchSpec(runId, 1, "daily totals", "https://sparkplane.example.com:8443", TOKEN,
                new Entrypoint.PythonFile(prefix + "inputs/0/job.py"), List.of("--day", "2026-12-01"),
                List.of(prefix + "inputs/1/helpers.zip"), List.of(prefix + "inputs/2/udfs.jar"), List.of(prefix + "inputs/3/lookup.csv"),
                List.of(prefix + "inputs/4/env.tar.gz#env"), Map.of("spark.sql.shuffle.partitions", "8"),
                Map.of("spark.hadoop.fs.s3a.secret.key", STORAGE_SECRET),
                new EngineResources(1, 2048, 2, 4096, minWorkers, maxWorkers));
        StagedAttempt staged = new StagedAttempt(prefix, "s3://" + BUCKET + "/engine/sparkplane-listener.jar", prefix + "engine/token");
        return new ClusterSpec(ClusterSpec.nameFor(runId, 1), launch.resources(), minWorkers, Duration.ofSeconds(60), "", launch, "default",
                Optional.of(staged));
    }

    static ClusterSpec spec(int minWorkers, int maxWorkers) {
        return spec(UUID.randomUUID().toString(), minWorkers, maxWorkers);
    }

    static EmrBackendConfiguration configuration(Optional<URI> endpoint) {
        return new EmrBackendConfiguration("us-east-1", "emr-7.9.0", "m5.xlarge", "m5.xlarge", 1, "m5.2xlarge",
                Optional.of("subnet-0123456789abcdef0"), "EMR_DefaultRole_V2", "EMR_EC2_DefaultRole", Optional.empty(),
                Map.of("team", "data"), Optional.empty(), endpoint, Duration.ZERO);
    }
}
