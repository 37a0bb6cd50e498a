package io.sparkplane.testkit.azure;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.testkit.localspark.FakeLog;
import io.sparkplane.testkit.localspark.LocalSparkRunner;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything the ARM fake knows, behind one lock (this object's monitor): clusters by name (HDInsight
 * cluster names are global, each one a DNS name), their long-running operations, calls and faults;
 * and the routes of Microsoft.HDInsight/clusters at api-version 2021-06-01 as
 * azure-resourcemanager-hdinsight 1.0.0 calls them. Timed transitions run on the scheduler and
 * re-check what they expect first, since an API call or a test may have moved the cluster meanwhile.
 */
final class HdInsightArm {

    static final String API_VERSION = "2021-06-01";
    static final String PROVIDER = "Microsoft.HDInsight";
    static final String TYPE = PROVIDER + "/clusters";

    private static final String SEGMENT = "([^/]+)";
    private static final String RESOURCE_GROUP = "(?i)^/subscriptions/" + SEGMENT + "/resourceGroups/" + SEGMENT
            + "/providers/Microsoft\\.HDInsight/clusters";
    private static final Pattern CLUSTERS_IN_GROUP = Pattern.compile(RESOURCE_GROUP + "/?$");
    private static final Pattern CLUSTER = Pattern.compile(RESOURCE_GROUP + "/" + SEGMENT + "/?$");
    private static final Pattern RESIZE = Pattern.compile(RESOURCE_GROUP + "/" + SEGMENT + "/roles/" + SEGMENT + "/resize/?$");
    private static final Pattern ASYNC_OPERATION = Pattern.compile(RESOURCE_GROUP + "/" + SEGMENT + "/azureasyncoperations/" + SEGMENT + "/?$");
    private static final Pattern OPERATION_RESULT = Pattern.compile(RESOURCE_GROUP + "/" + SEGMENT + "/operationresults/" + SEGMENT + "/?$");
    private static final Pattern CLUSTERS_IN_SUBSCRIPTION = Pattern.compile("(?i)^/subscriptions/" + SEGMENT
            + "/providers/Microsoft\\.HDInsight/clusters/?$");
    private static final Pattern LIVY = Pattern.compile("^/" + SEGMENT + "/livy(/.*)?$");
    /** HDInsight's rule: 3 to 59 letters, digits and hyphens, a letter first, no hyphen last. */
    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{1,57}[A-Za-z0-9]");
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    /** One cluster, mutable under the lock. */
    private static final class Cluster {
        final String subscriptionId;
        final String resourceGroup;
        final String name;
        final String location;
        final Map<String, String> tags;
        final ObjectNode properties;
        final BasicLogin gateway;
        final String clusterId = UUID.randomUUID().toString().replace("-", "");
        final String createdDate = LocalDateTime.now(ZoneOffset.UTC).format(CREATED);
        final FakeLivy livy;
        final List<String> stateHistory = new ArrayList<>();
        final List<Integer> workerCounts = new ArrayList<>();
        String clusterState;
        String provisioningState;
        String etag = UUID.randomUUID().toString();
        ObjectNode error;
        /** The operation not done yet (create, resize or delete), if any: one at a time. */
        String pendingOperation;

        Cluster(String subscriptionId, String resourceGroup, String name, String location, Map<String, String> tags,
                ObjectNode properties, BasicLogin gateway, FakeLivy livy) {
            this.subscriptionId = subscriptionId;
            this.resourceGroup = resourceGroup;
            this.name = name;
            this.location = location;
            this.tags = tags;
            this.properties = properties;
            this.gateway = gateway;
            this.livy = livy;
        }

        String id() {
            return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup + "/providers/" + TYPE + "/" + name;
        }

        ObjectNode role(String roleName) {
            for (JsonNode role : properties.path("computeProfile").path("roles")) {
                if (role.path("name").asText().equalsIgnoreCase(roleName)) {
                    return (ObjectNode) role;
                }
            }
            return null;
        }

        int workerCount() {
            ObjectNode worker = role("workernode");
            return worker == null ? 0 : worker.path("targetInstanceCount").asInt();
        }
    }

    /** A long-running operation, as its Azure-AsyncOperation and Location URLs report it. */
    private static final class Operation {
        final String id = UUID.randomUUID().toString();
        final String clusterPath;
        String status = "InProgress";
        ObjectNode error;

        Operation(String clusterPath) {
            this.clusterPath = clusterPath;
        }
    }

    private record Fault(int status, String code, String message, Duration retryAfter) {}

    private final FakeLog log;
    private final Optional<LocalSparkRunner> runner;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Cluster> clusters = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, Operation> operations = new LinkedHashMap<>();
    private final List<String> deletedClusters = new ArrayList<>();
    private final Map<String, List<Integer>> workerCounts = new LinkedHashMap<>();
    private final List<RecordedCall> calls = new ArrayList<>();
    private final Map<ArmOperation, Deque<Fault>> faults = new EnumMap<>(ArmOperation.class);
    private final Deque<ObjectNode> provisioningFailures = new ArrayDeque<>();
    private String endpoint;
    private Duration clusterStartDelay = Duration.ofMillis(300);
    private Duration clusterDeleteDelay = Duration.ofMillis(200);
    private Duration resizeDelay = Duration.ofMillis(200);
    private Duration pollRetryAfter = Duration.ofSeconds(1);
    private int listPageSize = 50;
    private boolean closed;

    HdInsightArm(FakeLog log, Optional<LocalSparkRunner> runner, ScheduledExecutorService scheduler) {
        this.log = requireNonNull(log, "log is null");
        this.runner = requireNonNull(runner, "runner is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
    }

    /** Where it serves, "http://127.0.0.1:<port>": the base of the operation URLs it hands out. */
    synchronized void endpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    // --- what tests set

    synchronized void clusterStartDelay(Duration delay) {
        this.clusterStartDelay = checkDelay(delay);
    }

    synchronized void clusterDeleteDelay(Duration delay) {
        this.clusterDeleteDelay = checkDelay(delay);
    }

    synchronized void resizeDelay(Duration delay) {
        this.resizeDelay = checkDelay(delay);
    }

    synchronized void pollRetryAfter(Duration retryAfter) {
        this.pollRetryAfter = checkDelay(retryAfter);
    }

    synchronized void listPageSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a page holds at least one cluster, not " + size);
        }
        this.listPageSize = size;
    }

    synchronized void failNext(ArmOperation operation, int status, String code, String message) {
        requireNonNull(operation, "operation is null");
        requireNonNull(code, "code is null");
        requireNonNull(message, "message is null");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a fault is an HTTP error status, not " + status);
        }
        faults.computeIfAbsent(operation, key -> new ArrayDeque<>()).add(new Fault(status, code, message, null));
    }

    synchronized void throttleNext(ArmOperation operation, int times, Duration retryAfter) {
        requireNonNull(operation, "operation is null");
        checkDelay(retryAfter);
        for (int time = 0; time < times; time++) {
            faults.computeIfAbsent(operation, key -> new ArrayDeque<>()).add(new Fault(429, "TooManyRequests",
                    "The request is being throttled as the limit has been reached for operation type - "
                            + operation.name().toLowerCase(Locale.ROOT) + ".", retryAfter));
        }
    }

    synchronized void failNextProvisioning(String code, String message) {
        provisioningFailures.add(errorNode(requireNonNull(code, "code is null"), requireNonNull(message, "message is null")));
    }

    synchronized void setClusterState(String name, String state) {
        requireNonNull(state, "state is null");
        moveCluster(existing(name), state);
    }

    synchronized void deleteClusterBehindTheBacksOfClients(String name) {
        Cluster cluster = existing(name);
        for (Operation operation : operations.values()) {
            if (operation.id.equals(cluster.pendingOperation)) {
                operation.status = "Failed";
                operation.error = errorNode("ResourceNotFound", "The cluster " + name + " was deleted while the operation ran.");
            }
        }
        gone(cluster, "deleted behind the backs of its clients");
    }

    synchronized void createExistingCluster(String subscriptionId, String resourceGroup, String name, String gatewayUser,
            String gatewayPassword, int workers) {
        if (clusters.containsKey(name)) {
            throw new IllegalStateException("a cluster named " + name + " exists already");
        }
        ObjectNode properties = HttpAnswer.JSON.createObjectNode();
        properties.put("clusterVersion", "5.1");
        properties.put("osType", "Linux");
        properties.put("tier", "Standard");
        ObjectNode definition = properties.putObject("clusterDefinition");
        definition.put("kind", "spark");
        definition.putObject("componentVersion").put("Spark", "3.3");
        ArrayNode roles = properties.putObject("computeProfile").putArray("roles");
        roles.addObject().put("name", "headnode").put("targetInstanceCount", 2).putObject("hardwareProfile").put("vmSize", "Standard_E8_V3");
        roles.addObject().put("name", "workernode").put("targetInstanceCount", workers).putObject("hardwareProfile").put("vmSize", "Standard_E8_V3");
        Cluster cluster = newCluster(subscriptionId, resourceGroup, name, "eastus", Map.of(), properties,
                new BasicLogin(gatewayUser, gatewayPassword));
        moveCluster(cluster, "Running");
        cluster.provisioningState = "Succeeded";
        log.log(name + ": created outside the fake's API, Running");
    }

    // --- what tests read

    synchronized Optional<HdInsightCluster> cluster(String name) {
        return Optional.ofNullable(clusters.get(name)).map(HdInsightArm::snapshot);
    }

    synchronized List<HdInsightCluster> clusters() {
        return clusters.values().stream().map(HdInsightArm::snapshot).toList();
    }

    synchronized List<String> deletedClusters() {
        return List.copyOf(deletedClusters);
    }

    synchronized Map<String, List<Integer>> workerCounts() {
        Map<String, List<Integer>> copy = new LinkedHashMap<>();
        workerCounts.forEach((name, counts) -> copy.put(name, List.copyOf(counts)));
        return copy;
    }

    synchronized FakeLivy livy(String name) {
        return existing(name).livy;
    }

    synchronized List<RecordedCall> calls() {
        return List.copyOf(calls);
    }

    synchronized void resetCalls() {
        calls.clear();
    }

    // --- routing

    HttpAnswer serve(Request request) {
        Matcher livy = LIVY.matcher(request.path());
        if (livy.matches() && !request.path().startsWith("/subscriptions/")) {
            return serveLivy(request, livy.group(1), livy.group(2) == null ? "/" : livy.group(2));
        }
        synchronized (this) {
            calls.add(RecordedCall.of(request));
            Optional<ArmOperation> operation = operation(request);
            if (operation.isPresent()) {
                Fault fault = Optional.ofNullable(faults.get(operation.get())).map(Deque::poll).orElse(null);
                if (fault != null) {
                    log.log(request.method() + " " + request.path() + ": scripted " + fault.status() + " " + fault.code());
                    HttpAnswer answer = error(fault.status(), fault.code(), fault.message());
                    return fault.retryAfter() == null ? answer : answer.withHeader("Retry-After", seconds(fault.retryAfter()));
                }
            }
            String apiVersion = request.query().get("api-version");
            if (apiVersion == null) {
                return error(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
            }
            if (!apiVersion.equals(API_VERSION)) {
                return error(400, "NoRegisteredProviderFound", "No registered resource provider found for location 'eastus' and API version '"
                        + apiVersion + "' for type 'clusters'. The supported api-versions are '" + API_VERSION + "'.");
            }
            return route(request);
        }
    }

    private static Optional<ArmOperation> operation(Request request) {
        String path = request.path();
        String method = request.method();
        if (CLUSTER.matcher(path).matches()) {
            return method.equals("PUT") ? Optional.of(ArmOperation.CREATE)
                    : method.equals("PATCH") ? Optional.of(ArmOperation.UPDATE)
                    : method.equals("GET") ? Optional.of(ArmOperation.GET)
                    : method.equals("DELETE") ? Optional.of(ArmOperation.DELETE) : Optional.empty();
        }
        if ((CLUSTERS_IN_GROUP.matcher(path).matches() || CLUSTERS_IN_SUBSCRIPTION.matcher(path).matches()) && method.equals("GET")) {
            return Optional.of(ArmOperation.LIST);
        }
        if (RESIZE.matcher(path).matches() && method.equals("POST")) {
            return Optional.of(ArmOperation.RESIZE);
        }
        if ((ASYNC_OPERATION.matcher(path).matches() || OPERATION_RESULT.matcher(path).matches()) && method.equals("GET")) {
            return Optional.of(ArmOperation.POLL);
        }
        return Optional.empty();
    }

    private HttpAnswer route(Request request) {
        String path = request.path();
        Matcher matcher;
        if ((matcher = CLUSTER.matcher(path)).matches()) {
            String subscription = matcher.group(1);
            String group = matcher.group(2);
            String name = matcher.group(3);
            return switch (request.method()) {
                case "PUT" -> create(subscription, group, name, request);
                case "PATCH" -> update(subscription, group, name, request);
                case "GET" -> find(subscription, group, name).map(cluster -> HttpAnswer.json(200, view(cluster)))
                        .orElseGet(() -> notFound(group, name));
                case "DELETE" -> delete(subscription, group, name);
                default -> methodNotAllowed(request);
            };
        }
        if ((matcher = CLUSTERS_IN_GROUP.matcher(path)).matches() && request.method().equals("GET")) {
            String subscription = matcher.group(1);
            String group = matcher.group(2);
            return list(clusters.values().stream().filter(cluster -> cluster.subscriptionId.equalsIgnoreCase(subscription)
                    && cluster.resourceGroup.equalsIgnoreCase(group)).toList(), path, request.query());
        }
        if ((matcher = CLUSTERS_IN_SUBSCRIPTION.matcher(path)).matches() && request.method().equals("GET")) {
            String subscription = matcher.group(1);
            return list(clusters.values().stream().filter(cluster -> cluster.subscriptionId.equalsIgnoreCase(subscription)).toList(),
                    path, request.query());
        }
        if ((matcher = RESIZE.matcher(path)).matches() && request.method().equals("POST")) {
            return resize(matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4), request);
        }
        if ((matcher = ASYNC_OPERATION.matcher(path)).matches() && request.method().equals("GET")) {
            return asyncOperation(matcher.group(4));
        }
        if ((matcher = OPERATION_RESULT.matcher(path)).matches() && request.method().equals("GET")) {
            return operationResult(matcher.group(4), path, request.rawQuery());
        }
        if (CLUSTERS_IN_GROUP.matcher(path).matches() || CLUSTERS_IN_SUBSCRIPTION.matcher(path).matches()
                || RESIZE.matcher(path).matches()) {
            return methodNotAllowed(request);
        }
        return error(404, "NotFound", "The fake serves Microsoft.HDInsight/clusters only, not " + request.method() + " " + path);
    }

    // --- clusters

    /** Clusters_Update: a cluster's tags replaced by the body's (ClusterPatchParameters), the cluster as it is now. */
    private HttpAnswer update(String subscription, String group, String name, Request request) {
        Optional<Cluster> found = find(subscription, group, name);
        if (found.isEmpty()) {
            return notFound(group, name);
        }
        JsonNode body;
        try {
            body = HttpAnswer.JSON.readTree(request.body());
        } catch (IOException e) {
            return error(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: '" + e.getMessage() + "'.");
        }
        if (body == null || !body.isObject()) {
            return error(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: 'no JSON object'.");
        }
        Cluster cluster = found.get();
        cluster.tags.clear();
        body.path("tags").fields().forEachRemaining(tag -> cluster.tags.put(tag.getKey(), tag.getValue().asText()));
        return HttpAnswer.json(200, view(cluster));
    }

    private HttpAnswer create(String subscription, String group, String name, Request request) {
        JsonNode body;
        try {
            body = HttpAnswer.JSON.readTree(request.body());
        } catch (IOException e) {
            return error(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: '" + e.getMessage() + "'.");
        }
        if (body == null || !body.isObject()) {
            return error(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: 'no JSON object'.");
        }
        if (!CLUSTER_NAME.matcher(name).matches()) {
            return error(400, "InvalidClusterName", "The cluster name '" + name + "' is invalid: 3 to 59 letters, digits and hyphens,"
                    + " starting with a letter and not ending with a hyphen.");
        }
        Cluster existing = clusters.get(name);
        if (existing != null) {
            return error(409, "Conflict", existing.id().equalsIgnoreCase(clusterPath(subscription, group, name))
                    ? "The cluster '" + name + "' exists already (" + existing.provisioningState + "); an HDInsight cluster is not changed by PUT."
                    : "The cluster name '" + name + "' is taken: cluster names are global DNS names.");
        }
        String location = body.path("location").asText("");
        if (location.isEmpty()) {
            return error(400, "LocationRequired", "The location property is required for this definition.");
        }
        JsonNode properties = body.path("properties");
        Optional<String> invalid = invalidProperties(properties);
        if (invalid.isPresent()) {
            return error(400, "BadRequest", invalid.get());
        }
        JsonNode credentials = properties.path("clusterDefinition").path("configurations").path("gateway");
        BasicLogin gateway = new BasicLogin(credentials.path("restAuthCredential.username").asText(),
                credentials.path("restAuthCredential.password").asText());
        Map<String, String> tags = new TreeMap<>();
        body.path("tags").fields().forEachRemaining(tag -> tags.put(tag.getKey(), tag.getValue().asText()));
        Cluster cluster = newCluster(subscription, group, name, location, tags, withoutSecrets((ObjectNode) properties), gateway);
        cluster.provisioningState = "InProgress";
        moveCluster(cluster, "Accepted");
        Operation operation = startOperation(cluster);
        ObjectNode failure = provisioningFailures.poll();
        Duration delay = clusterStartDelay;
        later(delay.dividedBy(3), () -> stepIfPending(cluster, operation, "AzureVMConfiguration"));
        later(delay.dividedBy(3).multipliedBy(2), () -> stepIfPending(cluster, operation, "HdInsightConfiguration"));
        later(delay, () -> {
            if (clusters.get(name) != cluster || !operation.id.equals(cluster.pendingOperation)) {
                return;
            }
            if (failure == null) {
                cluster.provisioningState = "Succeeded";
                moveCluster(cluster, "Running");
                finish(cluster, operation, null);
            } else {
                cluster.provisioningState = "Failed";
                cluster.error = failure;
                moveCluster(cluster, "Error");
                finish(cluster, operation, failure);
            }
        });
        log.log(name + ": created in " + group + " (" + cluster.workerCount() + " workers), provisioning");
        return withOperationHeaders(HttpAnswer.json(200, view(cluster)), cluster, operation);
    }

    /** What HDInsight refuses in a create request, by the properties a Spark cluster needs; empty when none. */
    private static Optional<String> invalidProperties(JsonNode properties) {
        if (!properties.isObject()) {
            return Optional.of("The properties of the cluster are required.");
        }
        JsonNode definition = properties.path("clusterDefinition");
        if (!definition.isObject()) {
            return Optional.of("The property 'properties.clusterDefinition' is required.");
        }
        if (!definition.path("kind").asText("").equalsIgnoreCase("spark")) {
            return Optional.of("The fake creates Spark clusters only, not kind '" + definition.path("kind").asText("") + "'.");
        }
        JsonNode gateway = definition.path("configurations").path("gateway");
        if (gateway.path("restAuthCredential.username").asText("").isEmpty()
                || gateway.path("restAuthCredential.password").asText("").isEmpty()) {
            return Optional.of("The cluster login (clusterDefinition.configurations.gateway restAuthCredential.username and"
                    + " restAuthCredential.password) is required.");
        }
        boolean head = false;
        boolean worker = false;
        for (JsonNode role : properties.path("computeProfile").path("roles")) {
            String roleName = role.path("name").asText("");
            head |= roleName.equalsIgnoreCase("headnode");
            if (roleName.equalsIgnoreCase("workernode")) {
                worker = true;
                if (role.path("targetInstanceCount").asInt(0) < 1) {
                    return Optional.of("The workernode role needs a targetInstanceCount of at least 1.");
                }
            }
        }
        if (!head || !worker) {
            return Optional.of("The compute profile needs a headnode and a workernode role.");
        }
        boolean defaultStorage = false;
        for (JsonNode account : properties.path("storageProfile").path("storageaccounts")) {
            defaultStorage |= account.path("isDefault").asBoolean(false);
        }
        if (!defaultStorage) {
            return Optional.of("The storage profile needs a default storage account.");
        }
        return Optional.empty();
    }

    private Cluster newCluster(String subscription, String group, String name, String location, Map<String, String> tags,
            ObjectNode properties, BasicLogin gateway) {
        FakeLivy livy = new FakeLivy(name, Optional.of(gateway), true, runner, log, scheduler);
        Cluster cluster = new Cluster(subscription, group, name, location, tags, properties, gateway, livy);
        clusters.put(name, cluster);
        cluster.workerCounts.add(cluster.workerCount());
        workerCounts.put(name, cluster.workerCounts);
        return cluster;
    }

    private void stepIfPending(Cluster cluster, Operation operation, String state) {
        if (clusters.get(cluster.name) == cluster && operation.id.equals(cluster.pendingOperation)) {
            moveCluster(cluster, state);
        }
    }

    private HttpAnswer delete(String subscription, String group, String name) {
        Optional<Cluster> found = find(subscription, group, name);
        if (found.isEmpty()) {
            // ARM: deleting what is not there is done already
            return HttpAnswer.empty(204);
        }
        Cluster cluster = found.get();
        if ("Deleting".equals(cluster.provisioningState) && cluster.pendingOperation != null) {
            return withOperationHeaders(HttpAnswer.empty(202), cluster, operations.get(cluster.pendingOperation));
        }
        Operation previous = cluster.pendingOperation == null ? null : operations.get(cluster.pendingOperation);
        if (previous != null && previous.status.equals("InProgress")) {
            previous.status = "Failed";
            previous.error = errorNode("OperationCanceled", "The operation was canceled: the cluster is being deleted.");
        }
        cluster.provisioningState = "Deleting";
        moveCluster(cluster, "Deleting");
        // its gateway and Livy go with its VMs: the batches end now
        cluster.livy.close();
        Operation operation = startOperation(cluster);
        later(clusterDeleteDelay, () -> {
            if (clusters.get(name) == cluster) {
                gone(cluster, "deleted");
            }
            finish(null, operation, null);
        });
        log.log(name + ": deleting");
        return withOperationHeaders(HttpAnswer.empty(202), cluster, operation);
    }

    private void gone(Cluster cluster, String why) {
        clusters.remove(cluster.name);
        cluster.livy.close();
        deletedClusters.add(cluster.name);
        log.log(cluster.name + ": " + why + ", gone");
    }

    private HttpAnswer resize(String subscription, String group, String name, String roleName, Request request) {
        Optional<Cluster> found = find(subscription, group, name);
        if (found.isEmpty()) {
            return notFound(group, name);
        }
        Cluster cluster = found.get();
        if (!roleName.equalsIgnoreCase("workernode")) {
            return error(400, "BadRequest", "Only the workernode role can be resized, not '" + roleName + "'.");
        }
        JsonNode body;
        try {
            body = HttpAnswer.JSON.readTree(request.body());
        } catch (IOException e) {
            return error(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: '" + e.getMessage() + "'.");
        }
        int target = body == null ? 0 : body.path("targetInstanceCount").asInt(0);
        if (target < 1) {
            return error(400, "BadRequest", "The targetInstanceCount must be at least 1.");
        }
        if (!"Running".equals(cluster.clusterState) || cluster.pendingOperation != null) {
            return error(409, "Conflict", "The cluster '" + name + "' cannot be resized now: it is " + cluster.clusterState
                    + (cluster.pendingOperation == null ? "" : " with an operation in progress") + ".");
        }
        cluster.provisioningState = "InProgress";
        Operation operation = startOperation(cluster);
        later(resizeDelay, () -> {
            if (clusters.get(name) != cluster || !operation.id.equals(cluster.pendingOperation)) {
                return;
            }
            cluster.role("workernode").put("targetInstanceCount", target);
            cluster.workerCounts.add(target);
            cluster.provisioningState = "Succeeded";
            cluster.etag = UUID.randomUUID().toString();
            log.log(name + ": workernode resized to " + target);
            finish(cluster, operation, null);
        });
        log.log(name + ": resizing workernode to " + target);
        return withOperationHeaders(HttpAnswer.empty(202), cluster, operation);
    }

    private HttpAnswer list(List<Cluster> matching, String path, Map<String, String> query) {
        int skip;
        try {
            skip = Integer.parseInt(query.getOrDefault("$skiptoken", "0"));
        } catch (NumberFormatException e) {
            return error(400, "InvalidSkipToken", "The skip token '" + query.get("$skiptoken") + "' is invalid.");
        }
        int start = Math.max(0, Math.min(skip, matching.size()));
        int end = Math.min(matching.size(), start + listPageSize);
        ObjectNode page = HttpAnswer.JSON.createObjectNode();
        ArrayNode value = page.putArray("value");
        matching.subList(start, end).forEach(cluster -> value.add(view(cluster)));
        if (end < matching.size()) {
            page.put("nextLink", endpoint + path + "?api-version=" + API_VERSION + "&$skiptoken=" + end);
        }
        return HttpAnswer.json(200, page);
    }

    // --- long-running operations

    private Operation startOperation(Cluster cluster) {
        Operation operation = new Operation(clusterPath(cluster.subscriptionId, cluster.resourceGroup, cluster.name));
        operations.put(operation.id, operation);
        cluster.pendingOperation = operation.id;
        return operation;
    }

    /** Done: Succeeded, or Failed with its error; the cluster (gone after a delete: null) has no operation pending any more. */
    private void finish(Cluster cluster, Operation operation, ObjectNode error) {
        operation.status = error == null ? "Succeeded" : "Failed";
        operation.error = error;
        if (cluster != null && operation.id.equals(cluster.pendingOperation)) {
            cluster.pendingOperation = null;
        }
    }

    /** ARM's long-running operation headers: the status to poll (Azure-AsyncOperation), the result (Location), when to ask. */
    private HttpAnswer withOperationHeaders(HttpAnswer answer, Cluster cluster, Operation operation) {
        String base = endpoint + clusterPath(cluster.subscriptionId, cluster.resourceGroup, cluster.name);
        HttpAnswer withHeaders = answer
                .withHeader("Azure-AsyncOperation", base + "/azureasyncoperations/" + operation.id + "?api-version=" + API_VERSION)
                .withHeader("Location", base + "/operationresults/" + operation.id + "?api-version=" + API_VERSION);
        return pollRetryAfter.isZero() ? withHeaders : withHeaders.withHeader("Retry-After", seconds(pollRetryAfter));
    }

    private HttpAnswer asyncOperation(String id) {
        Operation operation = operations.get(id);
        if (operation == null) {
            return error(404, "NotFound", "No operation '" + id + "'.");
        }
        ObjectNode status = HttpAnswer.JSON.createObjectNode();
        status.put("status", operation.status);
        if (operation.error != null) {
            status.set("error", operation.error.deepCopy());
        }
        HttpAnswer answer = HttpAnswer.json(200, status);
        return operation.status.equals("InProgress") && !pollRetryAfter.isZero()
                ? answer.withHeader("Retry-After", seconds(pollRetryAfter)) : answer;
    }

    /** The Location URL: 202 while in progress, 200 once it succeeded, the error's status and body once it failed. */
    private HttpAnswer operationResult(String id, String path, String rawQuery) {
        Operation operation = operations.get(id);
        if (operation == null) {
            return error(404, "NotFound", "No operation '" + id + "'.");
        }
        return switch (operation.status) {
            case "InProgress" -> {
                HttpAnswer answer = HttpAnswer.empty(202).withHeader("Location", endpoint + path + "?" + rawQuery);
                yield pollRetryAfter.isZero() ? answer : answer.withHeader("Retry-After", seconds(pollRetryAfter));
            }
            case "Succeeded" -> HttpAnswer.empty(200);
            default -> {
                ObjectNode body = HttpAnswer.JSON.createObjectNode();
                body.set("error", operation.error.deepCopy());
                yield HttpAnswer.json(400, body);
            }
        };
    }

    // --- Livy behind each cluster's gateway

    private HttpAnswer serveLivy(Request request, String name, String relativePath) {
        FakeLivy livy;
        synchronized (this) {
            Cluster cluster = clusters.get(name);
            if (cluster == null) {
                return HttpAnswer.text(404, "text/plain; charset=utf-8", "No cluster " + name + ": no gateway answers at its name.");
            }
            if (!"Running".equals(cluster.clusterState)) {
                return HttpAnswer.text(503, "text/plain; charset=utf-8", "The cluster " + name + " is " + cluster.clusterState
                        + ": its gateway does not serve Livy.");
            }
            livy = cluster.livy;
        }
        // outside this lock: Livy has its own, and a local run's hooks take it
        return livy.serve(request, relativePath);
    }

    // --- views and helpers, under the lock

    private ObjectNode view(Cluster cluster) {
        ObjectNode view = HttpAnswer.JSON.createObjectNode();
        view.put("id", cluster.id());
        view.put("name", cluster.name);
        view.put("type", TYPE);
        view.put("location", cluster.location);
        view.put("etag", cluster.etag);
        ObjectNode tags = view.putObject("tags");
        cluster.tags.forEach(tags::put);
        ObjectNode properties = view.putObject("properties");
        properties.put("clusterVersion", cluster.properties.path("clusterVersion").asText("5.1"));
        properties.put("osType", cluster.properties.path("osType").asText("Linux"));
        properties.put("tier", cluster.properties.path("tier").asText("Standard"));
        properties.put("clusterId", cluster.clusterId);
        ObjectNode definition = properties.putObject("clusterDefinition");
        definition.put("blueprint", "https://blueprints.azurehdinsight.net/spark-" + properties.path("clusterVersion").asText() + ".json");
        definition.put("kind", cluster.properties.path("clusterDefinition").path("kind").asText().toUpperCase(Locale.ROOT));
        JsonNode components = cluster.properties.path("clusterDefinition").path("componentVersion");
        if (components.isObject()) {
            definition.set("componentVersion", components.deepCopy());
        }
        ObjectNode compute = properties.putObject("computeProfile");
        ArrayNode roles = compute.putArray("roles");
        for (JsonNode role : cluster.properties.path("computeProfile").path("roles")) {
            roles.add(role.deepCopy());
        }
        properties.put("provisioningState", cluster.provisioningState);
        properties.put("clusterState", cluster.clusterState);
        properties.put("createdDate", cluster.createdDate);
        int cores = 0;
        for (JsonNode role : roles) {
            cores += 8 * role.path("targetInstanceCount").asInt(0);
        }
        properties.putObject("quotaInfo").put("coresUsed", cores);
        if (cluster.error != null) {
            properties.putArray("errors").add(cluster.error.deepCopy());
        }
        ArrayNode endpoints = properties.putArray("connectivityEndpoints");
        endpoints.addObject().put("name", "SSH").put("protocol", "TCP").put("location", cluster.name + "-ssh.azurehdinsight.net").put("port", 22);
        endpoints.addObject().put("name", "HTTPS").put("protocol", "TCP").put("location", cluster.name + ".azurehdinsight.net").put("port", 443);
        JsonNode storage = cluster.properties.path("storageProfile");
        if (storage.isObject()) {
            properties.set("storageProfile", storage.deepCopy());
        }
        properties.put("minSupportedTlsVersion", cluster.properties.path("minSupportedTlsVersion").asText("1.2"));
        return view;
    }

    private static HdInsightCluster snapshot(Cluster cluster) {
        ObjectNode worker = cluster.role("workernode");
        ObjectNode head = cluster.role("headnode");
        return new HdInsightCluster(cluster.id(), cluster.subscriptionId, cluster.resourceGroup, cluster.name, cluster.location,
                cluster.tags, cluster.properties.path("clusterVersion").asText(""), cluster.clusterState, cluster.provisioningState,
                cluster.workerCount(), worker == null ? "" : worker.path("hardwareProfile").path("vmSize").asText(""),
                head == null ? "" : head.path("hardwareProfile").path("vmSize").asText(""),
                Optional.of(cluster.gateway.user()), cluster.stateHistory);
    }

    /**
     * The create request's properties as a GET shows them: no cluster login (the gateway
     * configurations are write-only), no VM passwords or SSH keys, no storage keys.
     */
    private static ObjectNode withoutSecrets(ObjectNode properties) {
        ObjectNode copy = properties.deepCopy();
        ObjectNode definition = (ObjectNode) copy.path("clusterDefinition");
        definition.remove("configurations");
        for (JsonNode role : copy.path("computeProfile").path("roles")) {
            JsonNode linux = role.path("osProfile").path("linuxOperatingSystemProfile");
            if (linux.isObject()) {
                ((ObjectNode) linux).remove(List.of("password", "sshProfile"));
            }
            ((ObjectNode) role).remove("minInstanceCount");
        }
        for (JsonNode account : copy.path("storageProfile").path("storageaccounts")) {
            ((ObjectNode) account).remove(List.of("key", "saskey"));
        }
        return copy;
    }

    private void moveCluster(Cluster cluster, String state) {
        if (cluster.clusterState != null) {
            log.log(cluster.name + ": " + cluster.clusterState + " -> " + state);
        }
        cluster.clusterState = state;
        cluster.stateHistory.add(state);
    }

    private Optional<Cluster> find(String subscription, String group, String name) {
        Cluster cluster = clusters.get(name);
        return cluster != null && cluster.subscriptionId.equalsIgnoreCase(subscription) && cluster.resourceGroup.equalsIgnoreCase(group)
                ? Optional.of(cluster) : Optional.empty();
    }

    private Cluster existing(String name) {
        Cluster cluster = clusters.get(name);
        if (cluster == null) {
            throw new IllegalArgumentException("no cluster " + name + " (the fake has " + clusters.keySet() + ")");
        }
        return cluster;
    }

    private static String clusterPath(String subscription, String group, String name) {
        return "/subscriptions/" + subscription + "/resourceGroups/" + group + "/providers/" + TYPE + "/" + name;
    }

    /** ARM's words for a resource that is not there. */
    private static HttpAnswer notFound(String group, String name) {
        return error(404, "ResourceNotFound", "The Resource '" + TYPE + "/" + name + "' under resource group '" + group
                + "' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
    }

    private static HttpAnswer methodNotAllowed(Request request) {
        return error(405, "MethodNotAllowed", "The requested resource does not support http method '" + request.method() + "'.");
    }

    /** ARM's error body: {@code {"error": {"code": ..., "message": ...}}}. */
    static HttpAnswer error(int status, String code, String message) {
        ObjectNode body = HttpAnswer.JSON.createObjectNode();
        body.set("error", errorNode(code, message));
        return HttpAnswer.json(status, body);
    }

    private static ObjectNode errorNode(String code, String message) {
        ObjectNode error = HttpAnswer.JSON.createObjectNode();
        error.put("code", code);
        error.put("message", message);
        return error;
    }

    /** Retry-After in whole seconds, rounded up: what the header carries. */
    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return Long.toString((millis + 999) / 1000);
    }

    /** Runs {@code action} under the lock after {@code delay}, unless the fake closed meanwhile. */
    private void later(Duration delay, Runnable action) {
        if (closed) {
            return;
        }
        scheduler.schedule(() -> {
            synchronized (this) {
                if (closed) {
                    return;
                }
                try {
                    action.run();
                } catch (RuntimeException e) {
                    // a scheduled task that throws is never run again; this one runs once anyway, but say so
                    log.log("a timed transition failed: " + e);
                }
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Duration checkDelay(Duration delay) {
        requireNonNull(delay, "delay is null");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a duration must not be negative, not " + delay);
        }
        return delay;
    }

    /** Stops the clock and every cluster's Livy (their runs killed). */
    synchronized void close() {
        closed = true;
        for (Iterator<Cluster> iterator = clusters.values().iterator(); iterator.hasNext();) {
            iterator.next().livy.close();
        }
    }
}
