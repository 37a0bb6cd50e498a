package io.sparkplane.testkit.azure;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One cluster as the ARM fake holds it now, for tests' assertions.
 *
 * @param id its ARM resource id
 * @param clusterState HDInsight's clusterState: "Accepted", "AzureVMConfiguration",
 *     "HdInsightConfiguration", "Running", "Deleting", "Error", or what a test set
 * @param provisioningState ARM's: "InProgress", "Succeeded", "Failed", "Deleting"
 * @param clusterStateHistory every clusterState it had, the current one last
 * @param gatewayUser the cluster login's user (its Livy's Basic auth user); the password is never kept in a view
 */
public record HdInsightCluster(
        String id,
        String subscriptionId,
        String resourceGroup,
        String name,
        String location,
        Map<String, String> tags,
        String clusterVersion,
        String clusterState,
        String provisioningState,
        int workerCount,
        String workerVmSize,
        String headVmSize,
        Optional<String> gatewayUser,
        List<String> clusterStateHistory) {

    public HdInsightCluster {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        tags = Map.copyOf(tags);
        clusterStateHistory = List.copyOf(clusterStateHistory);
    }
}
