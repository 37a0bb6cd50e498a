package io.sparkplane.controlplane.schedule;

import static io.sparkplane.controlplane.support.ApiCalls.call;
import static io.sparkplane.controlplane.support.ApiCalls.createJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.sparkplane.controlplane.support.AdminToken;
import io.sparkplane.controlplane.support.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.UUID;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The schedules API against a real PostgreSQL, every answer checked against the contract; firing is {@link ScheduleFirerTest}'s. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class SchedulesApiTest {

    @Inject
    EntityManager entityManager;

    @BeforeEach
    void asAdmin() {
        AdminToken.sendWithEveryRequest();
    }

    private static String schedule(String job, String fields) {
        return "{\"job\": \"" + job + "\", \"parameters\": {\"day\": \"1\"}" + fields + "}";
    }

    @Test
    void aScheduleShowsItsFieldsWithDefaultsAndItsNextFireTimes() {
        String job = createJob("scheduled-daily", "");
        Response created = call("POST", "/api/v1/schedules", schedule(job, ", \"cron\": \"30 2 * * *\", \"timeZone\": \"Europe/Berlin\""));
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        String id = created.jsonPath().getString("id");
        assertThat(created.header("Location")).endsWith("/api/v1/schedules/" + id);
        assertThat(created.jsonPath().getString("workspace")).isEqualTo("default");
        assertThat(created.jsonPath().getString("catchUp")).isEqualTo("LAST");
        assertThat(created.jsonPath().getBoolean("paused")).isFalse();
        List<Instant> next = created.jsonPath().getList("nextFireTimes", String.class).stream().map(Instant::parse).toList();
        assertThat(next).hasSize(5).isSorted();
        assertThat(Duration.between(next.get(0), next.get(1)).toHours()).isBetween(23L, 25L);
        assertThat(next.get(0)).isAfter(Instant.now());

        Response daily = call("POST", "/api/v1/schedules", schedule(job, ", \"cron\": \"@daily\""));
        assertThat(daily.jsonPath().getString("timeZone")).isEqualTo("UTC");
        Response utc = call("POST", "/api/v1/schedules", schedule(job, ", \"interval\": \"PT1H\", \"startAt\": \"2030-01-01T00:00:00Z\""));
        assertThat(utc.jsonPath().getString("timeZone")).isNull();
        assertThat(utc.jsonPath().getList("nextFireTimes")).first().isEqualTo("2030-01-01T00:00:00Z");
        assertThat(call("GET", "/api/v1/schedules?job=" + job, null).jsonPath().getList("items.id")).containsExactlyInAnyOrder(id,
                daily.jsonPath().getString("id"), utc.jsonPath().getString("id"));
    }

    @Test
    void aWrongScheduleIsRefusedNamingTheField() {
        String job = createJob("scheduled-wrong", "");
        Map<String, String> cases = Map.of(
                schedule(job, ", \"cron\": \"every day\""), "cron",
                schedule(job, ", \"cron\": \"0 2 * * *\", \"interval\": \"PT1H\""), "interval",
                schedule(job, ", \"interval\": \"PT10S\""), "interval",
                schedule(job, ", \"cron\": \"0 2 * * *\", \"timeZone\": \"Nowhere/Land\""), "timeZone",
                schedule("6f1c2f0e-5b8d-4a7c-9e6f-1a2b3c4d5e6f", ", \"cron\": \"0 2 * * *\""), "job",
                "{\"job\": \"" + job + "\", \"cron\": \"0 2 * * *\"}", "parameters.day",
                "{\"job\": \"" + job + "\", \"cron\": \"0 2 * * *\", \"parameters\": {\"day\": \"1\", \"colour\": \"red\"}}", "parameters.colour");
        cases.forEach((body, field) -> {
            Response refused = call("POST", "/api/v1/schedules", body);
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(refused.jsonPath().getList("errors.field", String.class)).as(body).contains(field);
        });
        assertThat(call("GET", "/api/v1/schedules?job=" + job, null).jsonPath().getList("items")).isEmpty();
    }

    @Test
    void aScheduleIsChangedPausedResumedAndDeleted() {
        String job = createJob("scheduled-changes", "");
        String body = schedule(job, ", \"cron\": \"0 * * * *\"");
        String id = call("POST", "/api/v1/schedules", body).jsonPath().getString("id");
        Response same = call("PUT", "/api/v1/schedules/" + id, body);
        assertThat(same.statusCode()).isEqualTo(200);
        // the defaults written out say the same: no change, and the next fire time is kept
        Response spelledOut = call("PUT", "/api/v1/schedules/" + id, schedule(job, ", \"cron\": \"0 * * * *\", \"timeZone\": \"UTC\","
                + " \"paused\": false, \"catchUp\": \"LAST\""));
        assertThat(spelledOut.jsonPath().getString("updatedAt")).isEqualTo(same.jsonPath().getString("updatedAt"));

        Response changed = call("PUT", "/api/v1/schedules/" + id, "{\"cron\": \"0 6 * * *\", \"parameters\": {\"day\": \"2\"}, \"paused\": true}");
        assertThat(changed.statusCode()).as(changed.asString()).isEqualTo(200);
        assertThat(changed.jsonPath().getString("cron")).isEqualTo("0 6 * * *");
        assertThat(changed.jsonPath().getBoolean("paused")).isTrue();
        assertThat(changed.jsonPath().getList("nextFireTimes")).isEmpty();
        assertThat(call("PUT", "/api/v1/schedules/" + id, "{\"job\": \"" + createJob("another-job", "") + "\", \"cron\": \"0 6 * * *\"}").statusCode())
                .isEqualTo(400);

        Response resumed = call("POST", "/api/v1/schedules/" + id + "/resume", null);
        assertThat(resumed.jsonPath().getBoolean("paused")).isFalse();
        assertThat(resumed.jsonPath().getList("nextFireTimes")).hasSize(5);
        assertThat(call("POST", "/api/v1/schedules/" + id + "/pause", null).jsonPath().getBoolean("paused")).isTrue();
        assertThat(call("GET", "/api/v1/schedules/" + id + "/events", null).jsonPath().getList("items.type", String.class))
                .containsExactly("CREATED", "UPDATED", "RESUMED", "PAUSED");

        assertThat(call("DELETE", "/api/v1/schedules/" + id, null).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/api/v1/schedules/" + id, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aSecretParameterIsShownAsStarsAndKeptWhenSentBack() {
        Response created = call("POST", "/api/v1/jobs", """
                {"name": "secret-parameter", "template": {"entrypoint": {"pythonFile": "/opt/jobs/etl.py"},
                  "sparkConf": {"spark.hadoop.fs.s3a.secret.key": "{{s3_secret}}"}},
                 "parameters": [{"name": "s3_secret", "default": "hunter2"}]}""");
        assertThat(created.jsonPath().getString("parameters[0].default")).isEqualTo("***");
        String job = created.jsonPath().getString("id");
        Response schedule = call("POST", "/api/v1/schedules", "{\"job\": \"" + job + "\", \"cron\": \"0 * * * *\","
                + " \"parameters\": {\"s3_secret\": \"swordfish\"}}");
        assertThat(schedule.jsonPath().getString("parameters.s3_secret")).isEqualTo("***");
        assertThat(schedule.asString() + created.asString()).doesNotContain("hunter2").doesNotContain("swordfish");

        // read back and sent again as shown: the stored values stay
        call("PUT", "/api/v1/jobs/" + job, """
                {"name": "secret-parameter", "description": "changed", "template": {"entrypoint": {"pythonFile": "/opt/jobs/etl.py"},
                  "sparkConf": {"spark.hadoop.fs.s3a.secret.key": "{{s3_secret}}"}},
                 "parameters": [{"name": "s3_secret", "default": "***"}]}""");
        String id = schedule.jsonPath().getString("id");
        call("PUT", "/api/v1/schedules/" + id, "{\"cron\": \"0 * * * *\", \"description\": \"changed\", \"parameters\": {\"s3_secret\": \"***\"}}");
        String stored = QuarkusTransaction.requiringNew().call(() -> (String) entityManager.createNativeQuery(
                "select cast(definition as text) from job_version where job_id = :job and version = 2").setParameter("job", UUID.fromString(job))
                .getSingleResult() + QuarkusTransaction.requiringNew().call(() -> (String) entityManager.createNativeQuery(
                "select cast(definition as text) from schedule where id = :id").setParameter("id", UUID.fromString(id)).getSingleResult()));
        assertThat(stored).contains("hunter2").contains("swordfish").doesNotContain("***");
    }

    @Test
    void deletingAJobDeletesItsSchedules() {
        String job = createJob("scheduled-then-deleted", "");
        String id = call("POST", "/api/v1/schedules", schedule(job, ", \"cron\": \"0 * * * *\"")).jsonPath().getString("id");
        assertThat(call("DELETE", "/api/v1/jobs/" + job, null).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/api/v1/schedules/" + id, null).statusCode()).isEqualTo(404);
        assertThat(call("POST", "/api/v1/schedules", schedule(job, ", \"cron\": \"0 * * * *\"")).statusCode()).isEqualTo(400);
    }
}
