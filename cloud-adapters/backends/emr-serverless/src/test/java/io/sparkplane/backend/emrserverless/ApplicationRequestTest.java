package io.sparkplane.backend.emrserverless;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.backend.emrserverless.EmrServerlessConfiguration.Capacity;
import io.sparkplane.backend.emrserverless.EmrServerlessConfiguration.InitialWorkers;
import io.sparkplane.backend.emrserverless.EmrServerlessConfiguration.NewApplication;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The CreateApplication request of a profile's own application. */
class ApplicationRequestTest {

    @Test
    void aBareApplicationIsASparkApplicationNamedAfterTheProfileAndRelease() {
        ApplicationRequest request = ApplicationRequest.of("serverless",
                new NewApplication("emr-7.9.0", Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofMinutes(15)));
        JsonNode json = request.toJson();

        assertThat(request.name()).isEqualTo("sparkplane-serverless-emr-7.9.0");
        assertThat(json.path("name").asText()).isEqualTo("sparkplane-serverless-emr-7.9.0");
        assertThat(json.path("clientToken").asText()).isEqualTo("sparkplane-serverless-emr-7.9.0");
        assertThat(json.path("releaseLabel").asText()).isEqualTo("emr-7.9.0");
        assertThat(json.path("type").asText()).isEqualTo("SPARK");
        assertThat(json.has("initialCapacity")).isFalse();
        assertThat(json.has("maximumCapacity")).isFalse();
        assertThat(json.path("autoStartConfiguration").path("enabled").asBoolean()).isTrue();
        assertThat(json.path("autoStopConfiguration").path("enabled").asBoolean()).isTrue();
        assertThat(json.path("autoStopConfiguration").path("idleTimeoutMinutes").asInt()).isEqualTo(15);
        assertThat(json.path("tags").path("sparkplane:profile").asText()).isEqualTo("serverless");
    }

    @Test
    void preInitializedWorkersAndTheMaximumCapacityAreTheApplications() {
        JsonNode json = ApplicationRequest.of("serverless", new NewApplication("emr-7.9.0",
                Optional.of(new InitialWorkers(1, new Capacity("2vCPU", "8GB"))),
                Optional.of(new InitialWorkers(4, new Capacity("4vCPU", "16GB"))),
                Optional.of(new Capacity("400vCPU", "3000GB")), Duration.ofMinutes(30))).toJson();

        assertThat(json.path("initialCapacity").toString()).isEqualTo("{\"DRIVER\":{\"workerCount\":1,\"workerConfiguration\":"
                + "{\"cpu\":\"2vCPU\",\"memory\":\"8GB\"}},\"EXECUTOR\":{\"workerCount\":4,\"workerConfiguration\":"
                + "{\"cpu\":\"4vCPU\",\"memory\":\"16GB\"}}}");
        assertThat(json.path("maximumCapacity").toString()).isEqualTo("{\"cpu\":\"400vCPU\",\"memory\":\"3000GB\"}");
        assertThat(json.path("autoStopConfiguration").path("idleTimeoutMinutes").asInt()).isEqualTo(30);
    }

    @Test
    void aLongNameKeepsToTheApisLength() {
        String name = ApplicationRequest.nameFor("p".repeat(80), "emr-7.9.0");
        assertThat(name).hasSizeLessThanOrEqualTo(64).startsWith("sparkplane-ppp").matches("[A-Za-z0-9._/#-]+");
        assertThat(ApplicationRequest.nameFor("team a", "emr-7.9.0")).isEqualTo("sparkplane-team-a-emr-7.9.0");
    }

    @Test
    void theDriversLogsAreWhereEmrServerlessWritesThem() {
        assertThat(DriverLogLocations.of("s3://staging/runs/r/attempts/1/logs/", "00f1app", "00f1run")).isEqualTo(List.of(
                "s3://staging/runs/r/attempts/1/logs/applications/00f1app/jobs/00f1run/SPARK_DRIVER/stdout.gz",
                "s3://staging/runs/r/attempts/1/logs/applications/00f1app/jobs/00f1run/SPARK_DRIVER/stderr.gz"));
        assertThat(DriverLogLocations.of("s3://logs", "a", "j")).containsExactly(
                "s3://logs/applications/a/jobs/j/SPARK_DRIVER/stdout.gz", "s3://logs/applications/a/jobs/j/SPARK_DRIVER/stderr.gz");
    }
}
