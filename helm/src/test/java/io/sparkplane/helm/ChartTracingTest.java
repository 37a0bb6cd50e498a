package io.sparkplane.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.EnvVar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How the chart turns the control plane's OpenTelemetry traces on (docs/tracing.md): off by default
 * (the SDK stays off as the control plane's own default says), on with an OTLP endpoint and protocol
 * as Quarkus's environment variables.
 */
class ChartTracingTest {

    @TempDir
    Path directory;

    private static Map<String, String> env(Manifests manifests) {
        return manifests.controlPlaneContainer().getEnv().stream().filter(variable -> variable.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    @Test
    void tracesAreOffByDefault() {
        assertThat(env(SparkplaneChart.manifests(SparkplaneChart.renderDefaults())).keySet()).noneMatch(name -> name.startsWith("QUARKUS_OTEL_"));
    }

    @Test
    void tracingOnGivesTheSdkItsCollector() {
        assertThat(env(SparkplaneChart.manifests(SparkplaneChart.renderAllOn())))
                .containsEntry("QUARKUS_OTEL_SDK_DISABLED", "false")
                .containsEntry("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector.observability:4318")
                .containsEntry("QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            tracing: {enabled: true}                                       | otlpEndpoint
            tracing: {enabled: true, otlpEndpoint: 'collector:4317'}       | otlpEndpoint
            tracing: {otlpEndpoint: 'http://c:4317', protocol: thrift}     | protocol
            tracing: {enable: true}                                        | enable
            """)
    void refusesBadTracingValuesNamingTheField(String values, String field) throws IOException {
        Path file = Files.writeString(directory.resolve("bad-values.yaml"), values + "\n");

        assertThatThrownBy(() -> SparkplaneChart.render(List.of(file), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(field);
    }
}
