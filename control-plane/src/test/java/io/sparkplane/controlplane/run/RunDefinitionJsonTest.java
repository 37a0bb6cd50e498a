package io.sparkplane.controlplane.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.engine.Entrypoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RunDefinitionJsonTest {

    private static final RunDefinition JAR = new RunDefinition("pi", new Entrypoint.Jar("artifact:sha256:ab/pi.jar", "org.example.Pi"),
            List.of("100", ""), List.of("s3://b/lib.zip"), List.of("/jobs/udf.jar"), List.of("gs://b/names.txt"), List.of("/jobs/env.tgz#env"),
            Map.of("spark.sql.shuffle.partitions", "8"),
            new RunDefinition.Resources(new RunDefinition.Shape(2, 1536), new RunDefinition.Shape(1, 4096, "4096m")),
            new AutoscalingPolicy.DynamicAllocation(0, 4), "kubernetes", Optional.of(Duration.ofMinutes(10)), 2, Map.of("team", "data"));

    @Test
    void aDefinitionRoundTrips() {
        assertThat(RunDefinitionJson.read(RunDefinitionJson.write(JAR))).isEqualTo(JAR);
        RunDefinition python = new RunDefinition("etl", new Entrypoint.PythonFile("/jobs/etl.py"), List.of(), List.of(), List.of(),
                List.of(), List.of(), Map.of(), JAR.resources(), new AutoscalingPolicy.Static(2, 2), "local", Optional.empty(), 0, Map.of());
        assertThat(RunDefinitionJson.read(RunDefinitionJson.write(python))).isEqualTo(python);
    }

    @Test
    void theStoredFormHoldsQuantitiesAsNumbers() {
        assertThat(RunDefinitionJson.write(JAR))
                .contains("\"formatVersion\":2")
                .contains("\"driver\":{\"cores\":2,\"memoryMib\":1536,\"memory\":\"1536m\"}")
                .contains("\"executor\":{\"cores\":1,\"memoryMib\":4096,\"memory\":\"4096m\"}")
                .contains("\"autoscaling\":{\"policy\":\"dynamic-allocation\",\"minExecutors\":0,\"maxExecutors\":4}")
                .contains("\"timeoutSeconds\":600");
    }

    @Test
    void aRunStoredAsItsRequestBeforeTheFormatIsReadAsThatRequestMeant() {
        String stored = """
                {"archives":[],"args":["a"],"autoscaling":{"maxExecutors":3,"minExecutors":1,"policy":"static"},"backend":"local",
                 "entrypoint":{"pythonFile":"/jobs/etl.py"},"files":[],"jars":[],"labels":{"team":"x"},"maxRetries":1,"name":"etl",
                 "pyFiles":[],"resources":{"driver":{"cores":1,"memory":"1g"},"executor":{"cores":2,"memory":"512M"}},
                 "sparkConf":{"spark.a":"1"},"timeoutSeconds":null}""";

        assertThat(RunDefinitionJson.read(stored)).isEqualTo(new RunDefinition("etl", new Entrypoint.PythonFile("/jobs/etl.py"),
                List.of("a"), List.of(), List.of(), List.of(), List.of(), Map.of("spark.a", "1"),
                new RunDefinition.Resources(new RunDefinition.Shape(1, 1024), new RunDefinition.Shape(2, 512, "512m")),
                new AutoscalingPolicy.Static(1, 3), "local", Optional.empty(), 1, Map.of("team", "x")));
    }

    @Test
    void aRunStoredBeforeAutoscalingAndArchivesGetsTheirDefaultsThen() {
        String stored = """
                {"args":[],"backend":"local","entrypoint":{"pythonFile":"/a.py"},"files":[],"jars":[],"labels":{},"maxRetries":0,
                 "name":"a.py","pyFiles":[],"resources":{"driver":{"cores":1,"memory":"1g"},"executor":{"cores":1,"memory":"1g"}},
                 "sparkConf":{},"timeoutSeconds":30}""";

        RunDefinition read = RunDefinitionJson.read(stored);

        assertThat(read.autoscaling()).isEqualTo(new AutoscalingPolicy.Backlog(1, 2));
        assertThat(read.archives()).isEmpty();
        assertThat(read.timeout()).contains(Duration.ofSeconds(30));
    }

    @Test
    void aShapesSpellingMustBeItsSize() {
        assertThatThrownBy(() -> new RunDefinition.Shape(1, 1024, "2g")).hasMessageContaining("2g is not 1024 MiB");
    }

    @Test
    void anUnreadableDefinitionSaysSo() {
        assertThatThrownBy(() -> RunDefinitionJson.read("{\"formatVersion\":3}")).hasMessageContaining("formatVersion");
        assertThatThrownBy(() -> RunDefinitionJson.read("not json")).hasMessageContaining("unreadable");
    }

    @Test
    void theFingerprintIsTheDefinitionsNotItsMapsOrder() {
        RunDefinition reordered = new RunDefinition(JAR.name(), JAR.entrypoint(), JAR.args(), JAR.pyFiles(), JAR.jars(), JAR.files(),
                JAR.archives(), new TreeMap<>(JAR.sparkConf()), JAR.resources(), JAR.autoscaling(), JAR.backend(), JAR.timeout(),
                JAR.maxRetries(), JAR.labels());

        assertThat(RunDefinitionJson.fingerprint(reordered)).isEqualTo(RunDefinitionJson.fingerprint(JAR));
        assertThat(RunDefinitionJson.fingerprint(new RunDefinition(JAR.name(), JAR.entrypoint(), JAR.args(), JAR.pyFiles(), JAR.jars(),
                JAR.files(), JAR.archives(), JAR.sparkConf(), JAR.resources(), JAR.autoscaling(), JAR.backend(), Optional.empty(),
                JAR.maxRetries(), JAR.labels()))).isNotEqualTo(RunDefinitionJson.fingerprint(JAR));
    }
}
