package io.sparkplane.controlplane.pool;

import static io.sparkplane.controlplane.support.ApiCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sparkplane.controlplane.dispatch.RunDispatcher;
import io.sparkplane.controlplane.support.AdminToken;
import io.sparkplane.controlplane.support.PostgresTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The warm pool {@code hot} of the test configuration (workspace {@code default}, profile
 * {@code warm-test}: {@link WarmTestBackendFactory}, size 2) through the keeper's and the
 * dispatcher's passes, called by the test (the test profile runs neither loop), on real PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class WarmPoolKeeperTest {

    private static final String RUN = "{\"name\": \"warm\", \"workspace\": \"default\", \"backend\": \"warm-test\","
            + " \"entrypoint\": {\"pythonFile\": \"/tmp/job.py\"}%s}";

    @Inject
    WarmPoolKeeper keeper;

    @Inject
    RunDispatcher dispatcher;

    @Inject
    EntityManager entityManager;

    @Inject
    io.sparkplane.controlplane.metrics.WarmPoolGauges gauges;

    @BeforeEach
    void asAdmin() {
        AdminToken.sendWithEveryRequest();
        WarmTestBackendFactory.CALLS.clear();
    }

    @AfterEach
    void noPoolLeft() {
        // the next test starts from an empty pool
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("delete from warm_pool_member").executeUpdate();
            entityManager.createNativeQuery("delete from warm_pool_activity").executeUpdate();
            entityManager.createNativeQuery("update run set state = 'CANCELLED' where backend = 'warm-test' and state not in"
                    + " ('SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT')").executeUpdate();
        });
    }

    @Test
    void aRunThatFitsTakesAReadyWarmClusterAndThePoolStartsAnother() {
        keeper.keepOnce();
        keeper.keepOnce();
        List<String> started = clusters("prewarm ");
        assertThat(started).hasSize(2).allMatch(name -> name.startsWith("sp-warm-"));
        assertThat(states()).containsOnly("STARTING");

        started.forEach(WarmTestBackendFactory::ready);
        keeper.keepOnce();
        assertThat(states()).containsExactly("READY", "READY");

        String run = submit("");
        dispatcher.dispatchOnce();

        assertThat(WarmTestBackendFactory.CALLS).contains("onWarm " + started.get(0) + " " + run);
        assertThat(clusters("provision ")).isEmpty();
        assertThat(call("GET", "/api/v1/runs/" + run + "/events", null).jsonPath().getList("items.message", String.class))
                .anyMatch(message -> message.startsWith("warm engine cluster " + started.get(0) + " on the warm-test backend (ready since"));
        assertThat(states()).containsExactly("READY");
        assertThat(activity()).containsExactly(1L, 0L);

        keeper.keepOnce();
        assertThat(clusters("prewarm ")).hasSize(3);
        assertThat(states()).containsExactly("READY", "STARTING");
    }

    @Test
    void aRunThatDoesNotFitStartsColdAndCountsAsAMiss() {
        keeper.keepOnce();
        keeper.keepOnce();
        clusters("prewarm ").forEach(WarmTestBackendFactory::ready);
        keeper.keepOnce();

        String bigger = submit(", \"resources\": {\"executor\": {\"cores\": 1, \"memory\": \"2g\"}}");
        String withJars = submit(", \"jars\": [\"/tmp/lib.jar\"]");
        String sqlSetting = submit(", \"sparkConf\": {\"spark.sql.shuffle.partitions\": \"3\"}");
        dispatcher.dispatchOnce();

        assertThat(clusters("provision ")).containsExactlyInAnyOrder("sp-" + bigger + "-1", "sp-" + withJars + "-1");
        assertThat(WarmTestBackendFactory.CALLS).anyMatch(call -> call.startsWith("onWarm ") && call.endsWith(" " + sqlSetting));
        assertThat(activity()).containsExactly(1L, 2L);

        gauges.refresh();
        String scraped = io.restassured.RestAssured.given().header("Accept", "text/plain").get("/q/metrics").then().statusCode(200)
                .extract().asString();
        assertThat(scraped.lines().filter(line -> line.startsWith("sparkplane_warm_pool_claims_total{") && line.contains("pool=\"hot\""))
                .map(line -> line.replaceAll(".*result=\"(\\w+)\".* ", "$1 ")).toList())
                .containsExactlyInAnyOrder("hit 1.0", "miss 2.0");
        assertThat(scraped).contains("sparkplane_warm_pool_size{pool=\"hot\",} 2.0");
        assertThat(scraped.lines().filter(line -> line.startsWith("sparkplane_warm_pool_clusters{") && line.contains("pool=\"hot\"")
                && line.contains("state=\"ready\"")).toList()).singleElement().satisfies(line -> assertThat(line).endsWith(" 1.0"));
    }

    @Test
    void aWarmClusterThatDiesIsReplacedAndARunThatTookItStartsCold() {
        keeper.keepOnce();
        keeper.keepOnce();
        List<String> started = clusters("prewarm ");
        started.forEach(WarmTestBackendFactory::ready);
        keeper.keepOnce();

        // lost after the keeper saw it ready: the run that takes it starts cold, the keeper stops it
        WarmTestBackendFactory.lose(started.get(0));
        String run = submit("");
        dispatcher.dispatchOnce();
        assertThat(clusters("provision ")).containsExactly("sp-" + run + "-1");
        assertThat(call("GET", "/api/v1/runs/" + run + "/events", null).jsonPath().getList("items.message", String.class))
                .anyMatch(message -> message.contains("could not take the run") && message.endsWith("starting a cold one"));

        keeper.keepOnce();
        assertThat(clusters("terminate ")).contains(started.get(0));
        assertThat(clusters("prewarm ")).hasSize(3);
        assertThat(states()).containsExactly("READY", "STARTING");
    }

    @Test
    void anIdlePoolStopsItsWarmClustersUntilARunComes() {
        keeper.keepOnce();
        keeper.keepOnce();
        List<String> started = clusters("prewarm ");
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                        "update warm_pool_activity set last_demand_at = :long_ago where pool_name = 'hot'")
                .setParameter("long_ago", Timestamp.from(Instant.now().minusSeconds(31 * 60)))
                .executeUpdate());

        keeper.keepOnce();

        assertThat(clusters("terminate ")).containsExactlyInAnyOrderElementsOf(started);
        assertThat(states()).isEmpty();
        keeper.keepOnce();
        assertThat(clusters("prewarm ")).hasSize(2);

        // a run of the workspace and profile is demand again: it goes cold, the pool warms behind it
        String run = submit("");
        dispatcher.dispatchOnce();
        assertThat(clusters("provision ")).containsExactly("sp-" + run + "-1");
        keeper.keepOnce();
        assertThat(clusters("prewarm ")).hasSize(3);
    }

    private String submit(String extra) {
        return call("POST", "/api/v1/runs", RUN.formatted(extra)).then().statusCode(201).extract().jsonPath().getString("id");
    }

    private static List<String> clusters(String call) {
        synchronized (WarmTestBackendFactory.CALLS) {
            return WarmTestBackendFactory.CALLS.stream().filter(line -> line.startsWith(call)).map(line -> line.substring(call.length())).toList();
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> states() {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "select state from warm_pool_member where pool_name = 'hot' order by created_at, id").getResultList());
    }

    private List<Long> activity() {
        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) entityManager.createNativeQuery(
                "select hits, misses from warm_pool_activity where pool_name = 'hot'").getSingleResult());
        return List.of(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }
}
