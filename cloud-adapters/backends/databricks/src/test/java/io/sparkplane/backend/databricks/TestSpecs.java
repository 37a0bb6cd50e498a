package io.sparkplane.backend.databricks;

import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.engine.StagedAttempt;
import io.sparkplane.spi.settings.SecretReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Attempts staged in ADLS Gen2 for the tests: a PySpark job with a token and storage credentials
 * that must stay out of every request, and the profiles' configurations.
 */
final class TestSpecs {

    static final String TOKEN = "attempt-token-" + UUID.randomUUID();
    static final String STORAGE_SECRET = "account-key-" + UUID.randomUUID();
    static final String CONTAINER = "staging";
    static final String ACCOUNT = "sparkplanestaging";
    static final String STAGING = "abfss://" + CONTAINER + "@" + ACCOUNT + ".dfs.core.windows.net/";
    static final String RUNTIME = "15.4.x-scala2.12";

    private TestSpecs() {}

    static StagedAttempt staged(String runId, int attempt) {
        String prefix = STAGING + "workspaces/default/runs/" + runId + "/attempts/" + attempt + "/";
        return new StagedAttempt(prefix, STAGING + "sparkplane/listener/sparkplane-listener.jar", prefix + "engine-token");
    }

    static String inputs(String runId) {
        return STAGING + "workspaces/default/runs/" + runId + "/inputs/";
    }

    static LaunchSpec launch(String runId, int attempt, Entrypoint entrypoint, Map<String, String> sparkConf, EngineResources resources) {
        String inputs = inputs(runId);
        return new LaunchSpec(runId, attempt, "daily totals", "https://sparkplane.example.com/", TOKEN, entrypoint, List.of("--day", "2026-12-01"),
                List.of(inputs + "helpers.zip", inputs + "tools-1.0-py3-none-any.whl"), List.of(inputs + "udfs.jar"), List.of(inputs + "lookup.csv"),
                List.of(inputs + "env.tar.gz#env"), sparkConf, Map.of("spark.hadoop.fs.azure.account.key." + ACCOUNT + ".dfs.core.windows.net",
                        STORAGE_SECRET), resources);
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
                new Entrypoint.Jar(inputs(runId) + "app.jar", "com.example.DailyTotals"), launch.args(), List.of(), launch.jars(), launch.files(),
                launch.archives(), Map.of(), launch.storageConf(), launch.resources());
        return new ClusterSpec(python.clusterName(), python.resources(), 3, Duration.ofSeconds(60), "", jar, "default", python.staged());
    }

    /** A file holding a token, as a mounted secret would: the reference the profile names. */
    static SecretReference tokenFile(Path directory, String token) {
        try {
            Path file = Files.writeString(directory.resolve("databricks-token-" + UUID.randomUUID()), token + "\n");
            return SecretReference.parse("file:" + file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A profile of the workspace at {@code host}, a personal access token from {@code token}, nothing optional but what is given. */
    static DatabricksConfiguration configuration(String host, SecretReference token, boolean autoscale) {
        return new DatabricksConfiguration(java.net.URI.create(host), new Authentication.PersonalAccessToken(token), RUNTIME, Optional.of("i3.xlarge"),
                Optional.empty(), Optional.empty(), Optional.empty(), autoscale, new TreeMap<>(), new TreeMap<>(Map.of("team", "data")), Optional.empty(),
                Optional.empty(), Duration.ZERO);
    }
}
