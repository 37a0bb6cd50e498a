package io.sparkplane.api.contract;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks requests and responses against the packaged OpenAPI contract ({@value #RESOURCE}).
 *
 * <p>For a response it finds the operation (concrete paths such as {@code /api/v1/runs/3f2c...} match
 * templates such as {@code /api/v1/runs/{runId}}), checks that the status and the content type are
 * documented for it, that documented required headers are present and well formed (when headers are
 * given), and validates a JSON body against the documented schema with a JSON Schema 2020-12
 * validator, format assertions ({@code uuid}, {@code date-time}, ...) included.
 *
 * <p>The {@code validate*} methods return the violations (empty when all is well); the {@code assert*}
 * methods throw an {@link AssertionError} listing every violation and the body. Instances are immutable
 * and thread-safe; {@link #load()} returns one shared instance.
 */
public final class OpenApiContract {

    /** Where the contract lives on the classpath. */
    public static final String RESOURCE = "io/sparkplane/api/openapi.yaml";

    private static final String SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";
    private static final String COMPONENT_SCHEMA_PREFIX = "#/components/schemas/";
    private static final String DEFINITIONS_PREFIX = "#/$defs/";
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{([^}/]+)}");
    private static final int BODY_EXCERPT_LIMIT = 20_000;
    private static final int MAX_REFERENCE_HOPS = 32;

    private static volatile OpenApiContract classpathContract;

    private final JsonNode document;
    private final ObjectNode definitions;
    private final List<PathTemplate> pathTemplates;
    private final ObjectMapper jsonMapper = new ObjectMapper();
    private final JsonSchemaFactory schemaFactory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig validatorsConfig = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_PATH)
            .build();
    private final Map<JsonNode, JsonSchema> compiledSchemas = new ConcurrentHashMap<>();

    private OpenApiContract(JsonNode document) {
        this.document = requireNonNull(document, "document is null");
        if (!document.path("openapi").asText().startsWith("3.1")) {
            throw new IllegalArgumentException("not an OpenAPI 3.1 document: openapi=" + document.path("openapi"));
        }
        JsonNode schemas = document.path("components").path("schemas");
        this.definitions = schemas.isObject() ? (ObjectNode) rewriteSchemaReferences(schemas) : jsonMapper.createObjectNode();
        this.pathTemplates = readPathTemplates(document.path("paths"));
    }

    /** The contract packaged with this module, loaded once from the classpath. */
    public static OpenApiContract load() {
        OpenApiContract contract = classpathContract;
        if (contract == null) {
            synchronized (OpenApiContract.class) {
                contract = classpathContract;
                if (contract == null) {
                    contract = fromClasspath(OpenApiContract.class.getClassLoader());
                    classpathContract = contract;
                }
            }
        }
        return contract;
    }

    /** Loads {@value #RESOURCE} through the given class loader. */
    public static OpenApiContract fromClasspath(ClassLoader classLoader) {
        requireNonNull(classLoader, "classLoader is null");
        try (InputStream in = classLoader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource not found: " + RESOURCE);
            }
            return fromYaml(in);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** Parses an OpenAPI 3.1 document written in YAML (or JSON, which is YAML too). */
    public static OpenApiContract fromYaml(InputStream yaml) {
        requireNonNull(yaml, "yaml is null");
        try {
            return new OpenApiContract(new ObjectMapper(new YAMLFactory()).readTree(yaml));
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot parse the OpenAPI document", e);
        }
    }

    /** A copy of the parsed document. */
    public JsonNode document() {
        return document.deepCopy();
    }

    /**
     * Finds the operation serving a request. {@code path} may be a template ({@code /api/v1/runs/{runId}}),
     * a concrete path ({@code /api/v1/runs/3f2c...}), with or without a query string, or a full URL.
     */
    public Optional<ApiOperation> findOperation(String method, String path) {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        String methodKey = method.toLowerCase(Locale.ROOT);
        String requestPath = pathOf(path);
        for (PathTemplate template : pathTemplates) {
            JsonNode operation = template.pathItem().get(methodKey);
            if (operation == null || !HTTP_METHODS.contains(methodKey)) {
                continue;
            }
            Optional<Map<String, String>> parameters = template.match(requestPath);
            if (parameters.isPresent()) {
                String operationId = operation.path("operationId").asText(methodKey + " " + template.template());
                return Optional.of(new ApiOperation(method.toUpperCase(Locale.ROOT), template.template(), operationId, parameters.get()));
            }
        }
        return Optional.empty();
    }

    /** Violations of a response without checking its headers; empty when it honours the contract. */
    public List<String> validateResponse(String method, String path, int status, String contentType, String body) {
        return validateResponse(method, path, status, contentType, null, body);
    }

    /**
     * Violations of a response; empty when it honours the contract.
     *
     * @param headers the response headers (names in any case), or {@code null} to skip header checks
     * @param body the response body, {@code null} or empty when there is none
     */
    public List<String> validateResponse(String method, String path, int status, String contentType, Map<String, String> headers, String body) {
        List<String> violations = new ArrayList<>();
        Optional<ApiOperation> found = findOperation(method, path);
        if (found.isEmpty()) {
            violations.add(describeMissingOperation(method, path));
            return violations;
        }
        ApiOperation operation = found.get();
        JsonNode responses = operationNode(operation).path("responses");
        JsonNode response = responseFor(responses, status);
        if (response == null) {
            violations.add("status " + status + " is not documented for " + operation + "; documented: " + fieldNames(responses));
            return violations;
        }
        response = resolve(response);
        if (headers != null) {
            checkHeaders(resolve(response.path("headers")), headers, violations);
        }
        checkContent(response.get("content"), "status " + status, contentType, body, violations);
        return violations;
    }

    /** Throws an {@link AssertionError} listing every violation, unless the response honours the contract. */
    public void assertResponse(String method, String path, int status, String contentType, String body) {
        assertResponse(method, path, status, contentType, null, body);
    }

    /** Throws an {@link AssertionError} listing every violation, unless the response honours the contract. */
    public void assertResponse(String method, String path, int status, String contentType, Map<String, String> headers, String body) {
        List<String> violations = validateResponse(method, path, status, contentType, headers, body);
        if (!violations.isEmpty()) {
            throw new AssertionError(report("Response of " + describe(method, path) + " -> " + status + " " + contentType, violations, body));
        }
    }

    /** Violations of a JSON request body; empty when it honours the contract. */
    public List<String> validateRequestBody(String method, String path, String json) {
        return validateRequestBody(method, path, "application/json", json);
    }

    /** Violations of a request body of the given content type; empty when it honours the contract. */
    public List<String> validateRequestBody(String method, String path, String contentType, String body) {
        List<String> violations = new ArrayList<>();
        Optional<ApiOperation> found = findOperation(method, path);
        if (found.isEmpty()) {
            violations.add(describeMissingOperation(method, path));
            return violations;
        }
        JsonNode requestBody = operationNode(found.get()).get("requestBody");
        if (requestBody == null) {
            if (body != null && !body.isEmpty()) {
                violations.add(found.get() + " takes no request body");
            }
            return violations;
        }
        requestBody = resolve(requestBody);
        if ((body == null || body.isEmpty()) && !requestBody.path("required").asBoolean(false)) {
            return violations;
        }
        checkContent(requestBody.get("content"), "the request body", contentType, body, violations);
        return violations;
    }

    /** Throws an {@link AssertionError} listing every violation, unless the JSON request body honours the contract. */
    public void assertRequestBody(String method, String path, String json) {
        List<String> violations = validateRequestBody(method, path, json);
        if (!violations.isEmpty()) {
            throw new AssertionError(report("Request body of " + describe(method, path), violations, json));
        }
    }

    /** Violations of a JSON document against one of {@code components.schemas}, for example {@code Run}. */
    public List<String> validateSchema(String schemaName, String json) {
        requireNonNull(schemaName, "schemaName is null");
        if (!definitions.has(schemaName)) {
            throw new IllegalArgumentException("no schema " + schemaName + " in components.schemas; known: " + fieldNames(definitions));
        }
        List<String> violations = new ArrayList<>();
        JsonNode reference = jsonMapper.createObjectNode().put("$ref", DEFINITIONS_PREFIX + schemaName);
        validateJson(reference, json, "", violations);
        return violations;
    }

    /** Throws an {@link AssertionError} listing every violation, unless the JSON document matches the named schema. */
    public void assertSchema(String schemaName, String json) {
        List<String> violations = validateSchema(schemaName, json);
        if (!violations.isEmpty()) {
            throw new AssertionError(report("Document for schema " + schemaName, violations, json));
        }
    }

    /** The names of {@code components.schemas}. */
    public List<String> schemaNames() {
        return fieldNames(definitions);
    }

    /** Compiles every schema of {@code components.schemas}; throws if one is broken (a dangling {@code $ref}, a bad pattern). */
    public void compileAllSchemas() {
        for (String name : schemaNames()) {
            compile(jsonMapper.createObjectNode().put("$ref", DEFINITIONS_PREFIX + name));
        }
    }

    private void checkContent(JsonNode content, String what, String contentType, String body, List<String> violations) {
        boolean bodyEmpty = body == null || body.isEmpty();
        if (content == null || content.isEmpty()) {
            if (!bodyEmpty) {
                violations.add(what + " documents no body, but there is one");
            }
            return;
        }
        if (contentType == null || contentType.isBlank()) {
            violations.add(what + ": no content type; documented: " + fieldNames(content));
            return;
        }
        String mediaType = mediaTypeOf(contentType);
        JsonNode media = mediaTypeEntry(content, mediaType);
        if (media == null) {
            violations.add(what + ": content type " + contentType + " is not documented; documented: " + fieldNames(content));
            return;
        }
        if (!isJson(mediaType)) {
            return;
        }
        if (bodyEmpty) {
            violations.add(what + ": the body is empty, expected " + mediaType);
            return;
        }
        JsonNode schema = media.get("schema");
        if (schema != null) {
            validateJson(rewriteSchemaReferences(schema), body, "", violations);
        }
    }

    private void validateJson(JsonNode schema, String json, String prefix, List<String> violations) {
        JsonNode instance;
        try {
            instance = jsonMapper.readTree(json == null ? "" : json);
        }
        catch (JsonProcessingException e) {
            violations.add(prefix + "the body is not valid JSON: " + e.getOriginalMessage());
            return;
        }
        if (instance == null || instance.isMissingNode()) {
            violations.add(prefix + "the body is empty, expected JSON");
            return;
        }
        validateNode(schema, instance, prefix, violations);
    }

    private void validateNode(JsonNode schema, JsonNode instance, String prefix, List<String> violations) {
        Set<ValidationMessage> messages = compile(schema).validate(instance);
        messages.stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .forEach(message -> violations.add(prefix + message));
    }

    private JsonSchema compile(JsonNode schema) {
        return compiledSchemas.computeIfAbsent(schema, key -> {
            ObjectNode root = jsonMapper.createObjectNode();
            root.put("$schema", SCHEMA_DIALECT);
            root.set("$defs", definitions);
            JsonNode reference = key.get("$ref");
            if (key.size() == 1 && reference != null && reference.isTextual()) {
                root.set("$ref", reference);
            }
            else {
                root.putArray("allOf").add(key);
            }
            JsonSchema compiled = schemaFactory.getSchema(root, validatorsConfig);
            compiled.initializeValidators();
            return compiled;
        });
    }

    private void checkHeaders(JsonNode documented, Map<String, String> actual, List<String> violations) {
        if (documented == null || !documented.isObject()) {
            return;
        }
        Map<String, String> byLowerCaseName = new LinkedHashMap<>();
        actual.forEach((name, value) -> byLowerCaseName.put(name.toLowerCase(Locale.ROOT), value));
        Iterator<Map.Entry<String, JsonNode>> headers = documented.fields();
        while (headers.hasNext()) {
            Map.Entry<String, JsonNode> entry = headers.next();
            String name = entry.getKey();
            if (name.equalsIgnoreCase("content-type")) {
                continue;
            }
            JsonNode header = resolve(entry.getValue());
            String value = byLowerCaseName.get(name.toLowerCase(Locale.ROOT));
            if (value == null) {
                if (header.path("required").asBoolean(false)) {
                    violations.add("header " + name + " is required but missing");
                }
                continue;
            }
            JsonNode schema = header.get("schema");
            if (schema != null) {
                JsonNode rewritten = rewriteSchemaReferences(schema);
                validateNode(rewritten, headerValue(rewritten, value), "header " + name + ": ", violations);
            }
        }
    }

    /** Header values are text on the wire; read them as the schema's type so the schema can check them. */
    private JsonNode headerValue(JsonNode schema, String value) {
        String type = primaryType(resolveSchema(schema));
        try {
            switch (type) {
                case "integer":
                    return LongNode.valueOf(Long.parseLong(value.trim()));
                case "number":
                    return DecimalNode.valueOf(new BigDecimal(value.trim()));
                case "boolean":
                    if (value.trim().equals("true") || value.trim().equals("false")) {
                        return BooleanNode.valueOf(Boolean.parseBoolean(value.trim()));
                    }
                    return TextNode.valueOf(value);
                default:
                    return TextNode.valueOf(value);
            }
        }
        catch (NumberFormatException e) {
            return TextNode.valueOf(value);
        }
    }

    private JsonNode resolveSchema(JsonNode schema) {
        JsonNode current = schema;
        for (int hops = 0; hops < MAX_REFERENCE_HOPS && current.has("$ref"); hops++) {
            String reference = current.get("$ref").asText();
            if (!reference.startsWith(DEFINITIONS_PREFIX)) {
                break;
            }
            current = definitions.path(reference.substring(DEFINITIONS_PREFIX.length()));
        }
        return current;
    }

    private static String primaryType(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return "";
        }
        if (type.isTextual()) {
            return type.asText();
        }
        for (JsonNode item : type) {
            if (!item.asText().equals("null")) {
                return item.asText();
            }
        }
        return "";
    }

    private JsonNode operationNode(ApiOperation operation) {
        return document.path("paths").path(operation.pathTemplate()).path(operation.method().toLowerCase(Locale.ROOT));
    }

    private static JsonNode responseFor(JsonNode responses, int status) {
        JsonNode exact = responses.get(String.valueOf(status));
        if (exact != null) {
            return exact;
        }
        JsonNode range = responses.get((status / 100) + "XX");
        if (range != null) {
            return range;
        }
        return responses.get("default");
    }

    /** Follows OpenAPI {@code $ref}s (responses, headers, parameters, request bodies) within the document. */
    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current != null && current.has("$ref") && current.get("$ref").isTextual(); hops++) {
            if (hops >= MAX_REFERENCE_HOPS) {
                throw new IllegalStateException("$ref chain too long at " + node);
            }
            String reference = current.get("$ref").asText();
            if (!reference.startsWith("#/")) {
                throw new IllegalStateException("only local $refs are supported: " + reference);
            }
            JsonNode target = document.at(reference.substring(1));
            if (target.isMissingNode()) {
                throw new IllegalStateException("dangling $ref: " + reference);
            }
            current = target;
        }
        return current;
    }

    private String describeMissingOperation(String method, String path) {
        String requestPath = pathOf(path);
        List<String> methods = new ArrayList<>();
        for (PathTemplate template : pathTemplates) {
            if (template.match(requestPath).isPresent()) {
                template.pathItem().fieldNames().forEachRemaining(name -> {
                    if (HTTP_METHODS.contains(name)) {
                        methods.add(name.toUpperCase(Locale.ROOT) + " " + template.template());
                    }
                });
            }
        }
        if (methods.isEmpty()) {
            return "no path in the contract matches " + requestPath;
        }
        return method.toUpperCase(Locale.ROOT) + " is not documented for " + requestPath + "; documented: " + methods;
    }

    private String describe(String method, String path) {
        return findOperation(method, path)
                .map(ApiOperation::toString)
                .orElse(method.toUpperCase(Locale.ROOT) + " " + path);
    }

    private static String report(String subject, List<String> violations, String body) {
        StringBuilder message = new StringBuilder(subject).append(" breaks the contract (").append(RESOURCE).append("):");
        for (String violation : violations) {
            message.append("\n  - ").append(violation);
        }
        message.append("\nBody:\n");
        if (body == null) {
            message.append("<none>");
        }
        else if (body.length() > BODY_EXCERPT_LIMIT) {
            message.append(body, 0, BODY_EXCERPT_LIMIT).append("\n... (").append(body.length() - BODY_EXCERPT_LIMIT).append(" more characters)");
        }
        else {
            message.append(body);
        }
        return message.toString();
    }

    private static JsonNode mediaTypeEntry(JsonNode content, String mediaType) {
        JsonNode wildcard = null;
        Iterator<Map.Entry<String, JsonNode>> entries = content.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String documented = mediaTypeOf(entry.getKey());
            if (documented.equals(mediaType)) {
                return entry.getValue();
            }
            if (documented.equals("*/*") || (documented.endsWith("/*") && mediaType.startsWith(documented.substring(0, documented.length() - 1)))) {
                wildcard = entry.getValue();
            }
        }
        return wildcard;
    }

    private static String mediaTypeOf(String contentType) {
        int semicolon = contentType.indexOf(';');
        String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return mediaType.trim().toLowerCase(Locale.ROOT);
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static String pathOf(String pathOrUrl) {
        String path = pathOrUrl;
        if (path.contains("://")) {
            path = URI.create(path).getRawPath();
        }
        int cut = indexOfAny(path, '?', '#');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        return path.isEmpty() ? "/" : path;
    }

    private static int indexOfAny(String text, char first, char second) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == first || c == second) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node != null) {
            node.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    /** A deep copy in which {@code #/components/schemas/X} references read {@code #/$defs/X}. */
    private static JsonNode rewriteSchemaReferences(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        rewriteInPlace(copy);
        return copy;
    }

    private static void rewriteInPlace(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode reference = object.get("$ref");
            if (reference != null && reference.isTextual() && reference.asText().startsWith(COMPONENT_SCHEMA_PREFIX)) {
                object.put("$ref", DEFINITIONS_PREFIX + reference.asText().substring(COMPONENT_SCHEMA_PREFIX.length()));
            }
            object.elements().forEachRemaining(OpenApiContract::rewriteInPlace);
        }
        else if (node instanceof ArrayNode array) {
            array.elements().forEachRemaining(OpenApiContract::rewriteInPlace);
        }
    }

    private static List<PathTemplate> readPathTemplates(JsonNode paths) {
        List<PathTemplate> templates = new ArrayList<>();
        paths.fields().forEachRemaining(entry -> templates.add(PathTemplate.of(entry.getKey(), entry.getValue())));
        // Concrete paths win over templated ones: fewer parameters first, then longer literal text.
        templates.sort(Comparator.comparingInt((PathTemplate template) -> template.parameterNames().size())
                .thenComparing(Comparator.comparingInt(PathTemplate::literalLength).reversed())
                .thenComparing(PathTemplate::template));
        return List.copyOf(templates);
    }

    private record PathTemplate(String template, Pattern pattern, List<String> parameterNames, int literalLength, JsonNode pathItem) {

        private static boolean multipleSegments(JsonNode pathItem, String name) {
            JsonNode parameters = pathItem == null ? null : pathItem.get("parameters");
            if (parameters != null) {
                for (JsonNode parameter : parameters) {
                    if (name.equals(parameter.path("name").asText()) && parameter.path("x-multiple-segments").asBoolean(false)) {
                        return true;
                    }
                }
            }
            return false;
        }

        static PathTemplate of(String template, JsonNode pathItem) {
            StringBuilder regex = new StringBuilder("^");
            List<String> names = new ArrayList<>();
            Matcher matcher = TEMPLATE_PARAMETER.matcher(template);
            int literalLength = 0;
            int last = 0;
            while (matcher.find()) {
                regex.append(Pattern.quote(template.substring(last, matcher.start())));
                literalLength += matcher.start() - last;
                // a parameter marked x-multiple-segments (a file path under a prefix) spans slashes
                regex.append(multipleSegments(pathItem, matcher.group(1)) ? "(.+)" : "([^/]+)");
                names.add(matcher.group(1));
                last = matcher.end();
            }
            regex.append(Pattern.quote(template.substring(last))).append('$');
            literalLength += template.length() - last;
            return new PathTemplate(template, Pattern.compile(regex.toString()), List.copyOf(names), literalLength, pathItem);
        }

        /** The parameter values when {@code path} matches; a template matches itself. */
        Optional<Map<String, String>> match(String path) {
            if (path.equals(template)) {
                Map<String, String> same = new LinkedHashMap<>();
                parameterNames.forEach(name -> same.put(name, "{" + name + "}"));
                return Optional.of(same);
            }
            Matcher matcher = pattern.matcher(path);
            if (!matcher.matches()) {
                return Optional.empty();
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < parameterNames.size(); i++) {
                values.put(parameterNames.get(i), matcher.group(i + 1));
            }
            return Optional.of(values);
        }
    }
}
