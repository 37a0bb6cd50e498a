package io.sparkplane.controlplane.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Helm chart's Grafana dashboard as the tests read it: its queries and the metric families they name. */
final class Dashboard {

    /** Surefire runs in the module's directory. */
    static final Path FILE = Path.of("../helm/sparkplane/dashboards/sparkplane.json");

    /** A metric name in PromQL: the families the control plane and Quarkus write, by their prefixes. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:sparkplane|http_server|jvm|process|system)_[a-zA-Z0-9_]+)");
    private static final Pattern SERIES_SUFFIX = Pattern.compile("_(bucket|count|sum|max)$");

    private Dashboard() {}

    static JsonNode read() throws IOException {
        return new ObjectMapper().readTree(FILE.toFile());
    }

    /** Every {@code expr} of a panel's queries, and every query of a templating variable. */
    static List<String> expressions(JsonNode dashboard) {
        List<String> expressions = new ArrayList<>();
        collect(dashboard, expressions);
        return expressions;
    }

    private static void collect(JsonNode node, List<String> expressions) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if ((field.getKey().equals("expr") || field.getKey().equals("definition")) && field.getValue().isTextual()) {
                    expressions.add(field.getValue().asText());
                } else {
                    collect(field.getValue(), expressions);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, expressions));
        }
    }

    /**
     * The families the expressions name, as a scrape types them: a histogram's {@code _bucket},
     * {@code _count} and {@code _sum} series belong to its family, {@code _max} is a gauge of its own
     * (Micrometer's) but is named here by its family too.
     */
    static Set<String> families(List<String> expressions) {
        Set<String> families = new TreeSet<>();
        for (String expression : expressions) {
            Matcher matcher = METRIC.matcher(expression);
            while (matcher.find()) {
                String name = matcher.group(1);
                families.add(name.startsWith("sparkplane_") || name.startsWith("http_server_requests_seconds")
                        ? SERIES_SUFFIX.matcher(name).replaceFirst("") : name);
            }
        }
        return families;
    }
}
