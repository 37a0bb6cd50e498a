package io.sparkplane.controlplane.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart's Grafana dashboard against the metrics the control plane documents, without a
 * running control plane: it parses, takes its data source from a variable, and every family its
 * queries name is one of {@link MetricNames#PROMETHEUS} or one of Quarkus's that docs/metrics.md
 * lists. MetricsEndpointTest checks the same names against a live scrape.
 */
class DashboardTest {

    private static final Path DOCS = Path.of("../docs/metrics.md");

    @Test
    void parsesAndEveryQueryUsesTheDataSourceVariable() throws IOException {
        JsonNode dashboard = Dashboard.read();

        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("templating").path("list")).anySatisfy(variable -> {
            assertThat(variable.path("name").asText()).isEqualTo("DS_PROMETHEUS");
            assertThat(variable.path("type").asText()).isEqualTo("datasource");
            assertThat(variable.path("query").asText()).isEqualTo("prometheus");
        });
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        assertThat(panels).filteredOn(panel -> !panel.path("type").asText().equals("row")).isNotEmpty().allSatisfy(panel -> {
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo("${DS_PROMETHEUS}");
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty().allSatisfy(target ->
                    assertThat(target.path("expr").asText()).isNotBlank());
        });
        assertThat(panels).extracting(panel -> panel.path("id").asInt()).doesNotHaveDuplicates();
    }

    @Test
    void everyMetricItQueriesIsOneTheControlPlaneDocuments() throws IOException {
        Set<String> queried = Dashboard.families(Dashboard.expressions(Dashboard.read()));
        String documented = Files.readString(DOCS);

        assertThat(queried).as("the dashboard shows every family of the control plane's own")
                .containsAll(MetricNames.PROMETHEUS.keySet());
        for (String family : queried) {
            if (family.startsWith("sparkplane_")) {
                assertThat(MetricNames.PROMETHEUS).as("MetricNames.PROMETHEUS").containsKey(family);
            }
            assertThat(documented).as("docs/metrics.md names %s", family).contains("`" + family);
        }
    }

    @Test
    void theDocsListEveryFamilyWithItsLabels() throws IOException {
        String documented = Files.readString(DOCS);

        MetricNames.PROMETHEUS.forEach((family, labels) -> {
            assertThat(documented).contains("`" + family + "`");
            String row = documented.lines().filter(line -> line.startsWith("| `" + family + "`")).findFirst().orElseThrow(
                    () -> new AssertionError("docs/metrics.md has no table row for " + family));
            labels.forEach(label -> assertThat(row).as(family).contains("`" + label + "`"));
        });
    }
}
