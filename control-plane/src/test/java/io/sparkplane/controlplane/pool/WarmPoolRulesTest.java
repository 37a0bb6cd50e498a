package io.sparkplane.controlplane.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.controlplane.problem.FieldError;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WarmPoolRulesTest {

    private static final String PREFIX = "sparkplane.warm-pools.etl.";

    @Test
    void theDefaultsServeARunThatSetsNoResources() {
        WarmPoolSpec spec = WarmPoolRules.fromConfiguration("etl", Map.of("workspace", "default", "profile", "local")).spec().orElseThrow();
        assertThat(spec.size()).isEqualTo(1);
        assertThat(spec.workers()).isEqualTo(1);
        assertThat(spec.idleTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(spec.driver().cores()).isEqualTo(1);
        assertThat(spec.driver().memoryMib()).isEqualTo(1024);
        assertThat(spec.executor().memory()).isEqualTo("1g");
    }

    @Test
    void everySettingIsRead() {
        WarmPoolSpec spec = WarmPoolRules.fromConfiguration("etl", Map.of("workspace", "team-a", "profile", "k8s", "size", "3",
                "idle-ttl", "pt2h", "workers", "4", "driver-cores", "2", "driver-memory", "2G", "executor-cores", "4",
                "executor-memory", "8g")).spec().orElseThrow();
        assertThat(spec).isEqualTo(new WarmPoolSpec("etl", "team-a", "k8s", 3, Duration.ofHours(2), 4,
                new io.sparkplane.controlplane.run.RunDefinition.Shape(2, 2048, "2g"),
                new io.sparkplane.controlplane.run.RunDefinition.Shape(4, 8192, "8g")));
    }

    static Stream<Arguments> wrong() {
        return Stream.of(
                Arguments.of(Map.of("profile", "local"), PREFIX + "workspace"),
                Arguments.of(Map.of("workspace", "default"), PREFIX + "profile"),
                Arguments.of(Map.of("workspace", "default", "profile", "local", "size", "many"), PREFIX + "size"),
                Arguments.of(Map.of("workspace", "default", "profile", "local", "size", "51"), PREFIX + "size"),
                Arguments.of(Map.of("workspace", "default", "profile", "local", "idle-ttl", "PT30S"), PREFIX + "idle-ttl"),
                Arguments.of(Map.of("workspace", "default", "profile", "local", "idle-ttl", "P31D"), PREFIX + "idle-ttl"),
                Arguments.of(Map.of("workspace", "default", "profile", "local", "workers", "65"), PREFIX + "workers"),
                Arguments.of(Map.of("workspace", "default", "profile", "local", "executor-memory", "100m"), PREFIX + "executor-memory"),
                Arguments.of(Map.of("workspace", "default", "profile", "local", "driver-cores", "0"), PREFIX + "driver-cores"),
                Arguments.of(Map.of("workspace", "default", "profile", "local", "colour", "red"), PREFIX + "colour"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("wrong")
    void aWrongSettingIsNamed(Map<String, String> settings, String field) {
        WarmPoolRules.Checked checked = WarmPoolRules.fromConfiguration("etl", settings);
        assertThat(checked.spec()).isEmpty();
        assertThat(checked.errors()).extracting(FieldError::field).contains(field);
    }

    @Test
    void aBadNameIsNamed() {
        assertThat(WarmPoolRules.fromConfiguration("Etl_1", Map.of("workspace", "default", "profile", "local")).errors())
                .extracting(FieldError::field).containsExactly("sparkplane.warm-pools.Etl_1");
    }
}
