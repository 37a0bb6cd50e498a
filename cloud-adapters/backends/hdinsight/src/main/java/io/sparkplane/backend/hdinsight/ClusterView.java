package io.sparkplane.backend.hdinsight;

import static java.util.Objects.requireNonNull;

import com.azure.resourcemanager.hdinsight.fluent.models.ClusterInner;
import com.azure.resourcemanager.hdinsight.models.ClusterGetProperties;
import com.azure.resourcemanager.hdinsight.models.Errors;
import com.azure.resourcemanager.hdinsight.models.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Sparkplane reads of an HDInsight cluster as Azure Resource Manager returns it. Pure.
 *
 * @param name the cluster's name
 * @param kind its cluster definition's kind ({@code spark}, {@code hadoop}), empty when not given
 * @param tags its tags
 * @param provisioningState ARM's state of its last operation, {@code null} when not given
 * @param clusterState HDInsight's state of it, {@code null} when not given
 * @param errors Azure's errors of it ({@code code: message})
 * @param workerNodes the worker role's target instance count, 0 when not given
 */
record ClusterView(String name, String kind, Map<String, String> tags, String provisioningState, String clusterState, List<String> errors,
        int workerNodes) {

    ClusterView {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        errors = List.copyOf(requireNonNull(errors, "errors is null"));
    }

    static ClusterView of(ClusterInner cluster) {
        ClusterGetProperties properties = cluster.properties();
        if (properties == null) {
            return new ClusterView(cluster.name(), "", cluster.tags(), null, null, List.of(), 0);
        }
        String kind = properties.clusterDefinition() == null || properties.clusterDefinition().kind() == null ? ""
                : properties.clusterDefinition().kind();
        List<String> errors = properties.errors() == null ? List.of()
                : properties.errors().stream().map(ClusterView::error).filter(error -> !error.isEmpty()).toList();
        int workers = Optional.ofNullable(properties.computeProfile()).map(profile -> profile.roles()).orElse(List.of()).stream()
                .filter(role -> ClusterRequests.WORKER_NODE.equalsIgnoreCase(role.name()))
                .map(Role::targetInstanceCount)
                .filter(count -> count != null)
                .findFirst()
                .orElse(0);
        return new ClusterView(cluster.name(), kind, cluster.tags(),
                properties.provisioningState() == null ? null : properties.provisioningState().toString(), properties.clusterState(), errors, workers);
    }

    private static String error(Errors error) {
        return HdInsightClusterStates.error(error.code(), error.message());
    }

    HdInsightClusterStates.Phase phase() {
        return HdInsightClusterStates.phase(provisioningState, clusterState);
    }

    /** Whether an operation on the cluster (its create, a resize) is under way: Resource Manager takes one at a time. */
    boolean operationUnderWay() {
        return "inprogress".equalsIgnoreCase(provisioningState == null ? "" : provisioningState.strip());
    }

    /** {@code Running (Succeeded)}, with Azure's errors when it gives any. */
    String states() {
        return HdInsightClusterStates.describe(provisioningState, clusterState, errors);
    }
}
