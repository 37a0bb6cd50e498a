package io.sparkplane.backend.hdinsight;

import io.sparkplane.backend.hdinsight.HdInsightConfiguration.Credentials;
import io.sparkplane.backend.hdinsight.HdInsightConfiguration.Ephemeral;
import io.sparkplane.backend.hdinsight.HdInsightConfiguration.Mode;
import io.sparkplane.backend.hdinsight.HdInsightConfiguration.Storage;
import io.sparkplane.backend.hdinsight.HdInsightConfiguration.StorageType;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.engine.StagedAttempt;
import io.sparkplane.spi.settings.SecretReference;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** Attempts staged in ADLS Gen2 for the tests: a PySpark job with a token and storage credentials that must stay out of every request. */
final class TestSpecs {

    static final String TOKEN = "attempt-token-" + UUID.randomUUID();
    static final String STORAGE_SECRET = "storage-secret-" + UUID.randomUUID();
    static final String SUBSCRIPTION = "00000000-1111-2222-3333-444444444444";
    static final String RESOURCE_GROUP = "sparkplane-test";
    static final String ACCOUNT = "stagingaccount";
    static final String CONTAINER = "staging";
    /** The login password's environment variable in the tests' own environments. */
    static final String PASSWORD_VARIABLE = "HDI_TEST_PASSWORD";

    private TestSpecs() {}

    static String root() {
        return "abfss://" + CONTAINER + "@" + ACCOUNT + ".dfs.core.windows.net/";
    }

    static StagedAttempt staged(String runId, int attempt) {
        String prefix = root() + "workspaces/default/runs/" + runId + "/attempts/" + attempt + "/";
        return new StagedAttempt(prefix, root() + "sparkplane/listener/sparkplane-listener.jar", prefix + "engine-token");
    }

    static String inputs(String runId) {
        return root() + "workspaces/default/runs/" + runId + "/inputs/";
    }

    static LaunchSpec launch(String runId, int attempt, Entrypoint entrypoint, Map<String, String> sparkConf, EngineResources resources) {
        String inputs = inputs(runId);
        return new LaunchSpec(runId, attempt, "daily totals", "https://sparkplane.example.com/", TOKEN, entrypoint,
                List.of("--day", "2026-12-01"), List.of(inputs + "helpers.zip"), List.of(inputs + "udfs.jar"), List.of(inputs + "lookup.csv"),
                List.of(inputs + "env.tar.gz#env"), sparkConf,
                Map.of("spark.hadoop.fs.azure.account.key." + ACCOUNT + ".dfs.core.windows.net", STORAGE_SECRET), resources);
    }

    static ClusterSpec python(String runId, int minWorkers, int maxWorkers, Map<String, String> sparkConf) {
        EngineResources resources = new EngineResources(2, 4096, 4, 8192, minWorkers, maxWorkers);
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

    static Ephemeral ephemeral(int minWorkerCount, Map<String, String> tags) {
        Storage storage = new Storage(StorageType.ADLS_GEN2, ACCOUNT + ".dfs.core.windows.net", Optional.empty(),
                Optional.of(SecretReference.parse("env:HDI_TEST_STORAGE_KEY")), Optional.empty(),
                "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + RESOURCE_GROUP + "/providers/Microsoft.Storage/storageAccounts/" + ACCOUNT);
        return new Ephemeral("westeurope", "5.1", "Standard_E8_v3", "Standard_E8_v3", "Standard_A2_v2", minWorkerCount, storage, Optional.empty(),
                "sshuser", Optional.empty(), new TreeMap<>(tags));
    }

    /** A shared profile's configuration at Azure itself. */
    static HdInsightConfiguration shared(String cluster) {
        return new HdInsightConfiguration(SUBSCRIPTION, RESOURCE_GROUP, Mode.SHARED, Optional.of(cluster), Optional.empty(), "admin",
                SecretReference.parse("env:" + PASSWORD_VARIABLE), URI.create("https://management.azure.com"),
                "https://{cluster}.azurehdinsight.net/livy", Credentials.DEFAULT, "sparkplane", Duration.ofSeconds(10), Duration.ofMinutes(10), true);
    }

    /** An ephemeral profile's configuration at Azure itself. */
    static HdInsightConfiguration ephemeral() {
        return new HdInsightConfiguration(SUBSCRIPTION, RESOURCE_GROUP, Mode.EPHEMERAL, Optional.empty(), Optional.of(ephemeral(1, Map.of())),
                "admin", SecretReference.parse("env:" + PASSWORD_VARIABLE), URI.create("https://management.azure.com"),
                "https://{cluster}.azurehdinsight.net/livy", Credentials.DEFAULT, "sparkplane", Duration.ofSeconds(10), Duration.ofMinutes(45), true);
    }
}
