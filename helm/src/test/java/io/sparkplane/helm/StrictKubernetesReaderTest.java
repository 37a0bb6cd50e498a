package io.sparkplane.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chart's checks are only as strict as this reader: each case is a mistake the reader must
 * refuse, beside a correct manifest it must accept.
 */
class StrictKubernetesReaderTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: example
            spec:
              %s
              selector:
                matchLabels:
                  app: example
              template:
                metadata:
                  labels:
                    app: example
                spec:
                  containers:
                    - name: main
                      image: example:1
                      %s
            """;

    private final StrictKubernetesReader reader = new StrictKubernetesReader();

    @Test
    void readsACorrectManifestIntoItsModelClass() {
        List<HasMetadata> objects = reader.readAll(DEPLOYMENT.formatted("replicas: 2", "ports: [{containerPort: 8080}]"));

        assertThat(objects).singleElement().isInstanceOf(Deployment.class);
        Deployment deployment = (Deployment) objects.get(0);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0).getContainerPort())
                .isEqualTo(8080);
    }

    @Test
    void refusesAMisspeltField() {
        assertThatThrownBy(() -> reader.readAll(DEPLOYMENT.formatted("replica: 2", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"replica\"");
    }

    @Test
    void refusesAFieldOneLevelTooHigh() {
        // containerPort belongs in an item of ports, not in the container
        assertThatThrownBy(() -> reader.readAll(DEPLOYMENT.formatted("replicas: 2", "containerPort: 8080")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"containerPort\"");
    }

    @Test
    void refusesAStringWhereTheApiWantsAnInteger() {
        assertThatThrownBy(() -> reader.readAll(DEPLOYMENT.formatted("replicas: \"2\"", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Integer");
    }

    @Test
    void refusesABooleanWhereTheApiWantsAString() {
        String configMap = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: example
                data:
                  ENABLED: true
                """;

        assertThatThrownBy(() -> reader.readAll(configMap))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("String");
    }

    @Test
    void refusesAKeyGivenTwice() {
        String twice = DEPLOYMENT.formatted("replicas: 2\n  replicas: 3", "");

        assertThatThrownBy(() -> reader.readAll(twice))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replicas");
    }

    @Test
    void refusesAKindItHasNoModelFor() {
        String secret = """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: example
                """;

        assertThatThrownBy(() -> reader.readAll(secret))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kind 'Secret'");
    }

    @Test
    void skipsEmptyDocuments() {
        String stream = "---\n# Source: a template that rendered nothing\n---\n" + DEPLOYMENT.formatted("replicas: 1", "");

        assertThat(reader.readAll(stream)).hasSize(1);
    }
}
