package io.sparkplane.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How the chart lets Prometheus and Grafana at the control plane's metrics (docs/metrics.md): the
 * scrape annotations on the pods (on by default), the Prometheus Operator's ServiceMonitor and the
 * Grafana dashboard's ConfigMap (off by default, on in ci/all-on-values.yaml), read strictly into
 * Fabric8's models like every other manifest. That the dashboard's queries name metrics the control
 * plane exposes is checked in control-plane's tests (metrics.DashboardTest, MetricsEndpointTest).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChartMetricsTest {

    private static final Path DASHBOARD = SparkplaneChart.DIRECTORY.resolve("dashboards/sparkplane.json");

    private Manifests defaults;
    private Manifests allOn;

    @TempDir
    Path directory;

    @BeforeAll
    void render() {
        defaults = SparkplaneChart.manifests(SparkplaneChart.renderDefaults());
        allOn = SparkplaneChart.manifests(SparkplaneChart.renderAllOn());
    }

    private static Map<String, String> podAnnotations(Manifests manifests) {
        return manifests.deployment().getSpec().getTemplate().getMetadata().getAnnotations();
    }

    @Test
    void podsTellAnnotationDiscoveryWhereToScrapeByDefault() {
        Map<String, String> annotations = podAnnotations(defaults);
        int httpPort = defaults.controlPlaneContainer().getPorts().stream().filter(port -> port.getName().equals("http"))
                .map(ContainerPort::getContainerPort).findFirst().orElseThrow();

        assertThat(annotations).containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/path", "/q/metrics")
                .containsEntry("prometheus.io/port", Integer.toString(httpPort));
    }

    @Test
    void theOperatorsOwnPodAnnotationsWin() {
        // all-on sets prometheus.io/scrape: "false" in podAnnotations
        assertThat(podAnnotations(allOn)).containsEntry("prometheus.io/scrape", "false").containsEntry("prometheus.io/path", "/q/metrics");
    }

    @Test
    void theScrapeAnnotationsCanBeLeftOut() {
        Manifests without = SparkplaneChart.manifests(SparkplaneChart.render(List.of(), Map.of("metrics.podAnnotations", false)));

        assertThat(podAnnotations(without).keySet()).noneMatch(key -> key.startsWith("prometheus.io/")).contains("checksum/config");
    }

    @Test
    void noServiceMonitorNorDashboardByDefault() {
        assertThat(defaults.all(ServiceMonitor.class)).isEmpty();
        assertThat(defaults.all(ConfigMap.class)).noneMatch(map -> map.getMetadata().getLabels().containsKey("grafana_dashboard"));
    }

    @Test
    void theServiceMonitorScrapesTheServicesHttpPortAtQMetrics() {
        ServiceMonitor monitor = allOn.only(ServiceMonitor.class);
        Service service = allOn.only(Service.class);

        assertThat(monitor.getMetadata().getNamespace()).isEqualTo(SparkplaneChart.NAMESPACE);
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        assertThat(monitor.getSpec().getSelector().getMatchLabels()).isNotEmpty();
        assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
        assertThat(monitor.getSpec().getNamespaceSelector().getMatchNames()).containsExactly(service.getMetadata().getNamespace());
        assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(endpoint -> {
            assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName).contains(endpoint.getPort());
            assertThat(endpoint.getPath()).isEqualTo("/q/metrics");
            assertThat(endpoint.getInterval()).isEqualTo("15s");
            assertThat(endpoint.getScrapeTimeout()).isEqualTo("5s");
            // nothing to authenticate with: /q/metrics takes no token
            assertThat(endpoint).extracting(Endpoint::getBearerTokenSecret, Endpoint::getAuthorization).containsOnlyNulls();
        });
    }

    @Test
    void theDashboardsConfigMapCarriesTheSidecarsLabelAndTheJsonAsItIs() throws IOException {
        ConfigMap dashboard = allOn.all(ConfigMap.class).stream()
                .filter(map -> "1".equals(map.getMetadata().getLabels().get("grafana_dashboard"))).findFirst().orElseThrow();
        String json = dashboard.getData().get("sparkplane.json");

        assertThat(dashboard.getMetadata().getLabels()).containsEntry("team", "data-platform");
        assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Sparkplane");
        assertThat(json).isEqualTo(Files.readString(DASHBOARD).stripTrailing());
        JsonNode parsed = new ObjectMapper().readTree(json);
        assertThat(parsed.path("uid").asText()).isEqualTo("sparkplane-control-plane");
        // Grafana's legend templates pass through Helm untouched
        assertThat(json).contains("{{state}}", "${DS_PROMETHEUS}");
    }

    @Test
    void aSidecarLabelGivenAsAValueReplacesTheDefaultOne() {
        Manifests own = SparkplaneChart.manifests(SparkplaneChart.render(List.of(),
                Map.of("metrics.dashboard.enabled", true, "metrics.dashboard.labels.grafana_dashboard", "sparkplane")));

        assertThat(own.all(ConfigMap.class)).filteredOn(map -> map.getMetadata().getLabels().containsKey("grafana_dashboard"))
                .singleElement().satisfies(map -> assertThat(map.getMetadata().getLabels()).containsEntry("grafana_dashboard", "sparkplane"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            metrics: {serviceMonitor: {enabled: true, interval: soon}}     | interval
            metrics: {serviceMonitor: {scrapeTimeout: 10}}                 | scrapeTimeout
            metrics: {dashboard: {enable: true}}                           | enable
            metrics: {podAnnotations: 'yes'}                               | podAnnotations
            metrics: {dashboard: {labels: {grafana_dashboard: 1}}}         | grafana_dashboard
            """)
    void refusesBadMetricsValuesNamingTheField(String values, String field) throws IOException {
        Path file = Files.writeString(directory.resolve("bad-values.yaml"), values + "\n");

        assertThatThrownBy(() -> SparkplaneChart.render(List.of(file), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(field);
    }
}
