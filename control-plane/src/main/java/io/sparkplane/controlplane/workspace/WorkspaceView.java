package io.sparkplane.controlplane.workspace;

import java.time.Instant;
import java.util.List;

/** A workspace as the API shows it: its effective settings, its quotas and what it uses of them now. */
public record WorkspaceView(String id, String displayName, String stagingLocation, List<String> allowedSchemes, String storeProfile,
        String defaultBackend, QuotasView quotas, WorkspaceUsage usage, Instant createdAt) {

    /** Each null when there is no limit. */
    public record QuotasView(Integer maxActiveRuns, Integer maxExecutors, Integer maxQueuedRuns) {}

    static WorkspaceView of(Workspace workspace, WorkspaceUsage usage) {
        WorkspaceQuotas quotas = workspace.quotas();
        return new WorkspaceView(workspace.id(), workspace.displayName().orElse(null), workspace.stagingRoot().uri(), workspace.allowedSchemes(),
                workspace.storeProfile(), workspace.defaultBackend().orElse(null),
                new QuotasView(quotas.maxActiveRuns().orElse(null), quotas.maxExecutors().orElse(null), quotas.maxQueuedRuns().orElse(null)),
                usage, workspace.createdAt());
    }

    /** One page of workspaces. */
    public record Page(List<WorkspaceView> items) {}
}
