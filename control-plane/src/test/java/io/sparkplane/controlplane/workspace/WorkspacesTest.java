package io.sparkplane.controlplane.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkspacesTest {

    @Test
    void aSchemeTheControlPlaneNoLongerAllowsIsDroppedFromEveryWorkspace() {
        assertThat(Workspaces.stillAllowed(List.of("s3", "https", "gs"), List.of("s3", "gs", "abfss"))).containsExactly("s3", "gs");
        assertThat(Workspaces.stillAllowed(List.of("https"), List.of("s3"))).isEmpty();
        assertThat(Workspaces.stillAllowed(List.of(), List.of("s3"))).isEmpty();
    }
}
