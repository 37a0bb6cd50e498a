package io.sparkplane.controlplane.metrics;

import static io.sparkplane.controlplane.support.ApiCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.sparkplane.controlplane.dispatch.RunDispatcher;
import io.sparkplane.controlplane.run.AttemptState;
import io.sparkplane.controlplane.run.RunAttemptEntity;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.run.RunLifecycle;
import io.sparkplane.controlplane.run.RunState;
import io.sparkplane.controlplane.run.TerminationReason;
import io.sparkplane.controlplane.support.AdminToken;
import io.sparkplane.controlplane.support.PostgresTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * /q/metrics against a real PostgreSQL, scraped without a token as Prometheus does: it parses as
 * Prometheus text, the control plane's families carry the values the database and the runs'
 * transitions say, the dispatcher's provision of a backend that refuses is timed as a failure,
 * no label carries a token or a raw path, and every family the Helm chart's dashboard queries is
 * there. Runs are moved by the lifecycle itself (the test profile pauses dispatching), so nothing
 * starts Spark; no assertion is on a duration's size.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class MetricsEndpointTest {

    /** What Prometheus sends for its classic text format (version 0.0.4); without an Accept header Quarkus answers OpenMetrics. */
    private static final String TEXT_FORMAT = "text/plain;version=0.0.4;q=1.0";
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @TestHTTPResource("/")
    URI root;

    @Inject
    RunLifecycle lifecycle;

    @Inject
    RunDispatcher dispatcher;

    @Inject
    RunStateGauges gauges;

    @Inject
    EntityManager entityManager;

    @BeforeEach
    void asAdmin() {
        AdminToken.sendWithEveryRequest();
    }

    @Test
    void queuedRunsAndTheirTransitionsShowInTheScrape() throws Exception {
        String workspace = workspaceThatStartsNothing();
        Map<String, Double> before = series(scrape());
        UUID succeeds = submit(workspace, "local", 0);
        UUID fails = submit(workspace, "local", 0);
        UUID retried = submit(workspace, "local", 1);
        UUID waits = submit(workspace, "local", 0);

        gauges.refresh();
        Map<String, Double> queued = series(scrape());
        assertThat(queued).containsEntry(key("sparkplane_queue_depth", "workspace", workspace), 4.0);
        assertThat(queued.get(key("sparkplane_runs", "backend", "local", "state", "QUEUED"))).isEqualTo(count("local", "QUEUED"));
        assertThat(delta(before, queued, key("sparkplane_runs_submitted_total", "backend", "local"))).isEqualTo(4.0);

        start(succeeds);
        running(succeeds);
        finish(succeeds, AttemptState.SUCCEEDED, TerminationReason.SUCCESS);
        start(fails);
        finish(fails, AttemptState.FAILED, TerminationReason.USER_CODE_ERROR);
        start(retried);
        finish(retried, AttemptState.FAILED, TerminationReason.ENGINE_LOST); // back to QUEUED as attempt 2
        start(retried);

        gauges.refresh();
        Map<String, Double> after = series(scrape());
        assertThat(after).containsEntry(key("sparkplane_queue_depth", "workspace", workspace), 1.0);
        for (RunState state : RunCounts.NOT_ENDED) {
            assertThat(after.get(key("sparkplane_runs", "backend", "local", "state", state.name()))).as(state.name())
                    .isEqualTo(count("local", state.name()));
        }
        assertThat(after).containsKey(key("sparkplane_autoscaler_desired_workers", "backend", "local"));
        // each claim (the retry's too) once, the engine's start once, each end by state and reason
        assertThat(delta(queued, after, key("sparkplane_dispatch_latency_seconds_count", "backend", "local"))).isEqualTo(4.0);
        assertThat(delta(queued, after, key("sparkplane_dispatch_latency_seconds_bucket", "backend", "local", "le", "+Inf"))).isEqualTo(4.0);
        assertThat(delta(queued, after, key("sparkplane_dispatch_latency_seconds_sum", "backend", "local"))).isNotNegative();
        assertThat(delta(queued, after, key("sparkplane_engine_start_seconds_count", "backend", "local"))).isEqualTo(1.0);
        assertThat(delta(queued, after, key("sparkplane_runs_finished_total", "backend", "local", "reason", "SUCCESS", "state", "SUCCEEDED")))
                .isEqualTo(1.0);
        assertThat(delta(queued, after, key("sparkplane_runs_finished_total", "backend", "local", "reason", "USER_CODE_ERROR", "state", "FAILED")))
                .isEqualTo(1.0);
        assertThat(after.keySet()).noneMatch(series -> series.startsWith("sparkplane_runs_finished_total") && series.contains("ENGINE_LOST"));
        // the configured profile's series are there from the start, at zero until something happens
        assertThat(after).containsKeys(key("sparkplane_provision_seconds_count", "backend", "local", "outcome", "success"),
                key("sparkplane_provision_seconds_count", "backend", "local", "outcome", "failure"),
                key("sparkplane_autoscaler_decisions_total", "backend", "local", "direction", "up"),
                key("sparkplane_autoscaler_decisions_total", "backend", "local", "direction", "down"),
                key("sparkplane_autoscaler_decisions_total", "backend", "local", "direction", "hold"));
    }

    @Test
    void theDispatchersProvisionIsTimedByOutcome() throws Exception {
        String profile = "refusing-" + Long.toString(System.nanoTime(), 36);
        Response created = call("POST", "/api/v1/engine-profiles",
                "{\"name\": \"" + profile + "\", \"type\": \"" + RefusingBackendFactory.TYPE + "\", \"settings\": {}}");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        UUID run = submit(workspaceThatStartsNothing(), profile, 0);
        start(run);

        dispatcher.provision(new RunDispatcher.Claim(run, 1));

        RunEntity ended = QuarkusTransaction.requiringNew().call(() -> RunEntity.findById(run));
        assertThat(ended.state).isEqualTo(RunState.FAILED);
        assertThat(ended.reason).isEqualTo(TerminationReason.PROVISIONING_FAILED);
        Map<String, Double> scraped = series(scrape());
        assertThat(scraped).containsEntry(key("sparkplane_provision_seconds_count", "backend", profile, "outcome", "failure"), 1.0)
                .containsEntry(key("sparkplane_dispatch_latency_seconds_count", "backend", profile), 1.0)
                .containsEntry(key("sparkplane_runs_finished_total", "backend", profile, "reason", "PROVISIONING_FAILED", "state", "FAILED"), 1.0)
                .doesNotContainKey(key("sparkplane_provision_seconds_count", "backend", profile, "outcome", "success"));
        assertThat(call("DELETE", "/api/v1/engine-profiles/" + profile, null).statusCode()).isEqualTo(204);
    }

    @Test
    void noLabelCarriesATokenOrARawPath() throws Exception {
        String stranger = "spk_" + "x".repeat(43);
        UUID someRun = UUID.randomUUID();
        // refused before any resource matched them: Quarkus would label them with their raw paths
        assertThat(get("/api/v1/runs/" + someRun).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/runs/" + someRun, "Authorization", "Bearer " + stranger).statusCode()).isEqualTo(401);
        assertThat(get("/" + stranger).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/runs", "Authorization", "Bearer " + AdminToken.SECRET).statusCode()).isEqualTo(200);

        String text = scrape();
        Set<String> uris = new HashSet<>();
        for (PrometheusText.Family family : PrometheusText.parse(text).values()) {
            for (PrometheusText.Sample sample : family.samples()) {
                sample.labels().forEach((label, value) -> {
                    assertThat(value).as("%s{%s}", sample.name(), label).doesNotContain("spk_").doesNotContain(someRun.toString());
                    if (label.equals("uri")) {
                        uris.add(value);
                        assertThat(UUID_TEXT.matcher(value).find()).as("uri %s", value).isFalse();
                    }
                });
            }
        }
        assertThat(text).doesNotContain(AdminToken.SECRET).doesNotContain(stranger);
        assertThat(uris).contains("/api/v1/runs/{runId}", "/api/v1/runs", HttpUriLabels.UNMATCHED);
    }

    @Test
    void theScrapeIsPrometheusTextWithEveryFamilyTheDashboardQueries() throws Exception {
        // a request of the API, and a finished run, so that every family the dashboard shows has a series
        call("GET", "/api/v1/runs", null);
        UUID run = submit(workspaceThatStartsNothing(), "local", 0);
        start(run);
        finish(run, AttemptState.FAILED, TerminationReason.LAUNCH_FAILED);

        Map<String, PrometheusText.Family> families = PrometheusText.parse(scrape());
        // asked for nothing in particular, Quarkus answers OpenMetrics (which Prometheus also reads), without a token too
        HttpResponse<String> openMetrics = get("/q/metrics");
        assertThat(openMetrics.statusCode()).isEqualTo(200);
        assertThat(openMetrics.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/openmetrics-text"));
        assertThat(openMetrics.body()).contains("sparkplane_runs{").endsWith("# EOF\n");

        assertThat(families.values()).filteredOn(family -> family.name().startsWith("sparkplane_")).allSatisfy(family ->
                assertThat(family.samples()).isNotEmpty());
        Set<String> exposed = new HashSet<>();
        for (PrometheusText.Family family : families.values()) {
            exposed.add(family.name());
            family.samples().forEach(sample -> exposed.add(sample.name().replaceFirst("_(bucket|count|sum)$", "")));
        }
        assertThat(exposed).containsAll(MetricNames.PROMETHEUS.keySet());
        assertThat(exposed).containsAll(Dashboard.families(Dashboard.expressions(Dashboard.read())));
        // the families' labels are the documented ones
        for (PrometheusText.Family family : families.values()) {
            String documented = MetricNames.PROMETHEUS.keySet().stream().filter(name -> family.name().equals(name)
                    || family.name().equals(name.replaceFirst("_total$", ""))).findFirst().orElse(null);
            if (documented != null) {
                family.samples().forEach(sample -> assertThat(new HashSet<>(sample.labels().keySet())).as(sample.name())
                        .isSubsetOf(withLe(MetricNames.PROMETHEUS.get(documented))));
            }
        }
    }

    // ---- helpers ----

    private static Set<String> withLe(java.util.List<String> labels) {
        Set<String> names = new HashSet<>(labels);
        names.add("le");
        return names;
    }

    private String workspaceThatStartsNothing() {
        String id = "metrics-" + Long.toString(System.nanoTime(), 36);
        Response created = call("POST", "/api/v1/workspaces", "{\"id\": \"" + id + "\"}");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        Response patched = io.restassured.RestAssured.given().contentType("application/merge-patch+json")
                .body("{\"quotas\": {\"maxActiveRuns\": 0}}").patch("/api/v1/workspaces/" + id);
        assertThat(patched.statusCode()).as(patched.asString()).isEqualTo(200);
        return id;
    }

    private static UUID submit(String workspace, String backend, int maxRetries) {
        Response created = call("POST", "/api/v1/runs", "{\"entrypoint\": {\"pythonFile\": \"/opt/jobs/etl.py\"}, \"workspace\": \"" + workspace
                + "\", \"backend\": \"" + backend + "\", \"maxRetries\": " + maxRetries + "}");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        return UUID.fromString(created.jsonPath().getString("id"));
    }

    private void start(UUID run) {
        QuarkusTransaction.requiringNew().run(() -> lifecycle.startAttempt(RunEntity.findById(run)));
    }

    private void running(UUID run) {
        QuarkusTransaction.requiringNew().run(() -> {
            RunEntity entity = RunEntity.findById(run);
            lifecycle.attemptRunning(entity, RunAttemptEntity.findById(new RunAttemptEntity.Key(run, entity.attempt)));
        });
    }

    private void finish(UUID run, AttemptState ended, TerminationReason reason) {
        QuarkusTransaction.requiringNew().run(() -> {
            RunEntity entity = RunEntity.findById(run);
            lifecycle.finishAttempt(entity, RunAttemptEntity.findById(new RunAttemptEntity.Key(run, entity.attempt)), ended, reason, "by the test", null);
        });
    }

    private double count(String backend, String state) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "select count(*) from run where backend = :backend and state = :state")
                .setParameter("backend", backend).setParameter("state", state).getSingleResult()).doubleValue());
    }

    /** A request without the admin token RestAssured sends by default: java.net.http, with only the headers given. */
    private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(root.resolve(path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What Prometheus gets asking for the text format: no token. */
    private String scrape() throws IOException, InterruptedException {
        HttpResponse<String> scraped = get("/q/metrics", "Accept", TEXT_FORMAT);
        assertThat(scraped.statusCode()).as(scraped.body()).isEqualTo(200);
        assertThat(scraped.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        return scraped.body();
    }

    /** Every series of a scrape (parsed strictly) by {@link #key}. */
    private static Map<String, Double> series(String text) {
        Map<String, Double> series = new TreeMap<>();
        for (PrometheusText.Family family : PrometheusText.parse(text).values()) {
            for (PrometheusText.Sample sample : family.samples()) {
                series.put(sample.name() + new TreeMap<>(sample.labels()), sample.value());
            }
        }
        return series;
    }

    /** A series' name and labels, the labels given in alphabetical order. */
    private static String key(String name, String... labels) {
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return name + map;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String key) {
        assertThat(after).as("the scrape after").containsKey(key);
        return after.get(key) - before.getOrDefault(key, 0.0);
    }
}
