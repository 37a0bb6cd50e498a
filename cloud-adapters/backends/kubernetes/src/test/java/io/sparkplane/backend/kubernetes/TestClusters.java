package io.sparkplane.backend.kubernetes;

import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Cluster specs for the tests: a PySpark job with a token and storage credentials to keep secret. */
final class TestClusters {

    static final String TOKEN = "attempt-token-" + UUID.randomUUID();
    static final String STORAGE_SECRET = "s3-secret-" + UUID.randomUUID();

    private TestClusters() {}

    static ClusterSpec spec(String runId, int initialWorkers) {
        return spec(runId, initialWorkers, "default");
    }

    static ClusterSpec inWorkspace(String workspace, int initialWorkers) {
        return spec(UUID.randomUUID().toString(), initialWorkers, workspace);
    }

    static ClusterSpec spec(String runId, int initialWorkers, String workspace) {
        LaunchSpec launch = new LaunchSpec(runId, 1, "daily totals", "http://control-plane:8080", TOKEN,
                new Entrypoint.PythonFile("artifact:sha256:" + "a".repeat(64) + "/job.py"), List.of("--day", "2026-12-01"),
                List.of(), List.of(), List.of(), List.of(), Map.of("spark.sql.shuffle.partitions", "8"),
                Map.of("spark.hadoop.fs.s3a.secret.key", STORAGE_SECRET, "spark.hadoop.fs.s3a.endpoint", "http://minio:9000"),
                new EngineResources(1, 1024, 2, 2048, 1, 4));
        return new ClusterSpec(ClusterSpec.nameFor(runId, 1), launch.resources(), initialWorkers, Duration.ofSeconds(60), "", launch, workspace);
    }

    static ClusterSpec spec(int initialWorkers) {
        return spec(UUID.randomUUID().toString(), initialWorkers);
    }
}
