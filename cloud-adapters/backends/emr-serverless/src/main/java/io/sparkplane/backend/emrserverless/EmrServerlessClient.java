package io.sparkplane.backend.emrserverless;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * The calls Sparkplane makes of EMR Serverless's REST API (version 2021-07-13), signed by the AWS
 * SDK's own SigV4 signer and sent by its HTTP client, each retried by the SDK's retry strategy.
 * The SDK's {@code emrserverless} module is not served where Sparkplane is built; this class has
 * its methods' names and shapes, so it can be swapped for the module's client later.
 *
 * <p>Bodies are JSON (Jackson trees in, small records out). Errors become {@link
 * EmrServerlessException}s carrying the status, AWS error code and message; throttling, 5xx
 * answers and I/O failures are retried with the strategy's backoff, other refusals are not.
 */
public final class EmrServerlessClient implements AutoCloseable {

    /** The name EMR Serverless signs requests for, and which moto tells services apart by. */
    static final String SIGNING_NAME = "emr-serverless";
    /** The retry strategy's scope: one token bucket for the whole service. */
    private static final String RETRY_SCOPE = "emr-serverless";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE_SIZE = 50;

    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;
    private final RetryStrategy retries;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /** An application as GetApplication shows it; ListApplications shows no tags. */
    public record Application(String id, String name, String state, String stateDetails, String releaseLabel, Map<String, String> tags) {
        public Application {
            requireNonNull(id, "id is null");
            requireNonNull(state, "state is null");
            tags = Map.copyOf(tags);
        }
    }

    /**
     * A job run as GetJobRun shows it; ListJobRuns shows neither tags nor the request's parts, so
     * those are empty there. {@code createdAt} is the epoch when the answer had none.
     *
     * @param logUri the S3 log location it was started with, null for none
     * @param sparkSubmitParameters as it was started with, null for none
     * @param sparkDefaults its {@code spark-defaults} classification's properties
     */
    public record JobRun(String applicationId, String id, String name, String state, String stateDetails, Instant createdAt,
            Map<String, String> tags, String logUri, String sparkSubmitParameters, Map<String, String> sparkDefaults) {
        public JobRun {
            requireNonNull(id, "id is null");
            requireNonNull(state, "state is null");
            requireNonNull(createdAt, "createdAt is null");
            tags = Map.copyOf(tags);
            sparkDefaults = Map.copyOf(sparkDefaults);
        }
    }

    /**
     * @param endpoint the service's base URL ({@link #endpointOf} for AWS itself)
     * @param http closed with this client
     */
    public EmrServerlessClient(URI endpoint, Region region, AwsCredentialsProvider credentials, SdkHttpClient http, RetryStrategy retries) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.region = requireNonNull(region, "region is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.http = requireNonNull(http, "http is null");
        this.retries = requireNonNull(retries, "retries is null");
    }

    /** EMR Serverless's regional endpoint ({@code https://emr-serverless.eu-west-1.amazonaws.com}). */
    public static URI endpointOf(Region region) {
        return URI.create("https://emr-serverless." + region.id() + "." + region.metadata().partition().dnsSuffix());
    }

    // --- applications

    /** CreateApplication; the body is {@link ApplicationRequest#toJson()}. Returns the application's id. */
    public String createApplication(ObjectNode body) {
        return text(call("CreateApplication", SdkHttpMethod.POST, "/applications", List.of(), body), "applicationId");
    }

    public Application getApplication(String applicationId) {
        return application(call("GetApplication", SdkHttpMethod.GET, "/applications/" + applicationId, List.of(), null).path("application"));
    }

    public void startApplication(String applicationId) {
        call("StartApplication", SdkHttpMethod.POST, "/applications/" + applicationId + "/start", List.of(), JsonNodeFactory.instance.objectNode());
    }

    /** Every application of the account in the region, page by page. */
    public List<Application> listApplications() {
        List<Application> applications = new ArrayList<>();
        String next = null;
        do {
            List<Map.Entry<String, String>> query = new ArrayList<>();
            query.add(Map.entry("maxResults", Integer.toString(PAGE_SIZE)));
            if (next != null) {
                query.add(Map.entry("nextToken", next));
            }
            JsonNode page = call("ListApplications", SdkHttpMethod.GET, "/applications", query, null);
            page.path("applications").forEach(summary -> applications.add(application(summary)));
            next = optionalText(page, "nextToken");
        } while (next != null);
        return applications;
    }

    // --- job runs

    /** StartJobRun; the body is {@link JobRunRequest#toJson()}. Returns the job run's id. */
    public String startJobRun(String applicationId, ObjectNode body) {
        return text(call("StartJobRun", SdkHttpMethod.POST, "/applications/" + applicationId + "/jobruns", List.of(), body), "jobRunId");
    }

    public JobRun getJobRun(String applicationId, String jobRunId) {
        return jobRun(call("GetJobRun", SdkHttpMethod.GET, "/applications/" + applicationId + "/jobruns/" + jobRunId, List.of(), null)
                .path("jobRun"));
    }

    /**
     * The application's job runs, page by page, as the service orders them.
     *
     * @param createdAfter only those created after it; empty: all
     * @param states only those in one of these states; empty: all
     */
    public List<JobRun> listJobRuns(String applicationId, Optional<Instant> createdAfter, Set<String> states) {
        List<JobRun> runs = new ArrayList<>();
        String next = null;
        do {
            List<Map.Entry<String, String>> query = new ArrayList<>();
            query.add(Map.entry("maxResults", Integer.toString(PAGE_SIZE)));
            createdAfter.ifPresent(after -> query.add(Map.entry("createdAtAfter", after.truncatedTo(ChronoUnit.SECONDS).toString())));
            new TreeSet<>(states).forEach(state -> query.add(Map.entry("states", state)));
            if (next != null) {
                query.add(Map.entry("nextToken", next));
            }
            JsonNode page = call("ListJobRuns", SdkHttpMethod.GET, "/applications/" + applicationId + "/jobruns", query, null);
            page.path("jobRuns").forEach(summary -> runs.add(jobRun(summary)));
            next = optionalText(page, "nextToken");
        } while (next != null);
        return runs;
    }

    public void cancelJobRun(String applicationId, String jobRunId) {
        call("CancelJobRun", SdkHttpMethod.DELETE, "/applications/" + applicationId + "/jobruns/" + jobRunId, List.of(), null);
    }

    @Override
    public void close() {
        http.close();
    }

    // --- the wire

    /**
     * One operation, retried as the strategy says: acquire a token, and after each failure ask it to
     * refresh the token (it refuses for what is not retryable, or when its attempts or its circuit
     * breaker's budget run out), waiting the delay it gives.
     */
    private JsonNode call(String operation, SdkHttpMethod method, String path, List<Map.Entry<String, String>> query, JsonNode body) {
        byte[] payload = body == null ? null : json(body);
        AcquireInitialTokenResponse acquired = retries.acquireInitialToken(AcquireInitialTokenRequest.create(RETRY_SCOPE));
        RetryToken token = acquired.token();
        pause(acquired.delay());
        while (true) {
            try {
                JsonNode answer = once(operation, method, path, query, payload);
                retries.recordSuccess(RecordSuccessRequest.create(token));
                return answer;
            } catch (EmrServerlessException failure) {
                RefreshRetryTokenResponse refreshed;
                try {
                    refreshed = retries.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token).failure(failure).build());
                } catch (TokenAcquisitionFailedException refused) {
                    throw failure;
                }
                token = refreshed.token();
                pause(refreshed.delay());
            }
        }
    }

    private JsonNode once(String operation, SdkHttpMethod method, String path, List<Map.Entry<String, String>> query, byte[] payload) {
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(method)
                .uri(endpoint)
                .encodedPath(basePath() + path)
                .putHeader("Accept", "application/json");
        query.forEach(parameter -> request.appendRawQueryParameter(parameter.getKey(), parameter.getValue()));
        ContentStreamProvider content = null;
        if (payload != null) {
            request.putHeader("Content-Type", "application/json").putHeader("Content-Length", Integer.toString(payload.length));
            content = ContentStreamProvider.fromByteArrayUnsafe(payload);
        }
        ContentStreamProvider signedContent = content;
        AwsCredentials identity;
        try {
            identity = credentials.resolveCredentials();
        } catch (SdkException e) {
            // no key in the chain, or STS refused the role: said once, not retried
            throw new EmrServerlessException(operation, EmrServerlessException.NO_RESPONSE, EmrServerlessException.NO_CREDENTIALS,
                    "no AWS credentials: " + e.getMessage(), e);
        }
        SignedRequest signed = signer.sign(sign -> sign
                .identity(identity)
                .request(request.build())
                .payload(signedContent)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        HttpExecuteResponse response;
        byte[] answer;
        try {
            HttpExecuteRequest.Builder execute = HttpExecuteRequest.builder().request(signed.request());
            signed.payload().ifPresent(execute::contentStreamProvider);
            response = http.prepareRequest(execute.build()).call();
            answer = response.responseBody().map(EmrServerlessClient::readAll).orElse(new byte[0]);
        } catch (IOException | UncheckedIOException e) {
            throw new EmrServerlessException(operation, EmrServerlessException.NO_RESPONSE, "",
                    "cannot reach EMR Serverless at " + endpoint + ": " + e.getMessage(), e);
        }
        int status = response.httpResponse().statusCode();
        if (status / 100 == 2) {
            return answer.length == 0 ? JsonNodeFactory.instance.objectNode() : parse(operation, status, answer);
        }
        throw error(operation, status, response.httpResponse().firstMatchingHeader("x-amzn-ErrorType"), answer);
    }

    /** The endpoint's own path, when a proxy serves the API under one. */
    private String basePath() {
        String path = endpoint.getRawPath();
        return path == null ? "" : path.replaceAll("/+$", "");
    }

    /**
     * The error of a failed answer: the code from {@code x-amzn-ErrorType} ({@code
     * ValidationException:http://internal...}), else the body's {@code __type} ({@code
     * com.amazonaws...#ValidationException}) or {@code code}; the message from {@code message}
     * or {@code Message}.
     */
    static EmrServerlessException error(String operation, int status, Optional<String> errorType, byte[] answer) {
        JsonNode body = errorBody(answer);
        String code = errorType.filter(type -> !type.isBlank())
                .or(() -> Optional.ofNullable(optionalText(body, "__type")))
                .or(() -> Optional.ofNullable(optionalText(body, "code")))
                .map(EmrServerlessClient::shortCode)
                .orElse("");
        String message = Optional.ofNullable(optionalText(body, "message")).or(() -> Optional.ofNullable(optionalText(body, "Message")))
                .orElse(body.isObject() && body.size() > 0 ? "" : new String(answer, StandardCharsets.UTF_8).strip());
        return new EmrServerlessException(operation, status, code, oneLine(message), null);
    }

    private static JsonNode errorBody(byte[] answer) {
        try {
            return answer.length == 0 ? JsonNodeFactory.instance.objectNode() : JSON.readTree(answer);
        } catch (IOException e) {
            return JsonNodeFactory.instance.objectNode(); // not JSON (a proxy's page): the text is the message
        }
    }

    private static String shortCode(String type) {
        String code = type.contains(":") ? type.substring(0, type.indexOf(':')) : type;
        return code.contains("#") ? code.substring(code.lastIndexOf('#') + 1) : code;
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > 1000 ? line.substring(0, 1000) + "..." : line;
    }

    private static JsonNode parse(String operation, int status, byte[] answer) {
        try {
            return JSON.readTree(answer);
        } catch (IOException e) {
            throw new EmrServerlessException(operation, status, "", "the answer is not JSON: " + e.getMessage(), e);
        }
    }

    private static byte[] json(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request body", e);
        }
    }

    private static byte[] readAll(InputStream body) {
        try (body) {
            return body.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off an EMR Serverless call", e);
        }
    }

    // --- answers

    private static Application application(JsonNode node) {
        String id = Optional.ofNullable(optionalText(node, "applicationId")).orElse(optionalText(node, "id"));
        return new Application(requireNonNull(id, "an application without an id"), optionalText(node, "name"), text(node, "state"),
                optionalText(node, "stateDetails"), optionalText(node, "releaseLabel"), strings(node.path("tags")));
    }

    private static JobRun jobRun(JsonNode node) {
        String id = Optional.ofNullable(optionalText(node, "jobRunId")).orElse(optionalText(node, "id"));
        JsonNode overrides = node.path("configurationOverrides");
        Map<String, String> defaults = new LinkedHashMap<>();
        overrides.path("applicationConfiguration").forEach(classification -> {
            if ("spark-defaults".equals(classification.path("classification").asText())) {
                defaults.putAll(strings(classification.path("properties")));
            }
        });
        return new JobRun(optionalText(node, "applicationId"), requireNonNull(id, "a job run without an id"), optionalText(node, "name"),
                text(node, "state"), optionalText(node, "stateDetails"), instant(node.path("createdAt")), strings(node.path("tags")),
                optionalText(overrides.path("monitoringConfiguration").path("s3MonitoringConfiguration"), "logUri"),
                optionalText(node.path("jobDriver").path("sparkSubmit"), "sparkSubmitParameters"), defaults);
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().asText()));
        return values;
    }

    private static String text(JsonNode node, String field) {
        String value = optionalText(node, field);
        if (value == null) {
            throw new IllegalStateException("EMR Serverless's answer has no " + field);
        }
        return value;
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() && !value.asText().isEmpty() ? value.asText() : null;
    }

    /** The JSON protocol's timestamps are epoch seconds; ISO-8601 text is taken too. */
    private static Instant instant(JsonNode value) {
        if (value.isNumber()) {
            return Instant.ofEpochMilli(Math.round(value.asDouble() * 1000));
        }
        if (value.isTextual()) {
            try {
                return Instant.parse(value.asText());
            } catch (DateTimeParseException e) {
                return Instant.EPOCH;
            }
        }
        return Instant.EPOCH;
    }
}
