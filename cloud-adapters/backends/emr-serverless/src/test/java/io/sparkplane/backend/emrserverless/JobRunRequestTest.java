package io.sparkplane.backend.emrserverless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The StartJobRun request of an attempt, field by field. */
class JobRunRequestTest {

    private static final EmrServerlessConfiguration CONFIGURATION = TestSpecs.configuration(URI.create("http://127.0.0.1:1"));
    private static final String RUN = "0b6a6f3e-8c5e-4a7e-9d6e-2f1f0c0c0c01";
    private static final String STAGING = "s3://staging/workspaces/default/runs/" + RUN + "/";

    private static JobRunRequest request(ClusterSpec spec) {
        return JobRunRequest.of(spec, "serverless", CONFIGURATION);
    }

    private static ClusterSpec python(Map<String, String> sparkConf) {
        return TestSpecs.python(RUN, 1, 6, sparkConf);
    }

    @Test
    void aPythonAttemptRunsItsStagedEntrypointWithItsArguments() {
        JobRunRequest request = request(python(Map.of()));

        assertThat(request.name()).isEqualTo("sp-" + RUN + "-1");
        assertThat(request.clientToken()).isEqualTo("sp-" + RUN + "-1");
        assertThat(request.executionRoleArn()).isEqualTo(TestSpecs.EXECUTION_ROLE);
        assertThat(request.entryPoint()).isEqualTo(STAGING + "inputs/job.py");
        assertThat(request.entryPointArguments()).containsExactly("--day", "2026-12-01");
        assertThat(request.logUri()).isEqualTo(STAGING + "attempts/1/logs/");
        assertThat(request.executionTimeoutMinutes()).isEqualTo(720);
        assertThat(request.tags()).containsExactly(
                Map.entry("sparkplane:attempt", "1"),
                Map.entry("sparkplane:cluster", "sp-" + RUN + "-1"),
                Map.entry("sparkplane:profile", "serverless"),
                Map.entry("sparkplane:run-id", RUN));
    }

    @Test
    void theStagedInputsAreSparkSubmitOptionsAndTheListenerJarIsOnTheDriversClassPath() {
        String parameters = request(python(Map.of())).sparkSubmitParameters();

        assertThat(parameters).startsWith("--jars s3://staging/sparkplane/listener/sparkplane-listener.jar," + STAGING + "inputs/udfs.jar"
                + " --py-files " + STAGING + "inputs/helpers.zip"
                + " --files " + STAGING + "inputs/lookup.csv"
                + " --archives " + STAGING + "inputs/env.tar.gz#env"
                + " --conf ");
        assertThat(parameters).doesNotContain("--class");
    }

    @Test
    void aJarAttemptNamesItsMainClass() {
        ClusterSpec python = python(Map.of());
        LaunchSpec launch = python.launch();
        LaunchSpec jar = new LaunchSpec(launch.runId(), launch.attempt(), launch.runName(), launch.controlPlaneUrl(), launch.token(),
                new Entrypoint.Jar(STAGING + "inputs/app.jar", "com.example.DailyTotals"), launch.args(), List.of(), List.of(), List.of(),
                List.of(), Map.of(), Map.of(), launch.resources());
        ClusterSpec spec = new ClusterSpec(python.clusterName(), python.resources(), 1, Duration.ofSeconds(60), "", jar, "default",
                python.staged());

        JobRunRequest request = request(spec);

        assertThat(request.entryPoint()).isEqualTo(STAGING + "inputs/app.jar");
        assertThat(request.sparkSubmitParameters()).startsWith("--class com.example.DailyTotals --jars "
                + "s3://staging/sparkplane/listener/sparkplane-listener.jar --conf ");
    }

    @Test
    void theAttemptsSizesAndBoundsBecomeDynamicAllocation() {
        Map<String, String> conf = JobRunRequest.confOf(request(python(Map.of())).sparkSubmitParameters());

        assertThat(conf).contains(
                Map.entry("spark.driver.cores", "2"),
                Map.entry("spark.driver.memory", "4096m"),
                Map.entry("spark.executor.cores", "4"),
                Map.entry("spark.executor.memory", "8192m"),
                Map.entry("spark.dynamicAllocation.enabled", "true"),
                Map.entry("spark.dynamicAllocation.minExecutors", "1"),
                Map.entry("spark.dynamicAllocation.initialExecutors", "1"),
                Map.entry("spark.dynamicAllocation.maxExecutors", "6"),
                Map.entry("spark.dynamicAllocation.executorIdleTimeout", "90s"),
                // EMR Serverless's own default of 3 would otherwise start more than the run asked for
                Map.entry("spark.executor.instances", "1"));
    }

    @Test
    void onlyPlainPropertiesAreSparkSubmitOptions() {
        JobRunRequest request = request(python(Map.of("spark.app.tag", "a|b", "spark.sql.warehouse.dir", "s3://lake/warehouse/",
                "spark.hadoop.fs.s3a.bucket.x.endpoint", "https://s3.eu-west-1.amazonaws.com:443", "spark.app.note", "$HOME")));

        assertThat(JobRunRequest.confOf(request.sparkSubmitParameters())).containsEntry("spark.sql.warehouse.dir", "s3://lake/warehouse/")
                .containsEntry("spark.hadoop.fs.s3a.bucket.x.endpoint", "https://s3.eu-west-1.amazonaws.com:443")
                .doesNotContainKeys("spark.app.tag", "spark.app.note", "spark.redaction.regex");
        assertThat(request.sparkDefaults()).containsEntry("spark.app.tag", "a|b").containsEntry("spark.app.note", "$HOME")
                .containsKey("spark.redaction.regex");
        assertThat(request.sparkSubmitParameters()).doesNotContain("|").doesNotContain("$").doesNotContain("(");
    }

    @Test
    void theListenerReportsToTheAttemptsHeartbeatWithTheStagedTokenFile() {
        Map<String, String> conf = request(python(Map.of("spark.extraListeners", "com.example.Audit"))).sparkConf();

        assertThat(conf).contains(
                Map.entry("spark.extraListeners", "com.example.Audit,io.sparkplane.listener.BacklogListener"),
                Map.entry("spark.sparkplane.report.url", "https://sparkplane.example.com/internal/v1/runs/" + RUN + "/attempts/1/heartbeat"),
                Map.entry("spark.sparkplane.report.tokenFile", STAGING + "attempts/1/engine-token"));
    }

    @Test
    void theEventLogGoesToTheAttemptsStagingUnlessTheRunWritesItsOwn() {
        assertThat(request(python(Map.of())).sparkConf()).contains(
                Map.entry("spark.eventLog.enabled", "true"),
                Map.entry("spark.eventLog.dir", STAGING + "attempts/1/eventlog/"));
        assertThat(request(python(Map.of("spark.eventLog.enabled", "false"))).sparkConf())
                .containsEntry("spark.eventLog.enabled", "false").doesNotContainKey("spark.eventLog.dir");
        assertThat(request(python(Map.of("spark.eventLog.dir", "s3://mine/events/"))).sparkConf())
                .containsEntry("spark.eventLog.dir", "s3://mine/events/").doesNotContainKey("spark.eventLog.enabled");
    }

    @Test
    void theRunsOwnConfIsPassedOnAndWhatWouldBreakTheParametersGoesToSparkDefaults() {
        JobRunRequest request = request(python(Map.of(
                "spark.sql.shuffle.partitions", "8",
                "spark.executor.instances", "4",
                "spark.driver.extraJavaOptions", "-XX:+UseG1GC -Dmode=\"fast\"")));

        assertThat(JobRunRequest.confOf(request.sparkSubmitParameters())).contains(
                Map.entry("spark.sql.shuffle.partitions", "8"),
                Map.entry("spark.executor.instances", "4"))
                .doesNotContainKey("spark.driver.extraJavaOptions");
        assertThat(request.sparkDefaults()).containsOnlyKeys("spark.driver.extraJavaOptions", "spark.redaction.regex")
                .containsEntry("spark.driver.extraJavaOptions", "-XX:+UseG1GC -Dmode=\"fast\"");
        JsonNode classification = request.toJson().path("configurationOverrides").path("applicationConfiguration").get(0);
        assertThat(classification.path("classification").asText()).isEqualTo("spark-defaults");
        assertThat(classification.path("properties").path("spark.driver.extraJavaOptions").asText()).isEqualTo("-XX:+UseG1GC -Dmode=\"fast\"");
        assertThat(request.sparkConf()).containsEntry("spark.driver.extraJavaOptions", "-XX:+UseG1GC -Dmode=\"fast\"");
    }

    @Test
    void neitherTheStorageCredentialsNorTheTokenAreInTheRequest() {
        String json = request(python(Map.of())).toJson().toString();

        assertThat(json).doesNotContain(TestSpecs.STORAGE_SECRET).doesNotContain(TestSpecs.TOKEN).doesNotContain("fs.s3a")
                .doesNotContain("minio");
    }

    @Test
    void theSameAttemptMakesTheSameRequestSoARetriedCallIsTheSameCall() {
        ClusterSpec spec = python(Map.of("spark.a", "1", "spark.b", "2", "spark.c", "3", "spark.d", "4", "spark.e", "5"));
        assertThat(request(spec).toJson()).isEqualTo(request(spec).toJson());
        assertThat(request(spec).toJson().toString()).isEqualTo(request(spec).toJson().toString());
    }

    @Test
    void theJsonIsStartJobRunsShape() {
        JsonNode json = request(python(Map.of())).toJson();

        assertThat(json.fieldNames()).toIterable().containsExactlyInAnyOrder("name", "clientToken", "executionRoleArn", "jobDriver",
                "configurationOverrides", "tags", "executionTimeoutMinutes");
        JsonNode submit = json.path("jobDriver").path("sparkSubmit");
        assertThat(submit.path("entryPoint").asText()).isEqualTo(STAGING + "inputs/job.py");
        assertThat(submit.path("entryPointArguments").toString()).isEqualTo("[\"--day\",\"2026-12-01\"]");
        assertThat(submit.path("sparkSubmitParameters").asText()).contains("--conf spark.dynamicAllocation.maxExecutors=6");
        assertThat(json.path("configurationOverrides").path("monitoringConfiguration").path("s3MonitoringConfiguration").path("logUri").asText())
                .isEqualTo(STAGING + "attempts/1/logs/");
        JsonNode defaults = json.path("configurationOverrides").path("applicationConfiguration");
        assertThat(defaults.size()).isEqualTo(1);
        assertThat(defaults.get(0).path("properties").fieldNames()).toIterable().as("only what is not plain: Spark's redaction pattern")
                .containsExactly("spark.redaction.regex");
        assertThat(json.path("executionTimeoutMinutes").asLong()).isEqualTo(720);
    }

    @Test
    void anAttemptWithoutStagedInputsOrWithAnInputThatCannotBeAnOptionIsRefused() {
        ClusterSpec staged = python(Map.of());
        ClusterSpec unstaged = new ClusterSpec(staged.clusterName(), staged.resources(), 1, Duration.ofSeconds(60), "", staged.launch(),
                "default", Optional.empty());
        assertThatThrownBy(() -> request(unstaged)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no staged inputs");

        LaunchSpec launch = staged.launch();
        LaunchSpec spaced = new LaunchSpec(launch.runId(), 1, launch.runName(), launch.controlPlaneUrl(), launch.token(), launch.entrypoint(),
                List.of(), List.of("s3://staging/my helpers.zip"), List.of(), List.of(), List.of(), Map.of(), Map.of(),
                new EngineResources(1, 1024, 1, 1024, 0, 1));
        ClusterSpec withSpace = new ClusterSpec(staged.clusterName(), spaced.resources(), 0, Duration.ofSeconds(60), "", spaced, "default",
                staged.staged());
        assertThatThrownBy(() -> request(withSpace)).hasMessageContaining("--py-files").hasMessageContaining("my helpers.zip");
    }

    @Test
    void clientTokensKeepToTheApisCharactersAndLength() {
        assertThat(ClientTokens.of("sp-run-1")).isEqualTo("sp-run-1");
        String long64 = "sp-" + "x".repeat(70) + "-1";
        String hashed = ClientTokens.of(long64);
        assertThat(hashed).matches(ClientTokens.VALID.pattern()).hasSize(64).isEqualTo(ClientTokens.of(long64));
        assertThat(ClientTokens.of("sp-" + "x".repeat(70) + "-2")).isNotEqualTo(hashed);
        assertThat(ClientTokens.of("sp-run:with/odd chars-1")).matches(ClientTokens.VALID.pattern()).startsWith("sp-run-with-odd-chars-1-")
                .isNotEqualTo(ClientTokens.of("sp-run-with-odd-chars-1"));
    }

    @Test
    void tagValuesKeepToTheApisCharacters() {
        assertThat(JobRunRequest.tagValue("run#1 (nightly)")).isEqualTo("run_1 _nightly_");
        assertThat(JobRunRequest.tagValue("x".repeat(300))).hasSize(256);
    }

    @Test
    void theConfOfParametersIsReadBack() {
        assertThat(JobRunRequest.confOf("--class a.B --jars s3://x.jar --conf a=1 --conf b=x=y  --conf c= --conf")).containsExactly(
                Map.entry("a", "1"), Map.entry("b", "x=y"), Map.entry("c", ""));
    }
}
