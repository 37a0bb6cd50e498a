package io.sparkplane.helm;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads Kubernetes manifests into Fabric8's typed model (the Kubernetes API's schemas as Java
 * classes) and refuses anything the model does not know: a misspelt or misplaced field, a string
 * where the API wants a number, a boolean where it wants a string, a key given twice.
 *
 * <p>Fabric8's classes accept unknown fields on purpose (each has an {@code @JsonAnySetter} that
 * keeps them in {@code additionalProperties}), so FAIL_ON_UNKNOWN_PROPERTIES alone would let every
 * typo through. This reader removes the any-setters so that unknown fields fail.
 *
 * <p>This is not an API server: it checks shapes and types, not the server's validation rules
 * (names, label syntax and cross-field rules are asserted by the tests themselves).
 */
final class StrictKubernetesReader {

    /** Every kind the chart renders (a Pod: the engine pod templates), by apiVersion and kind; a kind not listed here fails the read. */
    private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.ofEntries(
            Map.entry("v1 Pod", Pod.class),
            Map.entry("apps/v1 Deployment", Deployment.class),
            Map.entry("v1 Service", Service.class),
            Map.entry("v1 ServiceAccount", ServiceAccount.class),
            Map.entry("v1 ConfigMap", ConfigMap.class),
            Map.entry("networking.k8s.io/v1 Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1 NetworkPolicy", NetworkPolicy.class),
            Map.entry("rbac.authorization.k8s.io/v1 Role", Role.class),
            Map.entry("rbac.authorization.k8s.io/v1 RoleBinding", RoleBinding.class),
            Map.entry("policy/v1 PodDisruptionBudget", PodDisruptionBudget.class),
            // the Prometheus Operator's, from Fabric8's model of its CRDs (metrics.serviceMonitor)
            Map.entry("monitoring.coreos.com/v1 ServiceMonitor", ServiceMonitor.class));

    private final ObjectMapper mapper;

    StrictKubernetesReader() {
        YAMLMapper yaml = YAMLMapper.builder()
                .annotationIntrospector(new WithoutAnySetters())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // the API server refuses "2" for an integer field; so does this reader
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // ... and true or 8080 for a string field (a config map's data, an annotation, a label)
        yaml.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        this.mapper = yaml;
    }

    /** Every document of a multi-document YAML stream; empty documents (a template that rendered nothing) are skipped. */
    List<HasMetadata> readAll(String manifests) {
        requireNonNull(manifests, "manifests is null");
        List<HasMetadata> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = mapper.readerFor(JsonNode.class).readValues(manifests)) {
            // hasNextValue/nextValue, not hasNext/next: those wrap a parse error in a bare RuntimeException
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                if (document == null || document.isNull() || document.isMissingNode()) {
                    continue;
                }
                objects.add(read(document));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the manifests are not YAML: " + e.getMessage(), e);
        }
        return objects;
    }

    private HasMetadata read(JsonNode document) {
        String apiVersion = document.path("apiVersion").asText("");
        String kind = document.path("kind").asText("");
        Class<? extends HasMetadata> type = TYPES.get(apiVersion + " " + kind);
        if (type == null) {
            throw new IllegalArgumentException("no model for apiVersion '" + apiVersion + "' kind '" + kind + "' (known: "
                    + TYPES.keySet() + "): " + document);
        }
        try {
            return mapper.treeToValue(document, type);
        } catch (JsonProcessingException e) {
            String name = document.path("metadata").path("name").asText("?");
            throw new IllegalArgumentException(kind + " " + name + " does not fit " + type.getName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Jackson's annotations as usual, except that no {@code @JsonAnySetter} is honoured. */
    private static final class WithoutAnySetters extends JacksonAnnotationIntrospector {
        @Override
        public Boolean hasAnySetter(Annotated annotated) {
            return Boolean.FALSE;
        }
    }
}
