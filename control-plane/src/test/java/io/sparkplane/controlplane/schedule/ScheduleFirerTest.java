package io.sparkplane.controlplane.schedule;

import static io.sparkplane.controlplane.support.ApiCalls.call;
import static io.sparkplane.controlplane.support.ApiCalls.createJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sparkplane.controlplane.support.AdminToken;
import io.sparkplane.controlplane.support.PostgresTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Firing schedules against a real PostgreSQL with a clock the test sets: each call of
 * {@link ScheduleFirer#fireDue} is one pass of a replica's scheduler at that instant. (The test profile
 * turns the scheduler's own loop off.)
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ScheduleFirerTest {

    /** Far enough ahead that no schedule made now has a fire time before it. */
    private static final Instant T0 = Instant.parse("2031-01-01T00:00:00Z");

    @Inject
    ScheduleFirer firer;

    @Inject
    EntityManager entityManager;

    @BeforeEach
    void asAdmin() {
        AdminToken.sendWithEveryRequest();
    }

    /** Each test fires from T0 on: the schedules of the others (and of other classes) must not be due with its own. */
    @AfterEach
    void pauseEverySchedule() {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("update schedule set paused = true").executeUpdate());
    }

    private static String everyMinute(String job, String extra) {
        String created = call("POST", "/api/v1/schedules", "{\"job\": \"" + job + "\", \"interval\": \"PT1M\", \"startAt\": \"" + T0 + "\","
                + " \"parameters\": {\"day\": \"{{sparkplane.fireDate}}\"}" + extra + "}").jsonPath().getString("id");
        assertThat(created).isNotNull();
        return created;
    }

    private List<Object[]> runsOf(String schedule) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("select id, fire_time from run where schedule_id = :schedule order by fire_time")
                    .setParameter("schedule", UUID.fromString(schedule)).getResultList();
            return rows;
        });
    }

    private static List<String> events(String schedule, String type) {
        return call("GET", "/api/v1/schedules/" + schedule + "/events", null).jsonPath().getList("items.findAll { it.type == '" + type + "' }.message",
                String.class);
    }

    @Test
    void twoReplicasFiringAtOnceStartOneRunPerFireTime() throws Exception {
        String job = createJob("fired-by-two", ", \"maxConcurrentRuns\": 1000");
        String schedule = everyMinute(job, "");
        int fireTimes = 15;
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            for (int minute = 0; minute < fireTimes; minute++) {
                Instant now = T0.plus(Duration.ofMinutes(minute)).plusMillis(200);
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Integer>> passes = new ArrayList<>();
                for (int replica = 0; replica < 2; replica++) {
                    passes.add(replicas.submit(() -> {
                        together.await();
                        return firer.fireDue(now);
                    }));
                }
                int started = 0;
                for (Future<Integer> pass : passes) {
                    started += pass.get();
                }
                assertThat(started).as("runs started for minute %d by both replicas", minute).isEqualTo(1);
            }
        } finally {
            replicas.shutdownNow();
        }
        List<Object[]> runs = runsOf(schedule);
        assertThat(runs).hasSize(fireTimes);
        assertThat(runs.stream().map(row -> row[1].toString()).distinct()).hasSize(fireTimes);
        assertThat(events(schedule, "FIRED")).hasSize(fireTimes);
        // the run's parameters were filled for its fire time, and it names the schedule
        String run = runs.get(0)[0].toString();
        assertThat(call("GET", "/api/v1/runs/" + run, null).jsonPath().getList("args")).containsExactly("--day", "2031-01-01");
        assertThat(call("GET", "/api/v1/runs/" + run, null).jsonPath().getString("job.scheduleId")).isEqualTo(schedule);
        assertThat(call("GET", "/api/v1/schedules/" + schedule, null).jsonPath().getString("lastRunId")).isEqualTo(runs.get(fireTimes - 1)[0].toString());
    }

    @Test
    void aReplicaThatSeesAFireTimeAgainStartsNoSecondRun() {
        String job = createJob("fired-twice", ", \"maxConcurrentRuns\": 1000");
        String schedule = everyMinute(job, "");
        assertThat(firer.fireDue(T0)).isEqualTo(1);
        // as a replica would that read the schedule before the first committed and ignored its lock: the fire record holds
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("update schedule set next_fire_at = :at where id = :id")
                .setParameter("at", T0).setParameter("id", UUID.fromString(schedule)).executeUpdate());
        assertThat(firer.fireDue(T0.plusSeconds(1))).isZero();
        assertThat(runsOf(schedule)).hasSize(1);
        assertThat(firer.fireDue(T0.plusSeconds(60))).isEqualTo(1);
        assertThat(runsOf(schedule)).hasSize(2);
    }

    @Test
    void missedFireTimesFollowTheCatchUpPolicy() {
        String job = createJob("caught-up", ", \"maxConcurrentRuns\": 1000");
        String all = everyMinute(job, ", \"catchUp\": \"ALL\", \"maxCatchUpRuns\": 3");
        String none = everyMinute(job, ", \"catchUp\": \"NONE\"");
        // down from before T0 until 10.5 minutes after: T0+0..T0+9 were missed, T0+10 is on time
        firer.fireDue(T0.plus(Duration.ofSeconds(630)));
        assertThat(runsOf(all)).hasSize(4);
        assertThat(events(all, "MISSED")).singleElement().asString().startsWith("7 fire time(s)");
        assertThat(runsOf(none)).hasSize(1);
        assertThat(events(none, "MISSED")).singleElement().asString().startsWith("10 fire time(s)");
    }

    @Test
    void aSkippedOrFailedFireTimeIsAnEventAndStartsNothing() {
        String job = createJob("skipped", ", \"concurrencyPolicy\": \"SKIP\"");
        String schedule = everyMinute(job, "");
        assertThat(firer.fireDue(T0)).isEqualTo(1);
        assertThat(firer.fireDue(T0.plusSeconds(60))).isZero();
        assertThat(events(schedule, "SKIPPED")).singleElement().asString().contains("SKIP");

        // the job changed under the schedule: a parameter the schedule does not give, with no default
        String failing = createJob("fails-later", ", \"maxConcurrentRuns\": 10");
        String failed = everyMinute(failing, "");
        call("PUT", "/api/v1/jobs/" + failing, """
                {"name": "fails-later", "maxConcurrentRuns": 10, "template": {"entrypoint": {"pythonFile": "/opt/jobs/etl.py"},
                 "args": ["{{day}}", "{{region}}"]}, "parameters": [{"name": "day"}, {"name": "region"}]}""");
        assertThat(firer.fireDue(T0.plusSeconds(120))).isZero();
        assertThat(events(failed, "FAILED")).isNotEmpty().allSatisfy(message -> assertThat(message).contains("parameters.region"));
        assertThat(runsOf(failed)).isEmpty();
    }

    @Test
    void aScheduleThatCannotBeFiredHoldsUpNoOther() {
        String job = createJob("broken-and-not", ", \"maxConcurrentRuns\": 10");
        String broken = everyMinute(job, "");
        String fine = call("POST", "/api/v1/schedules", "{\"job\": \"" + job + "\", \"interval\": \"PT1M\", \"startAt\": \""
                + T0.plusSeconds(5) + "\", \"parameters\": {\"day\": \"1\"}}").jsonPath().getString("id");
        // as a definition no release of the control plane can read any more
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("update schedule set definition = cast(:definition as jsonb)"
                + " where id = :id").setParameter("definition", "{\"job\": \"" + job + "\", \"cron\": \"every blue moon\"}")
                .setParameter("id", UUID.fromString(broken)).executeUpdate());
        assertThat(firer.fireDue(T0.plusSeconds(10))).isEqualTo(1);
        assertThat(runsOf(fine)).hasSize(1);
        assertThat(events(broken, "FAILED")).singleElement().asString().contains("could not be fired");
        assertThat(firer.fireDue(T0.plusSeconds(11))).isZero();
    }

    @Test
    void aPausedScheduleDoesNotFire() {
        String job = createJob("paused-one", ", \"maxConcurrentRuns\": 10");
        String schedule = everyMinute(job, ", \"paused\": true");
        assertThat(firer.fireDue(T0.plusSeconds(30))).isZero();
        assertThat(runsOf(schedule)).isEmpty();
    }
}
