package io.sparkplane.controlplane.problem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The HTTP methods each path of the served contract ({@code META-INF/openapi.yaml}) has, so that a
 * request with another method answers 405 with an {@code Allow} header. The REST layer alone cannot
 * say: some operations are Vert.x routes (the streamed uploads) it does not know.
 */
public final class ContractMethods {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final ContractMethods SERVED = load("META-INF/openapi.yaml");

    private record PathMethods(Pattern path, Set<String> methods) {}

    private final List<PathMethods> paths;

    ContractMethods(List<PathMethods> paths) {
        this.paths = List.copyOf(paths);
    }

    public static ContractMethods served() {
        return SERVED;
    }

    /** The methods the contract has for a concrete path, upper case; empty when it has no such path. */
    public Optional<Set<String>> allowed(String path) {
        return paths.stream().filter(candidate -> candidate.path().matcher(path).matches()).findFirst().map(PathMethods::methods);
    }

    static ContractMethods parse(InputStream yaml) throws IOException {
        JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        List<PathMethods> paths = new ArrayList<>();
        Iterator<String> templates = document.path("paths").fieldNames();
        while (templates.hasNext()) {
            String template = templates.next();
            Set<String> methods = new TreeSet<>();
            document.path("paths").path(template).fieldNames().forEachRemaining(name -> {
                if (METHODS.contains(name)) {
                    methods.add(name.toUpperCase(Locale.ROOT));
                }
            });
            Set<String> multiSegment = new TreeSet<>();
            document.path("paths").path(template).path("parameters").forEach(parameter -> {
                if (parameter.path("x-multiple-segments").asBoolean(false)) {
                    multiSegment.add(parameter.path("name").asText());
                }
            });
            paths.add(new PathMethods(pattern(template, multiSegment), Set.copyOf(methods)));
        }
        // literal segments before parameters: /runs/{id}/cancel is not /runs/{id}
        paths.sort((a, b) -> Integer.compare(literalLength(b.path().pattern()), literalLength(a.path().pattern())));
        return new ContractMethods(paths);
    }

    /**
     * {@code /api/v1/runs/{runId}} as a pattern; a parameter marked {@code x-multiple-segments}
     * ({@code staging/{path}}) may hold slashes.
     */
    public static Pattern pattern(String template, Set<String> multiSegment) {
        StringBuilder regex = new StringBuilder();
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf('{', at);
            if (open < 0) {
                regex.append(Pattern.quote(template.substring(at)));
                break;
            }
            int close = template.indexOf('}', open);
            regex.append(Pattern.quote(template.substring(at, open)));
            regex.append(multiSegment.contains(template.substring(open + 1, close)) ? ".+" : "[^/]+");
            at = close + 1;
        }
        return Pattern.compile(regex.toString());
    }

    private static int literalLength(String regex) {
        return regex.replace("[^/]+", "").replace(".+", "").length();
    }

    private static ContractMethods load(String resource) {
        try (InputStream in = ContractMethods.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return new ContractMethods(List.of());
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
