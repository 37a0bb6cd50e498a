package io.sparkplane.cli.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operations of api-spec/openapi.yaml the CLI calls, with their method, path and the query
 * parameters and headers it sends. {@code OperationsMatchTheContractTest} checks each against the
 * contract, so the CLI cannot drift from the server unnoticed.
 */
public enum Operation {
    SUBMIT_RUN("submitRun", "POST", "/api/v1/runs", Set.of(), Set.of("Idempotency-Key")),
    LIST_RUNS("listRuns", "GET", "/api/v1/runs", Set.of("state", "label", "workspace", "limit", "cursor"), Set.of()),
    GET_RUN("getRun", "GET", "/api/v1/runs/{runId}", Set.of(), Set.of()),
    CANCEL_RUN("cancelRun", "POST", "/api/v1/runs/{runId}/cancel", Set.of(), Set.of()),
    LIST_RUN_EVENTS("listRunEvents", "GET", "/api/v1/runs/{runId}/events", Set.of("after", "limit"), Set.of()),
    GET_RUN_LOGS("getRunLogs", "GET", "/api/v1/runs/{runId}/logs", Set.of("attempt", "offset", "limit", "follow"), Set.of()),
    UPLOAD_ARTIFACT("uploadArtifact", "POST", "/api/v1/artifacts", Set.of("workspace", "name"), Set.of()),
    GET_ARTIFACT("getArtifact", "GET", "/api/v1/artifacts/sha256/{sha256}", Set.of("workspace"), Set.of()),
    LIST_ARTIFACTS("listArtifacts", "GET", "/api/v1/artifacts", Set.of("workspace", "name", "limit", "cursor"), Set.of()),
    DOWNLOAD_ARTIFACT("downloadArtifact", "GET", "/api/v1/artifacts/sha256/{sha256}/content", Set.of("workspace"), Set.of()),
    CREATE_WORKSPACE("createWorkspace", "POST", "/api/v1/workspaces", Set.of(), Set.of()),
    LIST_WORKSPACES("listWorkspaces", "GET", "/api/v1/workspaces", Set.of(), Set.of()),
    GET_WORKSPACE("getWorkspace", "GET", "/api/v1/workspaces/{workspaceId}", Set.of(), Set.of()),
    UPDATE_WORKSPACE("updateWorkspace", "PATCH", "/api/v1/workspaces/{workspaceId}", Set.of(), Set.of()),
    DELETE_WORKSPACE("deleteWorkspace", "DELETE", "/api/v1/workspaces/{workspaceId}", Set.of(), Set.of()),
    CREATE_TOKEN("createToken", "POST", "/api/v1/tokens", Set.of(), Set.of()),
    LIST_TOKENS("listTokens", "GET", "/api/v1/tokens", Set.of(), Set.of()),
    GET_TOKEN("getToken", "GET", "/api/v1/tokens/{tokenId}", Set.of(), Set.of()),
    REVOKE_TOKEN("revokeToken", "DELETE", "/api/v1/tokens/{tokenId}", Set.of(), Set.of()),
    CREATE_JOB("createJob", "POST", "/api/v1/jobs", Set.of(), Set.of()),
    LIST_JOBS("listJobs", "GET", "/api/v1/jobs", Set.of("workspace", "name", "limit", "cursor"), Set.of()),
    GET_JOB("getJob", "GET", "/api/v1/jobs/{jobId}", Set.of(), Set.of()),
    UPDATE_JOB("updateJob", "PUT", "/api/v1/jobs/{jobId}", Set.of(), Set.of()),
    DELETE_JOB("deleteJob", "DELETE", "/api/v1/jobs/{jobId}", Set.of(), Set.of()),
    LIST_JOB_VERSIONS("listJobVersions", "GET", "/api/v1/jobs/{jobId}/versions", Set.of(), Set.of()),
    GET_JOB_VERSION("getJobVersion", "GET", "/api/v1/jobs/{jobId}/versions/{version}", Set.of(), Set.of()),
    START_JOB_RUN("startJobRun", "POST", "/api/v1/jobs/{jobId}/runs", Set.of(), Set.of("Idempotency-Key")),
    LIST_JOB_RUNS("listJobRuns", "GET", "/api/v1/jobs/{jobId}/runs", Set.of("state", "limit", "cursor"), Set.of()),
    CREATE_SCHEDULE("createSchedule", "POST", "/api/v1/schedules", Set.of(), Set.of()),
    LIST_SCHEDULES("listSchedules", "GET", "/api/v1/schedules", Set.of("workspace", "job", "limit", "cursor"), Set.of()),
    GET_SCHEDULE("getSchedule", "GET", "/api/v1/schedules/{scheduleId}", Set.of(), Set.of()),
    UPDATE_SCHEDULE("updateSchedule", "PUT", "/api/v1/schedules/{scheduleId}", Set.of(), Set.of()),
    DELETE_SCHEDULE("deleteSchedule", "DELETE", "/api/v1/schedules/{scheduleId}", Set.of(), Set.of()),
    PAUSE_SCHEDULE("pauseSchedule", "POST", "/api/v1/schedules/{scheduleId}/pause", Set.of(), Set.of()),
    RESUME_SCHEDULE("resumeSchedule", "POST", "/api/v1/schedules/{scheduleId}/resume", Set.of(), Set.of()),
    LIST_SCHEDULE_EVENTS("listScheduleEvents", "GET", "/api/v1/schedules/{scheduleId}/events", Set.of("after", "limit"), Set.of()),
    CREATE_WARM_POOL("createWarmPool", "POST", "/api/v1/warm-pools", Set.of(), Set.of()),
    LIST_WARM_POOLS("listWarmPools", "GET", "/api/v1/warm-pools", Set.of(), Set.of()),
    GET_WARM_POOL("getWarmPool", "GET", "/api/v1/warm-pools/{name}", Set.of(), Set.of()),
    UPDATE_WARM_POOL("updateWarmPool", "PUT", "/api/v1/warm-pools/{name}", Set.of(), Set.of()),
    DELETE_WARM_POOL("deleteWarmPool", "DELETE", "/api/v1/warm-pools/{name}", Set.of(), Set.of()),
    GET_VERSION("getVersion", "GET", "/api/v1/version", Set.of(), Set.of());

    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z0-9]+)}");

    private final String operationId;
    private final String method;
    private final String pathTemplate;
    private final Set<String> queryParameters;
    private final Set<String> headers;

    Operation(String operationId, String method, String pathTemplate, Set<String> queryParameters, Set<String> headers) {
        this.operationId = operationId;
        this.method = method;
        this.pathTemplate = pathTemplate;
        this.queryParameters = queryParameters;
        this.headers = headers;
    }

    public String operationId() {
        return operationId;
    }

    public String method() {
        return method;
    }

    public String pathTemplate() {
        return pathTemplate;
    }

    /** The query parameters the CLI may send; {@link ApiRequest} refuses any other. */
    public Set<String> queryParameters() {
        return queryParameters;
    }

    /** The request headers of the contract the CLI may send, besides Authorization and the content headers. */
    public Set<String> headers() {
        return headers;
    }

    /** Whether a retry after a lost answer cannot do the thing twice: a read, a delete, or a PUT of a whole definition. */
    boolean idempotent() {
        return method.equals("GET") || method.equals("DELETE") || method.equals("PUT");
    }

    /** The path with its parameters filled in, each percent-encoded. */
    String path(Map<String, String> parameters) {
        Matcher matcher = PARAMETER.matcher(pathTemplate);
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String value = parameters.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException(operationId + " needs path parameter " + matcher.group(1));
            }
            matcher.appendReplacement(path, Matcher.quoteReplacement(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
        }
        matcher.appendTail(path);
        return path.toString();
    }
}
