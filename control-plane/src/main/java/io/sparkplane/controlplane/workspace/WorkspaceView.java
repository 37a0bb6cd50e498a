package io.sparkplane.controlplane.workspace;

import java.time.Instant;
import java.util.List;

/** A workspace as the API shows it: its effective settings. */
public record WorkspaceView(String id, String stagingLocation, List<String> allowedSchemes, String storeProfile, Instant createdAt) {

    static WorkspaceView of(Workspace workspace) {
        return new WorkspaceView(workspace.id(), workspace.stagingRoot().uri(), workspace.allowedSchemes(), workspace.storeProfile(),
                workspace.createdAt());
    }

    /** One page of workspaces. */
    public record Page(List<WorkspaceView> items) {}
}
