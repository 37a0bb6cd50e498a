package io.sparkplane.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.controlplane.auth.Callers;
import io.sparkplane.controlplane.cluster.RunMetricStore;
import io.sparkplane.controlplane.http.QueryParameters;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.run.AutoscalingPolicy;
import io.sparkplane.controlplane.run.ClusterRefJson;
import io.sparkplane.controlplane.run.RunAttemptEntity;
import io.sparkplane.controlplane.run.RunDefinitionJson;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.run.Transactions;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A run's engine cluster and its metric series (see api-spec/openapi.yaml). */
@Path("/api/v1/runs/{runId}")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RunService runs;
    private final RunMetricStore metrics;
    private final Callers callers;

    ClusterResource(RunService runs, RunMetricStore metrics, Callers callers) {
        this.runs = runs;
        this.metrics = metrics;
        this.callers = callers;
    }

    @GET
    @Path("/cluster")
    public ClusterView cluster(@PathParam("runId") String runId) {
        var caller = callers.current();
        return Transactions.inNewTransaction(() -> {
            RunEntity run = runs.find(runId, caller);
            AutoscalingPolicy policy = RunDefinitionJson.read(run.spec).autoscaling();
            RunSpec.Autoscaling autoscaling = new RunSpec.Autoscaling(policy.name(), policy.minExecutors(), policy.maxExecutors());
            RunAttemptEntity attempt = RunAttemptEntity.findById(new RunAttemptEntity.Key(run.id, run.attempt));
            if (attempt == null || attempt.cluster == null) {
                boolean ended = attempt != null && attempt.state.isEnded();
                return new ClusterView(run.id, run.attempt, ended ? ClusterView.Status.TERMINATED : ClusterView.Status.PENDING,
                        run.backend, null, autoscaling, 0, 0, 0, null, Map.of(), null);
            }
            String clusterName = ClusterRefJson.read(attempt.cluster).clusterName();
            int desired = attempt.desiredWorkers == null ? policy.initialWorkers() : attempt.desiredWorkers;
            if (attempt.state.isEnded() || attempt.tornDownAt != null) {
                return new ClusterView(run.id, run.attempt, ClusterView.Status.TERMINATED, run.backend, clusterName, autoscaling,
                        desired, 0, 0, attempt.lastDecision, Map.of(), attempt.topologyAt);
            }
            JsonNode topology = topology(attempt.topology);
            Map<String, String> endpoints = new LinkedHashMap<>();
            topology.path("endpoints").fields().forEachRemaining(entry -> endpoints.put(entry.getKey(), entry.getValue().asText()));
            return new ClusterView(run.id, run.attempt, ClusterView.Status.ACTIVE, run.backend, clusterName, autoscaling, desired,
                    topology.path("aliveWorkers").asInt(0), topology.path("decommissioningWorkers").asInt(0),
                    attempt.lastDecision, endpoints, attempt.topologyAt);
        });
    }

    @GET
    @Path("/metrics")
    public MetricSeries metrics(@PathParam("runId") String runId, @QueryParam("attempt") String attempt,
            @QueryParam("after") String after, @QueryParam("limit") String limit) {
        int pageSize = QueryParameters.intValue("limit", limit, 3600, 1, 10_000);
        Instant afterInstant = null;
        if (after != null) {
            try {
                afterInstant = Instant.parse(after);
            } catch (DateTimeParseException e) {
                throw ProblemException.invalid("query:after", "must be an RFC 3339 instant like 2026-01-31T12:00:00Z");
            }
        }
        Instant from = afterInstant;
        var caller = callers.current();
        return Transactions.inNewTransaction(() -> {
            RunEntity run = runs.find(runId, caller);
            int number = QueryParameters.intValue("attempt", attempt, run.attempt, 1, Integer.MAX_VALUE);
            if (number > run.attempt) {
                throw new ProblemException(ProblemType.NOT_FOUND, "run " + run.id + " has no attempt " + number);
            }
            return new MetricSeries(run.id, number, metrics.series(run.id, number, from, pageSize));
        });
    }

    private static JsonNode topology(String json) {
        if (json == null) {
            return MAPPER.createObjectNode();
        }
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            return MAPPER.createObjectNode();
        }
    }
}
