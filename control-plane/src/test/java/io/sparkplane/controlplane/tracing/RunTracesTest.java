package io.sparkplane.controlplane.tracing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sparkplane.controlplane.dispatch.RunDispatcher;
import io.sparkplane.controlplane.pool.WarmTestBackendFactory;
import io.sparkplane.controlplane.run.AttemptTokens;
import io.sparkplane.controlplane.support.AdminToken;
import io.sparkplane.controlplane.support.PostgresTestResource;
import io.sparkplane.spi.engine.LaunchSpec;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run as one trace: the API call that submitted it, its dispatch (called by the test; the test
 * profile runs no dispatcher) with the backend's provision under it, and its engine's state reports,
 * sent as the launcher sends them, with the traceparent of the launch spec. Real PostgreSQL; the
 * backend is the tests' {@link WarmTestBackendFactory}, which starts nothing.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class RunTracesTest {

    private static final String RUN = "{\"name\": \"traced\", \"workspace\": \"default\", \"backend\": \"warm-test\","
            + " \"entrypoint\": {\"pythonFile\": \"/tmp/job.py\"}, \"jars\": [\"/tmp/lib.jar\"]}";
    /** A caller's own trace (a CI pipeline's, say), as a W3C traceparent. */
    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_PARENT = "00-" + CALLER_TRACE + "-00f067aa0ba902b7-01";

    @Inject
    InMemorySpanExporter exporter;

    @Inject
    RunDispatcher dispatcher;

    @Inject
    AttemptTokens tokens;

    @Inject
    EntityManager entityManager;

    @BeforeEach
    void clean() {
        exporter.reset();
        WarmTestBackendFactory.LAUNCHES.clear();
    }

    /** Submits the run, its cluster said to run (the engine's reports reach the attempt), with these headers. */
    private String submit(String... headers) {
        var request = given().header("Authorization", "Bearer " + AdminToken.SECRET).contentType("application/json").body(RUN);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        String run = request.post("/api/v1/runs").then().statusCode(201).extract().path("id");
        WarmTestBackendFactory.ACTIVE.add("sp-" + run + "-1");
        return run;
    }

    @AfterEach
    void noRunLeft() {
        WarmTestBackendFactory.ACTIVE.clear();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("update run set state = 'CANCELLED'"
                + " where backend = 'warm-test' and state not in ('SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT')").executeUpdate());
    }

    @Test
    void aRunIsOneTraceFromItsSubmitThroughDispatchToItsEnginesReports() {
        String run = submit("traceparent", CALLER_PARENT);

        SpanData submit = TestSpans.awaitSpan("for the submit", span -> span.getName().equals("POST /api/v1/runs")
                && span.getTraceId().equals(CALLER_TRACE));
        assertThat(storedTraceParent(run)).isEqualTo("00-" + CALLER_TRACE + "-" + submit.getSpanId() + "-01");

        dispatcher.dispatchOnce();

        SpanData dispatch = TestSpans.awaitSpan("for the dispatch", span -> span.getName().equals("sparkplane dispatch")
                && run.equals(span.getAttributes().get(AttributeKey.stringKey(RunTraces.RUN_ID))));
        assertThat(dispatch.getTraceId()).isEqualTo(CALLER_TRACE);
        assertThat(dispatch.getParentSpanId()).isEqualTo(submit.getSpanId());
        assertThat(dispatch.getAttributes().get(AttributeKey.stringKey(RunTraces.RUN_ID))).isEqualTo(run);
        assertThat(dispatch.getAttributes().get(AttributeKey.longKey(RunTraces.ATTEMPT))).isEqualTo(1L);
        assertThat(dispatch.getAttributes().get(AttributeKey.stringKey(RunTraces.BACKEND))).isEqualTo("warm-test");
        SpanData provision = TestSpans.awaitSpan("for the provision", span -> span.getName().equals("sparkplane provision")
                && span.getParentSpanId().equals(dispatch.getSpanId()));
        assertThat(provision.getAttributes().get(AttributeKey.stringKey(RunTraces.CLUSTER))).isEqualTo("sp-" + run + "-1");
        assertThat(provision.getAttributes().get(AttributeKey.booleanKey(RunTraces.WARM))).isFalse();

        LaunchSpec launch = WarmTestBackendFactory.LAUNCHES.get("sp-" + run + "-1");
        assertThat(launch.traceParent()).isEqualTo("00-" + CALLER_TRACE + "-" + dispatch.getSpanId() + "-01");

        report(run, launch.traceParent(), "{\"state\": \"RUNNING\"}");
        report(run, launch.traceParent(), "{\"state\": \"SUCCEEDED\", \"message\": \"done\", \"exitCode\": 0}");

        SpanData running = TestSpans.awaitSpan("for the RUNNING report", span -> span.getName().equals("sparkplane engine report")
                && span.getTraceId().equals(CALLER_TRACE) && "RUNNING".equals(span.getAttributes().get(AttributeKey.stringKey(RunTraces.STATE))));
        SpanData succeeded = TestSpans.awaitSpan("for the SUCCEEDED report", span -> span.getName().equals("sparkplane engine report")
                && span.getTraceId().equals(CALLER_TRACE) && "SUCCEEDED".equals(span.getAttributes().get(AttributeKey.stringKey(RunTraces.STATE))));
        assertThat(running.getParentSpanId()).isEqualTo(dispatch.getSpanId());
        assertThat(succeeded.getParentSpanId()).isEqualTo(dispatch.getSpanId());
        assertThat(succeeded.getTraceId()).isEqualTo(CALLER_TRACE);
        // the internal API's own server spans are suppressed: its heartbeats would flood a trace store
        assertThat(TestSpans.all()).noneMatch(span -> span.getName().contains("/internal/"));
    }

    @Test
    void aReportWithAMalformedTraceParentIsAcceptedAsItsOwnTrace() {
        String run = submit();
        dispatcher.dispatchOnce();

        report(run, "00-not-a-trace", "{\"state\": \"RUNNING\"}");

        SpanData report = TestSpans.awaitSpan("for the report", span -> span.getName().equals("sparkplane engine report")
                && run.equals(span.getAttributes().get(AttributeKey.stringKey(RunTraces.RUN_ID))));
        assertThat(report.getParentSpanContext().isValid()).isFalse();
        assertThat(report.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    }

    @Test
    void aRefusedReportIsMarkedAsAnError() {
        String run = submit();
        dispatcher.dispatchOnce();

        given().header("Authorization", "Bearer " + tokens.tokenFor(UUID.fromString(run), 1)).contentType("application/json")
                .body("{\"state\": \"PAUSED\"}").post("/internal/v1/runs/" + run + "/attempts/1/state").then().statusCode(400);

        SpanData report = TestSpans.awaitSpan("for the report", span -> span.getName().equals("sparkplane engine report")
                && run.equals(span.getAttributes().get(AttributeKey.stringKey(RunTraces.RUN_ID))));
        assertThat(report.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(report.getAttributes().get(AttributeKey.stringKey(RunTraces.STATE))).isEqualTo("PAUSED");
    }

    private void report(String run, String traceParent, String body) {
        given().header("Authorization", "Bearer " + tokens.tokenFor(UUID.fromString(run), 1)).header("traceparent", traceParent)
                .contentType("application/json").body(body)
                .post("/internal/v1/runs/" + run + "/attempts/1/state").then().statusCode(204);
    }

    private String storedTraceParent(String run) {
        return QuarkusTransaction.requiringNew().call(() -> (String) entityManager
                .createNativeQuery("select trace_parent from run where id = cast(:id as uuid)").setParameter("id", run).getSingleResult());
    }
}
