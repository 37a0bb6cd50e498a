package io.sparkplane.backend.hdinsight;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where an ephemeral HDInsight cluster is, from what Azure Resource Manager says of it: the one
 * mapping from a cluster's {@code provisioningState} (ARM's: {@code InProgress}, {@code Succeeded},
 * {@code Failed}, {@code Canceled}, {@code Deleting}) and {@code clusterState} (HDInsight's:
 * {@code Accepted}, {@code ClusterStorageProvisioned}, {@code AzureVMConfiguration},
 * {@code HDInsightConfiguration}, {@code Operational}, {@code Running}, {@code Error},
 * {@code TimedOut}, {@code Deleting}, {@code DeletePending}, {@code Unknown}, ...) to a {@link Phase},
 * table-tested in {@code HdInsightClusterStatesTest} and written out in the module's README. Pure.
 */
public final class HdInsightClusterStates {

    /** ARM's provisioning states of a cluster. */
    static final List<String> PROVISIONING_STATES = List.of("InProgress", "Succeeded", "Failed", "Canceled", "Deleting");
    /** HDInsight's cluster states, as its API and portal show them. */
    static final List<String> CLUSTER_STATES = List.of("Accepted", "ClusterStorageProvisioned", "AzureVMConfiguration", "HDInsightConfiguration",
            "Operational", "Running", "Error", "TimedOut", "Deleting", "DeletePending", "Unknown");

    private HdInsightClusterStates() {}

    /** What an attempt makes of its cluster. */
    public enum Phase {
        /** Being made: no Livy yet. */
        CREATING,
        /** Made and running: its Livy takes the batch. */
        READY,
        /** Failed or timed out: it will not run the job (or run it further). */
        BROKEN,
        /** Being deleted: the job is lost with it. */
        DELETING,
    }

    /**
     * @param provisioningState ARM's state of the cluster's last operation; {@code null} when it says none
     * @param clusterState HDInsight's state of the cluster; {@code null} when it says none
     */
    public static Phase phase(String provisioningState, String clusterState) {
        String provisioning = lower(provisioningState);
        String cluster = lower(clusterState);
        if (provisioning.equals("deleting") || cluster.equals("deleting") || cluster.equals("deletepending")) {
            return Phase.DELETING;
        }
        if (cluster.equals("error") || cluster.equals("timedout")) {
            return Phase.BROKEN;
        }
        // Running is ready to take jobs, whatever the last operation on it did (a resize that failed leaves it running);
        // Operational, once the create has succeeded, is too (the last steps of a create are done)
        if (cluster.equals("running") || (cluster.equals("operational") && provisioning.equals("succeeded"))) {
            return Phase.READY;
        }
        if (provisioning.equals("failed") || provisioning.equals("canceled")) {
            return Phase.BROKEN;
        }
        // Accepted, ClusterStorageProvisioned, AzureVMConfiguration, HDInsightConfiguration, Operational while InProgress, Unknown, none,
        // and any state HDInsight adds: not yet, and the provisioning timeout still applies
        return Phase.CREATING;
    }

    /** One line for a human: {@code Running (Succeeded)}, with Azure's errors when it gives any. */
    public static String describe(String provisioningState, String clusterState, List<String> errors) {
        String states = (clusterState == null ? "no cluster state" : clusterState) + " (" + (provisioningState == null ? "no provisioning state"
                : provisioningState) + ")";
        List<String> shown = errors.stream().filter(error -> error != null && !error.isBlank()).map(String::strip).toList();
        return shown.isEmpty() ? states : states + ": " + shown.stream().collect(Collectors.joining("; "));
    }

    /** Azure's error as one phrase: {@code <code>: <message>}. */
    public static String error(String code, String message) {
        String shownCode = code == null || code.isBlank() ? "" : code.strip();
        String shownMessage = message == null || message.isBlank() ? "" : message.strip().replaceAll("\\s+", " ");
        if (shownCode.isEmpty()) {
            return shownMessage;
        }
        return shownMessage.isEmpty() ? shownCode : shownCode + ": " + shownMessage;
    }

    private static String lower(String state) {
        return state == null ? "" : state.toLowerCase(Locale.ROOT).strip();
    }
}
