package io.sparkplane.controlplane.dispatch;

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
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job's QUEUE policy in the dispatcher's queue: its runs wait while the job has maxConcurrentRuns
 * runs holding a cluster. (The test profile pauses dispatching; this asks the queue what it would claim.)
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class JobConcurrencyQueueTest {

    @Inject
    RunDispatcher dispatcher;

    @Inject
    EntityManager entityManager;

    @BeforeEach
    void asAdmin() {
        AdminToken.sendWithEveryRequest();
    }

    private List<UUID> claimable(Set<UUID> among) {
        return QuarkusTransaction.requiringNew().call(() -> dispatcher.queued("local", 1000).stream().map(FairShare.Candidate::runId)
                .filter(among::contains).toList());
    }

    private void setState(UUID run, String state) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("update run set state = :state where id = :id")
                .setParameter("state", state).setParameter("id", run).executeUpdate());
    }

    @Test
    void aJobsRunsWaitWhileItHasMaxConcurrentRunsGoing() {
        String job = createJob("queued-in-turn", ", \"maxConcurrentRuns\": 2, \"concurrencyPolicy\": \"QUEUE\"");
        List<UUID> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(UUID.fromString(call("POST", "/api/v1/jobs/" + job + "/runs", "{\"parameters\": {\"day\": \"" + i + "\"}}").jsonPath().getString("id")));
        }
        Set<UUID> mine = Set.copyOf(runs);
        assertThat(claimable(mine)).containsExactly(runs.get(0), runs.get(1));

        setState(runs.get(0), "RUNNING");
        assertThat(claimable(mine)).containsExactly(runs.get(1));
        setState(runs.get(1), "CANCELLING");
        assertThat(claimable(mine)).isEmpty();
        setState(runs.get(0), "SUCCEEDED");
        assertThat(claimable(mine)).containsExactly(runs.get(2));
    }
}
