package io.sparkplane.controlplane.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Keeps the {@code uri} label of the HTTP server's meters to a bounded set of values. Quarkus
 * labels a request a REST resource or a templated route answered with its path template
 * ({@code /api/v1/runs/{runId}}), but a request answered before any resource matched it (a missing
 * token refused by {@code ApiAuthentication}, an {@code OPTIONS}, the streamed uploads' regex
 * route) with its raw path: run ids, artifact hashes, anything a stranger sends. Each such value
 * would be a series of its own. Here a raw path becomes the contract's template it matches
 * (api-spec's {@code openapi.yaml}, served at {@code META-INF/openapi.yaml}), one of the fixed
 * open paths, or {@value #UNMATCHED}. Pure apart from reading the contract.
 */
final class HttpUriLabels {

    /** The label of a path that is neither a template, a contract path, nor one of the console's or Quarkus's own. */
    static final String UNMATCHED = "UNMATCHED";

    /** Paths without parameters that take no token (auth.OpenPaths), as they are. */
    private static final Set<String> FIXED = Set.of("/", "/index.html", "/favicon.svg", "/q/health", "/q/health/live", "/q/health/ready",
            "/q/health/started", "/q/openapi", "/q/metrics");

    private record Template(String template, Pattern pattern, int literalLength) {}

    private final List<Template> templates;

    private HttpUriLabels(List<Template> templates) {
        this.templates = List.copyOf(templates);
    }

    /** The served contract's paths. */
    static HttpUriLabels served() {
        try (InputStream in = HttpUriLabels.class.getClassLoader().getResourceAsStream("META-INF/openapi.yaml")) {
            return in == null ? new HttpUriLabels(List.of()) : of(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the served contract", e);
        }
    }

    /** The paths of an OpenAPI document; a parameter marked {@code x-multiple-segments} may hold slashes. */
    static HttpUriLabels of(InputStream yaml) throws IOException {
        JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(yaml).path("paths");
        List<Template> templates = new ArrayList<>();
        Iterator<String> names = paths.fieldNames();
        while (names.hasNext()) {
            String template = names.next();
            Set<String> multiSegment = new TreeSet<>();
            paths.path(template).path("parameters").forEach(parameter -> {
                if (parameter.path("x-multiple-segments").asBoolean(false)) {
                    multiSegment.add(parameter.path("name").asText());
                }
            });
            templates.add(new Template(template, io.sparkplane.controlplane.problem.ContractMethods.pattern(template, multiSegment), template.replaceAll("\\{[^}]*}", "").length()));
        }
        // literal segments before parameters: /runs/{runId}/cancel is not /runs/{runId}
        templates.sort(Comparator.comparingInt(Template::literalLength).reversed());
        return new HttpUriLabels(templates);
    }

    /** The label for the {@code uri} value Quarkus gave a request. */
    String bounded(String uri) {
        if (uri == null || !uri.startsWith("/") || uri.contains("{")) {
            // Quarkus's own words (NOT_FOUND, REDIRECTION) and templates are bounded already
            return uri;
        }
        for (Template template : templates) {
            if (template.pattern().matcher(uri).matches()) {
                return template.template();
            }
        }
        if (FIXED.contains(uri)) {
            return uri;
        }
        if (uri.startsWith("/assets/")) {
            return "/assets/{file}";
        }
        if (uri.startsWith("/cli/")) {
            return "/cli/{file}";
        }
        return UNMATCHED;
    }
}
