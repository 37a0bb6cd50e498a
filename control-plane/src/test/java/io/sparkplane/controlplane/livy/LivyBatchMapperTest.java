package io.sparkplane.controlplane.livy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sparkplane.controlplane.api.RunSpec;
import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.controlplane.run.RunState;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LivyBatchMapperTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static LivyBatchRequest request(String file, String className, Integer numExecutors, Map<String, JsonNode> conf) {
        return new LivyBatchRequest(file, null, className, List.of("a"), null, null, null, null, null, null, null, numExecutors, null, null,
                "job", conf);
    }

    @Test
    void aPythonFileIsTheEntrypointAndTheWorkspaceAndProfileComeFromConf() {
        Map<String, JsonNode> conf = new LinkedHashMap<>();
        conf.put("spark.sparkplane.workspace", JSON.textNode("team-a"));
        conf.put("spark.sparkplane.backend", JSON.textNode("emr"));
        conf.put("spark.sql.shuffle.partitions", JSON.numberNode(8));
        conf.put("spark.speculation", JSON.booleanNode(true));

        RunSpec spec = LivyBatchMapper.toRunSpec(request("s3://b/etl.py", null, null, conf)).spec();

        assertThat(spec.entrypoint()).isEqualTo(new RunSpec.Entrypoint("s3://b/etl.py", null, null));
        assertThat(spec.workspace()).isEqualTo("team-a");
        assertThat(spec.backend()).isEqualTo("emr");
        assertThat(spec.sparkConf()).containsExactlyInAnyOrderEntriesOf(Map.of("spark.sql.shuffle.partitions", "8", "spark.speculation", "true"));
        assertThat(spec.resources()).isNull();
        assertThat(spec.autoscaling()).isNull();
    }

    @Test
    void aJarWithItsClassAndSizesFromFieldsBeforeConf() {
        Map<String, JsonNode> conf = new LinkedHashMap<>();
        conf.put("spark.executor.memory", JSON.textNode("8g"));
        conf.put("spark.executor.cores", JSON.numberNode(4));
        conf.put("spark.driver.cores", JSON.textNode("2"));
        conf.put("spark.executor.instances", JSON.textNode("7"));
        LivyBatchRequest request = new LivyBatchRequest("/jobs/app.jar", null, "com.example.Main", null, null, null, null, "1g", null,
                "2g", null, null, null, null, null, conf);

        RunSpec spec = LivyBatchMapper.toRunSpec(request).spec();

        assertThat(spec.entrypoint()).isEqualTo(new RunSpec.Entrypoint(null, "/jobs/app.jar", "com.example.Main"));
        assertThat(spec.resources().driver()).isEqualTo(new RunSpec.Shape(2, "1g"));
        assertThat(spec.resources().executor()).isEqualTo(new RunSpec.Shape(4, "2g"));
        assertThat(spec.autoscaling()).isEqualTo(new RunSpec.Autoscaling("static", 7, 7));
        assertThat(spec.sparkConf()).isNull();
    }

    @ParameterizedTest
    @CsvSource({"4GB, 4g", "4gb, 4g", "512mb, 512m", "512m, 512m", "1t, 1024g", "4096k, 4m", "4097k, 5m", "2g, 2g", "lots, lots"})
    void sparksMemorySpellingsBecomeTheRunsOwn(String given, String run) {
        assertThat(LivyBatchMapper.sparkMemory(given)).isEqualTo(run);
    }

    @Test
    void dynamicAllocationInTheConfIsThePolicyAndAStaticCountWinsOverIt() {
        Map<String, JsonNode> conf = new LinkedHashMap<>();
        conf.put("spark.dynamicAllocation.enabled", JSON.textNode("true"));
        conf.put("spark.dynamicAllocation.minExecutors", JSON.textNode("1"));
        conf.put("spark.dynamicAllocation.maxExecutors", JSON.numberNode(6));
        conf.put("spark.dynamicAllocation.initialExecutors", JSON.textNode("2"));

        RunSpec dynamic = LivyBatchMapper.toRunSpec(request("/j.py", null, null, conf)).spec();
        RunSpec fixed = LivyBatchMapper.toRunSpec(request("/j.py", null, 3, conf)).spec();

        assertThat(dynamic.autoscaling()).isEqualTo(new RunSpec.Autoscaling("dynamic-allocation", 1, 6));
        assertThat(dynamic.sparkConf()).isNull();
        assertThat(fixed.autoscaling()).isEqualTo(new RunSpec.Autoscaling("static", 3, 3));
    }

    @Test
    void numExecutorsWinsOverTheProperty() {
        RunSpec spec = LivyBatchMapper.toRunSpec(request("/j.py", null, 2, Map.of("spark.executor.instances", JSON.textNode("9")))).spec();
        assertThat(spec.autoscaling()).isEqualTo(new RunSpec.Autoscaling("static", 2, 2));
    }

    @Test
    void whatLivyHasAndSparkplaneRefusesIsNamed() {
        LivyBatchRequest request = new LivyBatchRequest(null, "alice", null, null, null, null, null, null, null, null, null, null, null,
                "root.etl", null, Map.of("spark.x", JSON.objectNode()));

        LivyBatchMapper.Result result = LivyBatchMapper.toRunSpec(request);

        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("proxyUser", "queue", "conf.spark.x", "file");
        assertThat(LivyBatchMapper.toRunSpec(request("/app.jar", null, null, null)).errors()).extracting(FieldError::field)
                .containsExactly("className");
        assertThat(LivyBatchMapper.toRunSpec(request("/j.py", null, null, Map.of("spark.driver.cores", JSON.textNode("two")))).errors())
                .extracting(FieldError::field).containsExactly("conf.spark.driver.cores");
    }

    @ParameterizedTest
    @CsvSource({
        "entrypoint, file",
        "entrypoint.pythonFile, file",
        "entrypoint.jar, file",
        "entrypoint.mainClass, className",
        "workspace, conf.spark.sparkplane.workspace",
        "backend, conf.spark.sparkplane.backend",
        "sparkConf.spark.x, conf.spark.x",
        "autoscaling.maxExecutors, numExecutors",
        "resources.driver.memory, driverMemory",
        "resources.executor.cores, executorCores",
        "resources.executor, executorMemory",
        "args[0], args[0]",
        "name, name",
    })
    void restFieldsAreNamedAsLivyNamesThem(String rest, String livy) {
        assertThat(LivyBatchMapper.livyField(rest)).isEqualTo(livy);
    }

    @ParameterizedTest
    @CsvSource({
        "QUEUED, starting", "PROVISIONING, starting", "RUNNING, running", "CANCELLING, shutting_down",
        "SUCCEEDED, success", "FAILED, dead", "TIMED_OUT, dead", "CANCELLED, killed",
    })
    void everyRunStateIsALivyState(RunState state, String livy) {
        assertThat(LivyState.of(state)).isEqualTo(livy);
    }

    @Test
    void everyRunStateIsCovered() {
        for (RunState state : RunState.values()) {
            assertThat(LivyState.of(state)).isIn("starting", "running", "shutting_down", "success", "dead", "killed");
        }
    }

    @Test
    void logLinesAndTheirWindow() {
        assertThat(LivyLogLines.lines("a\nb\nc".getBytes(StandardCharsets.UTF_8), false, 0)).containsExactly("a", "b", "c");
        assertThat(LivyLogLines.lines("a\nb\n".getBytes(StandardCharsets.UTF_8), false, 0)).containsExactly("a", "b");
        List<String> cut = LivyLogLines.lines("rtial\nwhole\n".getBytes(StandardCharsets.UTF_8), true, 100);
        assertThat(cut).hasSize(2).endsWith("whole");
        assertThat(cut.get(0)).contains("first 106 bytes are left out");

        assertThat(LivyLogLines.window(150, null, null)).isEqualTo(new LivyLogLines.Window(50, 150));
        assertThat(LivyLogLines.window(5, null, null)).isEqualTo(new LivyLogLines.Window(0, 5));
        assertThat(LivyLogLines.window(150, 10, 3)).isEqualTo(new LivyLogLines.Window(10, 13));
        assertThat(LivyLogLines.window(150, 149, 100)).isEqualTo(new LivyLogLines.Window(149, 150));
        assertThat(LivyLogLines.window(150, 500, 10)).isEqualTo(new LivyLogLines.Window(150, 150));
        assertThat(LivyLogLines.window(150, null, 0)).isEqualTo(new LivyLogLines.Window(150, 150));
    }
}
