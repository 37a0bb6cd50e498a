package io.sparkplane.backend.dataproc;

import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.engine.StagedAttempt;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Attempts staged in GCS for the tests: a PySpark job with a token and storage credentials that must stay out of every request. */
final class TestSpecs {

    static final String TOKEN = "attempt-token-" + UUID.randomUUID();
    static final String STORAGE_SECRET = "gcs-secret-" + UUID.randomUUID();
    static final String BUCKET = "staging";

    private TestSpecs() {}

    static StagedAttempt staged(String runId, int attempt) {
        String prefix = "gs://" + BUCKET + "/workspaces/default/runs/" + runId + "/" + attempt + "/";
        return new StagedAttempt(prefix, "gs://" + BUCKET + "/engine/sparkplane-listener.jar", prefix + "engine/token");
    }

    static LaunchSpec launch(String runId, Entrypoint entrypoint, Map<String, String> sparkConf, EngineResources resources) {
        String inputs = "gs://" + BUCKET + "/workspaces/default/runs/" + runId + "/1/inputs/";
        return new LaunchSpec(runId, 1, "daily totals", "https://sparkplane.example.com/", TOKEN, entrypoint,
                List.of("--day", "2026-12-01"), List.of(inputs + "1/helpers.zip"), List.of(inputs + "2/udfs.jar"),
                List.of(inputs + "3/lookup.csv"), List.of(inputs + "4/env.tar.gz#env"), sparkConf,
                Map.of("spark.hadoop.fs.gs.auth.service.account.private.key", STORAGE_SECRET), resources);
    }

    static ClusterSpec spec(String runId, Entrypoint entrypoint, int minWorkers, int maxWorkers) {
        EngineResources resources = new EngineResources(2, 4096, 4, 8192, minWorkers, maxWorkers);
        return new ClusterSpec(ClusterSpec.nameFor(runId, 1), resources, minWorkers, Duration.ofSeconds(90), "",
                launch(runId, entrypoint, Map.of("spark.sql.shuffle.partitions", "8"), resources), "default",
                Optional.of(staged(runId, 1)), false);
    }

    static ClusterSpec python(String runId, int minWorkers, int maxWorkers) {
        return spec(runId, new Entrypoint.PythonFile("gs://" + BUCKET + "/workspaces/default/runs/" + runId + "/1/inputs/0/job.py"),
                minWorkers, maxWorkers);
    }

    static ClusterSpec python(int minWorkers, int maxWorkers) {
        return python(UUID.randomUUID().toString(), minWorkers, maxWorkers);
    }

    static DataprocConfiguration configuration(GoogleEndpoint endpoint) {
        return new DataprocConfiguration("sparkplane-test", "us-central1", Optional.empty(), "2.3-debian12", "n2-standard-4",
                "n2-standard-4", 2, Optional.empty(), "NON_PREEMPTIBLE", Optional.empty(), Optional.empty(), Optional.empty(),
                Map.of("team", "data"), Duration.ofMinutes(30), Duration.ofDays(1), Duration.ofMinutes(2), endpoint,
                Duration.ZERO, Duration.ofSeconds(20), Duration.ZERO);
    }
}
