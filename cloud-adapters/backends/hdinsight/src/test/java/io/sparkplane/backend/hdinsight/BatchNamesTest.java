package io.sparkplane.backend.hdinsight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BatchNamesTest {

    private static final BatchNames NAMES = new BatchNames("sparkplane", "hdi");

    @Test
    void aBatchIsNamedByPrefixProfileAndClusterAndReadBack() {
        String name = NAMES.batchName("sp-8f2c6a7e-0b7e-4e39-9a43-2c1f3d1a9b11-2");

        assertThat(name).isEqualTo("sparkplane/hdi/sp-8f2c6a7e-0b7e-4e39-9a43-2c1f3d1a9b11-2");
        assertThat(NAMES.clusterName(name)).contains("sp-8f2c6a7e-0b7e-4e39-9a43-2c1f3d1a9b11-2");
    }

    @Test
    void anotherProfilesOrInstallationsOrPersonsBatchIsNotThisProfiles() {
        assertThat(NAMES.clusterName("sparkplane/hdi-2/sp-1-1")).isEmpty();
        assertThat(NAMES.clusterName("other/hdi/sp-1-1")).isEmpty();
        assertThat(NAMES.clusterName("sparkplane/hdi/")).isEmpty();
        assertThat(NAMES.clusterName("sparkplane/hdi/sp-1-1/more")).isEmpty();
        assertThat(NAMES.clusterName("nightly etl")).isEmpty();
        assertThat(NAMES.clusterName(null)).isEmpty();
    }

    @Test
    void aPrefixOrProfileHoldsNoSeparator() {
        assertThatThrownBy(() -> new BatchNames("a/b", "hdi")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchNames("sparkplane", "")).isInstanceOf(IllegalArgumentException.class);
    }
}
