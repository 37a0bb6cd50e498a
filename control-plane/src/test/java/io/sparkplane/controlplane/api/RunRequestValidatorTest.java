package io.sparkplane.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.controlplane.staging.RunInputParser;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Set;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RunRequestValidatorTest {

    /** Local paths allowed anywhere (as in development), web hosts resolved to a public address without DNS. */
    private final RunRequestValidator validator = new RunRequestValidator(Map.of("local", 8), "local", new RunInputParser(
            Set.of("s3", "gs", "abfss", "wasbs", "https"), List.of(Path.of("/")), host -> List.of(InetAddress.getByName("93.184.215.14"))));

    private static SubmitRunRequest python(String file) {
        return new SubmitRunRequest(null, new SubmitRunRequest.Entrypoint(file, null, null), null, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }

    @Test
    void aRunThatNamesNoBackendGetsTheControlPlanesDefault() {
        RunRequestValidator kubernetesOnly = new RunRequestValidator(Map.of("kubernetes", 50), "kubernetes", new RunInputParser(
                Set.of("s3"), List.of(), host -> List.of()));
        SubmitRunRequest request = python("s3://jobs/etl.py");
        assertThat(kubernetesOnly.validate(request).normalized().backend()).isEqualTo("kubernetes");

        SubmitRunRequest local = new SubmitRunRequest(null, request.entrypoint(), null, null, null, null, null, null, null,
                null, "local", null, null, null, null);
        assertThat(kubernetesOnly.validate(local).errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("backend");
            assertThat(error.message()).contains("unknown backend 'local'").contains("available: kubernetes");
        });
    }

    @Test
    void fillsEveryDefault() {
        RunRequestValidator.Result result = validator.validate(python("/jobs/etl.py"));

        assertThat(result.errors()).isEmpty();
        SubmitRunRequest normalized = result.normalized();
        assertThat(normalized.name()).isEqualTo("etl.py");
        assertThat(normalized.backend()).isEqualTo("local");
        assertThat(normalized.args()).isEmpty();
        assertThat(normalized.sparkConf()).isEmpty();
        assertThat(normalized.labels()).isEmpty();
        assertThat(normalized.maxRetries()).isZero();
        assertThat(normalized.timeoutSeconds()).isNull();
        assertThat(normalized.resources()).isEqualTo(new SubmitRunRequest.Resources(
                new SubmitRunRequest.Shape(1, "1g"), new SubmitRunRequest.Shape(1, "1g")));
        assertThat(normalized.autoscaling()).isEqualTo(new SubmitRunRequest.Autoscaling("backlog", 1, 2));
    }

    @Test
    void acceptsAJarWithItsMainClass() {
        SubmitRunRequest request = new SubmitRunRequest("pi", new SubmitRunRequest.Entrypoint(null, "file:/jobs/pi.jar", "org.example.Pi"),
                List.of("100"), null, null, null, null, Map.of("spark.sql.shuffle.partitions", "8"), null, null, "local", 60, 2, Map.of("team", "data"), null);

        assertThat(validator.validate(request).errors()).isEmpty();
    }

    static List<Object[]> invalidRequests() {
        SubmitRunRequest.Entrypoint py = new SubmitRunRequest.Entrypoint("/jobs/etl.py", null, null);
        Map<String, String> manyLabels = new HashMap<>();
        IntStream.range(0, 40).forEach(i -> manyLabels.put("k" + i, "v"));
        return List.of(
                new Object[] {request(null, null, null, null, null, null), "entrypoint"},
                new Object[] {request(new SubmitRunRequest.Entrypoint(null, null, null), null, null, null, null, null), "entrypoint"},
                new Object[] {request(new SubmitRunRequest.Entrypoint("/a.py", "/b.jar", "X"), null, null, null, null, null), "entrypoint"},
                new Object[] {request(new SubmitRunRequest.Entrypoint(null, "/b.jar", null), null, null, null, null, null), "entrypoint.mainClass"},
                new Object[] {request(new SubmitRunRequest.Entrypoint(null, "/b.jar", "not a class"), null, null, null, null, null), "entrypoint.mainClass"},
                new Object[] {request(new SubmitRunRequest.Entrypoint("/a.py", null, "X"), null, null, null, null, null), "entrypoint.mainClass"},
                new Object[] {request(new SubmitRunRequest.Entrypoint("jobs/etl.py", null, null), null, null, null, null, null), "entrypoint.pythonFile"},
                new Object[] {request(new SubmitRunRequest.Entrypoint("http://169.254.169.254/x.py", null, null), null, null, null, null, null), "entrypoint.pythonFile"},
                new Object[] {request(py, resources(new SubmitRunRequest.Shape(-1, "1g"), null), null, null, null, null), "resources.driver.cores"},
                new Object[] {request(py, resources(null, new SubmitRunRequest.Shape(1000, "1g")), null, null, null, null), "resources.executor.cores"},
                new Object[] {request(py, resources(null, new SubmitRunRequest.Shape(1, "9999999g")), null, null, null, null), "resources.executor.memory"},
                new Object[] {request(py, resources(null, new SubmitRunRequest.Shape(1, "lots")), null, null, null, null), "resources.executor.memory"},
                new Object[] {request(py, resources(null, new SubmitRunRequest.Shape(1, "1m")), null, null, null, null), "resources.executor.memory"},
                new Object[] {scaled(new SubmitRunRequest.Autoscaling(null, -1, null)), "autoscaling.minExecutors"},
                new Object[] {scaled(new SubmitRunRequest.Autoscaling(null, 5, 2)), "autoscaling.minExecutors"},
                new Object[] {scaled(new SubmitRunRequest.Autoscaling(null, null, 100000)), "autoscaling.maxExecutors"},
                new Object[] {scaled(new SubmitRunRequest.Autoscaling(null, null, 9)), "autoscaling.maxExecutors"},
                new Object[] {scaled(new SubmitRunRequest.Autoscaling("fastest", null, null)), "autoscaling.policy"},
                new Object[] {request(py, null, Map.of("spark.dynamicAllocation.enabled", "true"), null, null, null), "sparkConf.spark.dynamicAllocation.enabled"},
                new Object[] {request(py, null, Map.of("spark.executor.memory", "8g"), null, null, null), "sparkConf.spark.executor.memory"},
                new Object[] {request(py, null, Map.of("spark.master", "yarn"), null, null, null), "sparkConf.spark.master"},
                new Object[] {request(py, null, Map.of("hadoop.x", "1"), null, null, null), "sparkConf.hadoop.x"},
                new Object[] {request(py, null, null, "mars", null, null), "backend"},
                new Object[] {request(py, null, null, null, 0, null), "timeoutSeconds"},
                new Object[] {request(py, null, null, null, 999_999_999, null), "timeoutSeconds"},
                new Object[] {request(py, null, null, null, null, -1), "maxRetries"},
                new Object[] {request(py, null, null, null, null, 11), "maxRetries"},
                new Object[] {withLabels(Map.of("Bad Key", "v")), "labels.Bad Key"},
                new Object[] {withLabels(Map.of("ok", "x".repeat(64))), "labels.ok"},
                new Object[] {withLabels(manyLabels), "labels"},
                new Object[] {withArgs(Collections.nCopies(1001, "a")), "args"},
                new Object[] {withName(""), "name"},
                new Object[] {withName("n".repeat(201)), "name"});
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidRequests")
    void rejectsWithTheFieldPath(SubmitRunRequest request, String field) {
        RunRequestValidator.Result result = validator.validate(request);

        assertThat(result.valid()).isFalse();
        assertThat(result.normalized()).isNull();
        assertThat(result.errors()).extracting(FieldError::field).contains(field);
    }

    @Test
    void parsesSparkMemory() {
        assertThat(RunRequestValidator.memoryMib("512m")).isEqualTo(512);
        assertThat(RunRequestValidator.memoryMib("2g")).isEqualTo(2048);
        assertThat(RunRequestValidator.memoryMib("3G")).isEqualTo(3072);
    }

    @Test
    void normalizedFormIsCanonicalForFingerprints() {
        SubmitRunRequest a = request(new SubmitRunRequest.Entrypoint("/a.py", null, null), null,
                new java.util.LinkedHashMap<>(Map.of("spark.b", "1", "spark.a", "2")), null, null, null);
        SubmitRunRequest b = request(new SubmitRunRequest.Entrypoint("/a.py", null, null),
                resources(new SubmitRunRequest.Shape(1, "1G"), null),
                new java.util.TreeMap<>(Map.of("spark.a", "2", "spark.b", "1")), "local", null, 0);

        assertThat(RunSpecJson.fingerprint(validator.validate(a).normalized()))
                .isEqualTo(RunSpecJson.fingerprint(validator.validate(b).normalized()));
        assertThat(RunSpecJson.fingerprint(validator.validate(a).normalized()))
                .isNotEqualTo(RunSpecJson.fingerprint(validator.validate(python("/b.py")).normalized()));
    }

    private static SubmitRunRequest.Resources resources(SubmitRunRequest.Shape driver, SubmitRunRequest.Shape executor) {
        return new SubmitRunRequest.Resources(driver, executor);
    }

    private static SubmitRunRequest scaled(SubmitRunRequest.Autoscaling autoscaling) {
        return new SubmitRunRequest(null, new SubmitRunRequest.Entrypoint("/a.py", null, null), null, null, null, null, null, null, null,
                autoscaling, null, null, null, null, null);
    }

    private static SubmitRunRequest request(SubmitRunRequest.Entrypoint entrypoint, SubmitRunRequest.Resources resources,
            Map<String, String> sparkConf, String backend, Integer timeoutSeconds, Integer maxRetries) {
        return new SubmitRunRequest(null, entrypoint, null, null, null, null, null, sparkConf, resources, null, backend, timeoutSeconds, maxRetries, null, null);
    }

    private static SubmitRunRequest withLabels(Map<String, String> labels) {
        return new SubmitRunRequest(null, new SubmitRunRequest.Entrypoint("/a.py", null, null), null, null, null, null, null, null, null,
                null, null, null, null, labels, null);
    }

    private static SubmitRunRequest withArgs(List<String> args) {
        return new SubmitRunRequest(null, new SubmitRunRequest.Entrypoint("/a.py", null, null), args, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }

    private static SubmitRunRequest withName(String name) {
        return new SubmitRunRequest(name, new SubmitRunRequest.Entrypoint("/a.py", null, null), null, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }
}
