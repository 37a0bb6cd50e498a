package io.sparkplane.backend.hdinsight;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.backend.hdinsight.HdInsightClusterStates.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The phase of every pair of ARM's provisioning state and HDInsight's cluster state. */
class HdInsightClusterStatesTest {

    /** By cluster state (rows) and provisioning state (columns: InProgress, Succeeded, Failed, Canceled, Deleting, none). */
    private static final Map<String, List<Phase>> TABLE = Map.ofEntries(
            Map.entry("Accepted", List.of(Phase.CREATING, Phase.CREATING, Phase.BROKEN, Phase.BROKEN, Phase.DELETING, Phase.CREATING)),
            Map.entry("ClusterStorageProvisioned", List.of(Phase.CREATING, Phase.CREATING, Phase.BROKEN, Phase.BROKEN, Phase.DELETING, Phase.CREATING)),
            Map.entry("AzureVMConfiguration", List.of(Phase.CREATING, Phase.CREATING, Phase.BROKEN, Phase.BROKEN, Phase.DELETING, Phase.CREATING)),
            Map.entry("HDInsightConfiguration", List.of(Phase.CREATING, Phase.CREATING, Phase.BROKEN, Phase.BROKEN, Phase.DELETING, Phase.CREATING)),
            Map.entry("Operational", List.of(Phase.CREATING, Phase.READY, Phase.BROKEN, Phase.BROKEN, Phase.DELETING, Phase.CREATING)),
            Map.entry("Running", List.of(Phase.READY, Phase.READY, Phase.READY, Phase.READY, Phase.DELETING, Phase.READY)),
            Map.entry("Error", List.of(Phase.BROKEN, Phase.BROKEN, Phase.BROKEN, Phase.BROKEN, Phase.DELETING, Phase.BROKEN)),
            Map.entry("TimedOut", List.of(Phase.BROKEN, Phase.BROKEN, Phase.BROKEN, Phase.BROKEN, Phase.DELETING, Phase.BROKEN)),
            Map.entry("Deleting", List.of(Phase.DELETING, Phase.DELETING, Phase.DELETING, Phase.DELETING, Phase.DELETING, Phase.DELETING)),
            Map.entry("DeletePending", List.of(Phase.DELETING, Phase.DELETING, Phase.DELETING, Phase.DELETING, Phase.DELETING, Phase.DELETING)),
            Map.entry("Unknown", List.of(Phase.CREATING, Phase.CREATING, Phase.BROKEN, Phase.BROKEN, Phase.DELETING, Phase.CREATING)));

    @Test
    void everyPairOfStatesHasItsPhase() {
        assertThat(TABLE.keySet()).as("every cluster state HDInsight names").containsExactlyInAnyOrderElementsOf(HdInsightClusterStates.CLUSTER_STATES);
        List<String> provisioning = new ArrayList<>(HdInsightClusterStates.PROVISIONING_STATES);
        provisioning.add(null);
        for (Map.Entry<String, List<Phase>> row : TABLE.entrySet()) {
            for (int column = 0; column < provisioning.size(); column++) {
                assertThat(HdInsightClusterStates.phase(provisioning.get(column), row.getKey()))
                        .as(row.getKey() + " (" + provisioning.get(column) + ")").isEqualTo(row.getValue().get(column));
            }
        }
    }

    @Test
    void statesAreReadInAnyCaseAndAStateNotNamedYetIsNotReady() {
        assertThat(HdInsightClusterStates.phase("succeeded", "RUNNING")).isEqualTo(Phase.READY);
        assertThat(HdInsightClusterStates.phase(null, null)).isEqualTo(Phase.CREATING);
        assertThat(HdInsightClusterStates.phase("Succeeded", "Scaling")).isEqualTo(Phase.CREATING);
        assertThat(HdInsightClusterStates.phase("Updating", "Running")).isEqualTo(Phase.READY);
    }

    @Test
    void aClusterIsDescribedWithAzuresErrors() {
        assertThat(HdInsightClusterStates.describe("Succeeded", "Running", List.of())).isEqualTo("Running (Succeeded)");
        assertThat(HdInsightClusterStates.describe("Failed", "Error", List.of(HdInsightClusterStates.error("InternalServerError",
                "  Operation failed:\n the VMs could not be made "), "", HdInsightClusterStates.error(null, "retry later"))))
                .isEqualTo("Error (Failed): InternalServerError: Operation failed: the VMs could not be made; retry later");
        assertThat(HdInsightClusterStates.describe(null, null, List.of())).isEqualTo("no cluster state (no provisioning state)");
        assertThat(HdInsightClusterStates.error("QuotaExceeded", null)).isEqualTo("QuotaExceeded");
    }
}
