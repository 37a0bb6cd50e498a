package io.sparkplane.backend.hdinsight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ServiceSparkConf;
import io.sparkplane.spi.engine.StagedAttempt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The body of Livy's POST /batches, field by field. */
class LivyBatchRequestTest {

    /** Every field Livy 0.7 and 0.8 take in a batch's request: it refuses a body with any other. */
    private static final Set<String> LIVY_FIELDS = Set.of("file", "proxyUser", "className", "args", "jars", "pyFiles", "files", "driverMemory",
            "driverCores", "executorMemory", "executorCores", "numExecutors", "archives", "queue", "name", "conf");

    @Test
    void aPythonJobIsItsStagedFileWithTheListenerFirstAmongItsJars() {
        String runId = UUID.randomUUID().toString();
        ClusterSpec spec = TestSpecs.python(runId, 2, 6, Map.of("spark.sql.shuffle.partitions", "8"));
        StagedAttempt staged = spec.staged().orElseThrow();
        String inputs = TestSpecs.inputs(runId);

        LivyBatchRequest request = LivyBatchRequest.of(spec, "sparkplane/hdi/" + spec.clusterName());

        assertThat(request.name()).isEqualTo("sparkplane/hdi/" + spec.clusterName());
        assertThat(request.file()).isEqualTo(inputs + "job.py");
        assertThat(request.className()).isNull();
        assertThat(request.args()).containsExactly("--day", "2026-12-01");
        assertThat(request.pyFiles()).containsExactly(inputs + "helpers.zip");
        assertThat(request.jars()).containsExactly(staged.listenerJar(), inputs + "udfs.jar");
        assertThat(request.files()).containsExactly(inputs + "lookup.csv");
        assertThat(request.archives()).containsExactly(inputs + "env.tar.gz#env");
        assertThat(request.driverMemory()).isEqualTo("4096m");
        assertThat(request.driverCores()).isEqualTo(2);
        assertThat(request.executorMemory()).isEqualTo("8192m");
        assertThat(request.executorCores()).isEqualTo(4);
        assertThat(request.numExecutors()).isEqualTo(2);
    }

    @Test
    void theConfIsTheServiceConfWithDynamicAllocationWithinTheRunsBoundsAndTheEventLogInStaging() {
        ClusterSpec spec = TestSpecs.python(UUID.randomUUID().toString(), 1, 6, Map.of("spark.sql.shuffle.partitions", "8"));
        StagedAttempt staged = spec.staged().orElseThrow();

        Map<String, String> conf = LivyBatchRequest.of(spec, "b").conf();

        assertThat(conf).containsAllEntriesOf(ServiceSparkConf.of(spec, staged));
        assertThat(conf).containsEntry("spark.sql.shuffle.partitions", "8")
                .containsEntry("spark.dynamicAllocation.enabled", "true")
                .containsEntry("spark.dynamicAllocation.minExecutors", "1")
                .containsEntry("spark.dynamicAllocation.maxExecutors", "6")
                .containsEntry("spark.dynamicAllocation.initialExecutors", "1")
                .containsEntry("spark.extraListeners", ServiceSparkConf.LISTENER_CLASS)
                .containsEntry(ServiceSparkConf.REPORT_URL, ServiceSparkConf.reportUrl(spec.launch()))
                .containsEntry(ServiceSparkConf.REPORT_TOKEN_FILE, staged.engineTokenFile())
                .containsEntry("spark.eventLog.enabled", "true")
                .containsEntry("spark.eventLog.dir", staged.eventLog());
        assertThat(new ArrayList<>(conf.keySet())).as("in key order").isSorted();
    }

    @Test
    void aRunThatSetsItsOwnEventLogKeepsIt() {
        ClusterSpec spec = TestSpecs.python(UUID.randomUUID().toString(), 1, 2, Map.of("spark.eventLog.enabled", "false"));

        Map<String, String> conf = LivyBatchRequest.of(spec, "b").conf();

        assertThat(conf).containsEntry("spark.eventLog.enabled", "false").doesNotContainKey("spark.eventLog.dir");
    }

    @Test
    void aJarJobNamesItsMainClassAndTakesNoPythonFiles() {
        String runId = UUID.randomUUID().toString();
        ClusterSpec spec = TestSpecs.jar(runId);

        LivyBatchRequest request = LivyBatchRequest.of(spec, "b");

        assertThat(request.file()).isEqualTo(TestSpecs.inputs(runId) + "app.jar");
        assertThat(request.className()).isEqualTo("com.example.DailyTotals");
        assertThat(request.pyFiles()).isEmpty();
        assertThat(request.jars()).containsExactly(spec.staged().orElseThrow().listenerJar(), TestSpecs.inputs(runId) + "udfs.jar");

        ClusterSpec python = TestSpecs.python(runId, 2, 4, Map.of());
        ClusterSpec jarWithPyFiles = new ClusterSpec(python.clusterName(), python.resources(), 2, python.idleTimeout(), "",
                new io.sparkplane.spi.engine.LaunchSpec(runId, 1, "x", "https://cp/", "t",
                        new io.sparkplane.spi.engine.Entrypoint.Jar("abfss://c@a.dfs.core.windows.net/app.jar", "Main"), List.of(),
                        List.of("abfss://c@a.dfs.core.windows.net/h.zip"), List.of(), List.of(), List.of(), Map.of(), Map.of(), python.resources()),
                "default", python.staged());
        assertThatThrownBy(() -> LivyBatchRequest.of(jarWithPyFiles, "b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Python files");
    }

    @Test
    void anAttemptWithNothingStagedIsRefused() {
        ClusterSpec python = TestSpecs.python(2, 4);
        ClusterSpec unstaged = new ClusterSpec(python.clusterName(), python.resources(), 2, python.idleTimeout(), "", python.launch(), "default",
                Optional.empty());

        assertThatThrownBy(() -> LivyBatchRequest.of(unstaged, "b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no staged inputs");
    }

    @Test
    void theBodyHoldsOnlyLivysFieldsAndNoSecretAndReadsBackTheSame() throws Exception {
        ClusterSpec spec = TestSpecs.python(UUID.randomUUID().toString(), 0, 3, Map.of());
        LivyBatchRequest request = LivyBatchRequest.of(spec, "sparkplane/hdi/" + spec.clusterName());

        String json = request.toJson();
        JsonNode body = new ObjectMapper().readTree(json);

        Set<String> fields = new TreeSet<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertThat(LIVY_FIELDS).containsAll(fields);
        assertThat(fields).doesNotContain("numExecutors", "className"); // none to start with; a Python job
        assertThat(json).doesNotContain(TestSpecs.TOKEN).doesNotContain(TestSpecs.STORAGE_SECRET);
        assertThat(LivyBatchRequest.fromJson(json)).isEqualTo(request);
        assertThat(LivyBatchRequest.of(spec, "sparkplane/hdi/" + spec.clusterName()).toJson()).as("the same bytes each time").isEqualTo(json);
        assertThatThrownBy(() -> LivyBatchRequest.fromJson("{\"name\":")).isInstanceOf(IllegalArgumentException.class);
    }
}
