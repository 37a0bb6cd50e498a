package io.sparkplane.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.controlplane.run.AutoscalingPolicy;
import io.sparkplane.controlplane.run.RunDefinition;
import io.sparkplane.controlplane.run.RunDefinitionJson;
import io.sparkplane.controlplane.staging.RunInputParser;
import io.sparkplane.spi.engine.Entrypoint;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RunSpecMapperTest {

    /** Local paths allowed anywhere (as in development), web hosts resolved to a public address without DNS. */
    private final RunSpecMapper validator = new RunSpecMapper(Map.of("local", new RunSpecMapper.Backend(8, Set.of("spark.local.only"))), "local", new RunInputParser(
            Set.of("s3", "gs", "abfss", "wasbs", "https"), List.of(Path.of("/")), host -> List.of(InetAddress.getByName("93.184.215.14"))));

    private static RunSpec python(String file) {
        return new RunSpec(null, new RunSpec.Entrypoint(file, null, null), null, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }

    @Test
    void aRunThatNamesNoBackendGetsTheControlPlanesDefault() {
        RunSpecMapper kubernetesOnly = new RunSpecMapper(Map.of("kubernetes", new RunSpecMapper.Backend(50, Set.of())), "kubernetes", new RunInputParser(
                Set.of("s3"), List.of(), host -> List.of()));
        RunSpec request = python("s3://jobs/etl.py");
        assertThat(kubernetesOnly.toDefinition(request).definition().backend()).isEqualTo("kubernetes");

        RunSpec local = new RunSpec(null, request.entrypoint(), null, null, null, null, null, null, null,
                null, "local", null, null, null, null);
        assertThat(kubernetesOnly.toDefinition(local).errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("backend");
            assertThat(error.message()).contains("unknown backend 'local'").contains("available: kubernetes");
        });
    }

    private static RunSpecMapper serviceHosted(String stagingScheme) {
        return new RunSpecMapper(Map.of("aws", new RunSpecMapper.Backend(20, Set.of(), true, Set.of("s3"), java.util.Optional.empty())), "aws",
                new RunInputParser(Set.of("s3"), List.of(), host -> List.of()), stagingScheme);
    }

    private static RunSpec onAws(Map<String, String> sparkConf) {
        return new RunSpec(null, new RunSpec.Entrypoint("s3://jobs/etl.py", null, null), null, null, null, null, null, sparkConf, null,
                null, "aws", null, null, null, null);
    }

    @Test
    void aServiceHostedBackendTakesRunsOnlyFromAWorkspaceStagingWhereItsServiceReads() {
        assertThat(serviceHosted("s3").toDefinition(onAws(null)).errors()).isEmpty();
        assertThat(serviceHosted("file").toDefinition(onAws(null)).errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("backend");
            assertThat(error.message()).contains("aws backend's service reads a run's inputs from s3:// staging")
                    .contains("this workspace stages on file://");
        });
    }

    @Test
    void aServiceHostedRunCannotLiftTheBoundsItsServiceKeepsTo() {
        RunSpecMapper.Result result = serviceHosted("s3").toDefinition(onAws(Map.of("spark.dynamicAllocation.maxExecutors", "1000")));
        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("sparkConf.spark.dynamicAllocation.maxExecutors");
            assertThat(error.message()).contains("resources and autoscaling");
        });
    }

    @Test
    void aProfileItsServiceRefusedTakesNoRunsSayingWhy() {
        RunSpecMapper refused = new RunSpecMapper(Map.of("aws", new RunSpecMapper.Backend(20, Set.of(), true, Set.of("s3"),
                java.util.Optional.of("EMR release emr-7.9.0 in us-east-1 does not take the instance type x9.huge"))), "aws",
                new RunInputParser(Set.of("s3"), List.of(), host -> List.of()), "s3");
        assertThat(refused.toDefinition(onAws(null)).errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("backend");
            assertThat(error.message()).contains("engine profile aws cannot run jobs").contains("x9.huge");
        });
    }

    @Test
    void aServiceHostedBackendRefusesSecretLookingSparkConfItsServicesApiWouldShow() {
        RunSpecMapper.Result result = serviceHosted("s3").toDefinition(onAws(Map.of(
                "spark.hadoop.fs.s3a.secret.key", "abc", "spark.sql.shuffle.partitions", "8")));
        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("sparkConf.spark.hadoop.fs.s3a.secret.key");
            assertThat(error.message()).contains("looks like a secret").contains("service's role").doesNotContain("abc");
        });
        assertThat(validator.toDefinition(new RunSpec(null, new RunSpec.Entrypoint("/jobs/etl.py", null, null), null, null, null, null, null,
                Map.of("spark.hadoop.fs.s3a.secret.key", "abc"), null, null, "local", null, null, null, null)).errors())
                .as("a launcher's backend keeps secrets out of sight itself").isEmpty();
    }

    @Test
    void fillsEveryDefault() {
        RunSpecMapper.Result result = validator.toDefinition(python("/jobs/etl.py"));

        assertThat(result.errors()).isEmpty();
        RunDefinition definition = result.definition();
        assertThat(definition.name()).isEqualTo("etl.py");
        assertThat(definition.entrypoint()).isEqualTo(new Entrypoint.PythonFile("/jobs/etl.py"));
        assertThat(definition.backend()).isEqualTo("local");
        assertThat(definition.args()).isEmpty();
        assertThat(definition.sparkConf()).isEmpty();
        assertThat(definition.labels()).isEmpty();
        assertThat(definition.maxRetries()).isZero();
        assertThat(definition.timeout()).isEmpty();
        assertThat(definition.resources()).isEqualTo(new RunDefinition.Resources(
                new RunDefinition.Shape(1, 1024), new RunDefinition.Shape(1, 1024)));
        assertThat(definition.autoscaling()).isEqualTo(new AutoscalingPolicy.Backlog(1, 2));
    }

    @Test
    void acceptsAJarWithItsMainClass() {
        RunSpec request = new RunSpec("pi", new RunSpec.Entrypoint(null, "file:/jobs/pi.jar", "org.example.Pi"),
                List.of("100"), null, null, null, null, Map.of("spark.sql.shuffle.partitions", "8"), null, null, "local", 60, 2, Map.of("team", "data"), null);

        RunDefinition definition = validator.toDefinition(request).definition();

        assertThat(definition.entrypoint()).isEqualTo(new Entrypoint.Jar("file:/jobs/pi.jar", "org.example.Pi"));
        assertThat(definition.timeout()).contains(Duration.ofMinutes(1));
        assertThat(definition.maxRetries()).isEqualTo(2);
    }

    @Test
    void eachPolicyIsItsOwnType() {
        assertThat(validator.toDefinition(scaled(new RunSpec.Autoscaling("static", 1, 3))).definition().autoscaling())
                .isEqualTo(new AutoscalingPolicy.Static(1, 3));
        assertThat(validator.toDefinition(scaled(new RunSpec.Autoscaling("dynamic-allocation", 0, 4))).definition().autoscaling())
                .isEqualTo(new AutoscalingPolicy.DynamicAllocation(0, 4));
        assertThat(validator.toDefinition(scaled(new RunSpec.Autoscaling(null, null, 5))).definition().autoscaling())
                .isEqualTo(new AutoscalingPolicy.Backlog(1, 5));
    }

    @Test
    void theSpecOfAShownRunIsTheRequestWithEveryDefaultAndNoSecretMemorySpeltAsGivenInLowerCase() {
        RunSpec request = new RunSpec(null, new RunSpec.Entrypoint("/jobs/etl.py", null, null), null, null, null, null, null,
                Map.of("spark.hadoop.fs.s3a.secret.key", "s3cr3t", "spark.sql.shuffle.partitions", "4"),
                resources(new RunSpec.Shape(2, "1536m"), new RunSpec.Shape(null, "2048M")), null, null, 600, null, null, "analytics");

        RunSpec shown = RunSpecMapper.toSpec(validator.toDefinition(request).definition());

        assertThat(shown).isEqualTo(new RunSpec("etl.py", new RunSpec.Entrypoint("/jobs/etl.py", null, null), List.of(), List.of(),
                List.of(), List.of(), List.of(),
                Map.of("spark.hadoop.fs.s3a.secret.key", "***", "spark.sql.shuffle.partitions", "4"),
                resources(new RunSpec.Shape(2, "1536m"), new RunSpec.Shape(1, "2048m")), new RunSpec.Autoscaling("backlog", 1, 2),
                "local", 600, 0, Map.of(), null));
        assertThat(validator.toDefinition(shown).definition().resources()).isEqualTo(validator.toDefinition(request).definition().resources());
    }

    static List<Object[]> invalidRequests() {
        RunSpec.Entrypoint py = new RunSpec.Entrypoint("/jobs/etl.py", null, null);
        Map<String, String> manyLabels = new HashMap<>();
        IntStream.range(0, 40).forEach(i -> manyLabels.put("k" + i, "v"));
        return List.of(
                new Object[] {request(null, null, null, null, null, null), "entrypoint"},
                new Object[] {request(new RunSpec.Entrypoint(null, null, null), null, null, null, null, null), "entrypoint"},
                new Object[] {request(new RunSpec.Entrypoint("/a.py", "/b.jar", "X"), null, null, null, null, null), "entrypoint"},
                new Object[] {request(new RunSpec.Entrypoint(null, "/b.jar", null), null, null, null, null, null), "entrypoint.mainClass"},
                new Object[] {request(new RunSpec.Entrypoint(null, "/b.jar", "not a class"), null, null, null, null, null), "entrypoint.mainClass"},
                new Object[] {request(new RunSpec.Entrypoint("/a.py", null, "X"), null, null, null, null, null), "entrypoint.mainClass"},
                new Object[] {request(new RunSpec.Entrypoint("jobs/etl.py", null, null), null, null, null, null, null), "entrypoint.pythonFile"},
                new Object[] {request(new RunSpec.Entrypoint("http://169.254.169.254/x.py", null, null), null, null, null, null, null), "entrypoint.pythonFile"},
                new Object[] {request(py, resources(new RunSpec.Shape(-1, "1g"), null), null, null, null, null), "resources.driver.cores"},
                new Object[] {request(py, resources(null, new RunSpec.Shape(1000, "1g")), null, null, null, null), "resources.executor.cores"},
                new Object[] {request(py, resources(null, new RunSpec.Shape(1, "9999999g")), null, null, null, null), "resources.executor.memory"},
                new Object[] {request(py, resources(null, new RunSpec.Shape(1, "lots")), null, null, null, null), "resources.executor.memory"},
                new Object[] {request(py, resources(null, new RunSpec.Shape(1, "1m")), null, null, null, null), "resources.executor.memory"},
                new Object[] {scaled(new RunSpec.Autoscaling(null, -1, null)), "autoscaling.minExecutors"},
                new Object[] {scaled(new RunSpec.Autoscaling(null, 5, 2)), "autoscaling.minExecutors"},
                new Object[] {scaled(new RunSpec.Autoscaling(null, null, 100000)), "autoscaling.maxExecutors"},
                new Object[] {scaled(new RunSpec.Autoscaling(null, null, 9)), "autoscaling.maxExecutors"},
                new Object[] {scaled(new RunSpec.Autoscaling("fastest", null, null)), "autoscaling.policy"},
                new Object[] {request(py, null, Map.of("spark.dynamicAllocation.enabled", "true"), null, null, null), "sparkConf.spark.dynamicAllocation.enabled"},
                new Object[] {request(py, null, Map.of("spark.executor.memory", "8g"), null, null, null), "sparkConf.spark.executor.memory"},
                new Object[] {request(py, null, Map.of("spark.master", "yarn"), null, null, null), "sparkConf.spark.master"},
                new Object[] {request(py, null, Map.of("hadoop.x", "1"), null, null, null), "sparkConf.hadoop.x"},
                new Object[] {request(py, null, Map.of("spark.local.only", "1"), null, null, null), "sparkConf.spark.local.only"},
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
    void rejectsWithTheFieldPath(RunSpec request, String field) {
        RunSpecMapper.Result result = validator.toDefinition(request);

        assertThat(result.valid()).isFalse();
        assertThat(result.definition()).isNull();
        assertThat(result.errors()).extracting(FieldError::field).contains(field);
    }

    @Test
    void normalizedFormIsCanonicalForFingerprints() {
        RunSpec a = request(new RunSpec.Entrypoint("/a.py", null, null), null,
                new java.util.LinkedHashMap<>(Map.of("spark.b", "1", "spark.a", "2")), null, null, null);
        RunSpec b = request(new RunSpec.Entrypoint("/a.py", null, null),
                resources(new RunSpec.Shape(1, "1G"), null),
                new java.util.TreeMap<>(Map.of("spark.a", "2", "spark.b", "1")), "local", null, 0);

        assertThat(RunDefinitionJson.fingerprint(validator.toDefinition(a).definition()))
                .isEqualTo(RunDefinitionJson.fingerprint(validator.toDefinition(b).definition()));
        assertThat(RunDefinitionJson.fingerprint(validator.toDefinition(a).definition()))
                .isNotEqualTo(RunDefinitionJson.fingerprint(validator.toDefinition(python("/b.py")).definition()));
    }

    private static RunSpec.Resources resources(RunSpec.Shape driver, RunSpec.Shape executor) {
        return new RunSpec.Resources(driver, executor);
    }

    private static RunSpec scaled(RunSpec.Autoscaling autoscaling) {
        return new RunSpec(null, new RunSpec.Entrypoint("/a.py", null, null), null, null, null, null, null, null, null,
                autoscaling, null, null, null, null, null);
    }

    private static RunSpec request(RunSpec.Entrypoint entrypoint, RunSpec.Resources resources,
            Map<String, String> sparkConf, String backend, Integer timeoutSeconds, Integer maxRetries) {
        return new RunSpec(null, entrypoint, null, null, null, null, null, sparkConf, resources, null, backend, timeoutSeconds, maxRetries, null, null);
    }

    private static RunSpec withLabels(Map<String, String> labels) {
        return new RunSpec(null, new RunSpec.Entrypoint("/a.py", null, null), null, null, null, null, null, null, null,
                null, null, null, null, labels, null);
    }

    private static RunSpec withArgs(List<String> args) {
        return new RunSpec(null, new RunSpec.Entrypoint("/a.py", null, null), args, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }

    private static RunSpec withName(String name) {
        return new RunSpec(name, new RunSpec.Entrypoint("/a.py", null, null), null, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }
}
