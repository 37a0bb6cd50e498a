package io.sparkplane.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chart's pod and the control plane's image (control-plane/src/main/docker/Dockerfile.jvm)
 * agree: the chart runs the image's user and reaches the port it listens on. No Docker engine runs
 * here, so the image is read, not built.
 */
class ControlPlaneImageTest {

    private static final Path DOCKERFILE = Path.of("../control-plane/src/main/docker/Dockerfile.jvm");

    private static List<String> instructions(String keyword) throws IOException {
        return Files.readAllLines(DOCKERFILE).stream()
                .filter(line -> line.startsWith(keyword + " "))
                .map(line -> line.substring(keyword.length() + 1).trim())
                .toList();
    }

    @Test
    void theChartRunsTheImagesUserOnTheImagesPort() throws IOException {
        Manifests defaults = SparkplaneChart.manifests(SparkplaneChart.renderDefaults());
        PodSpec pod = defaults.deployment().getSpec().getTemplate().getSpec();
        Container container = defaults.controlPlaneContainer();

        assertThat(instructions("USER")).containsExactly(Long.toString(pod.getSecurityContext().getRunAsUser()));
        assertThat(instructions("EXPOSE")).containsExactly("8080");
        assertThat(container.getPorts()).anySatisfy(port -> assertThat(port.getContainerPort()).isEqualTo(8080));
        assertThat(instructions("ENTRYPOINT")).singleElement().asString().contains("quarkus-run.jar");
    }

    @Test
    void theImageCopiesEveryPartOfTheQuarkusFastJar() throws IOException {
        assertThat(instructions("COPY")).anySatisfy(copy -> assertThat(copy).contains("target/quarkus-app/lib/"))
                .anySatisfy(copy -> assertThat(copy).contains("target/quarkus-app/*.jar"))
                .anySatisfy(copy -> assertThat(copy).contains("target/quarkus-app/app/"))
                .anySatisfy(copy -> assertThat(copy).contains("target/quarkus-app/quarkus/"))
                // beside app/, where the control plane looks for its plug-ins
                .anySatisfy(copy -> assertThat(copy).contains("target/quarkus-app/plugins/ /opt/sparkplane/control-plane/plugins/"))
                .allSatisfy(copy -> assertThat(copy).startsWith("--chown=185:185 "));
    }
}
