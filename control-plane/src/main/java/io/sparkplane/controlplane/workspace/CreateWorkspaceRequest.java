package io.sparkplane.controlplane.workspace;

import java.util.List;

/**
 * The body of {@code POST /api/v1/workspaces}.
 *
 * @param stagingLocation a store URI prefix; absent: the control plane's staging location
 * @param allowedSchemes absent: the control plane's {@code sparkplane.inputs.allowed-schemes}
 * @param storeProfile a profile of {@code sparkplane.store-profiles.*}; absent: {@code sparkplane.store.*}
 * @param displayName what people call it
 * @param defaultBackend the engine profile of its runs that name none; absent: the control plane's
 * @param quotas absent: no limits
 */
public record CreateWorkspaceRequest(String id, String stagingLocation, List<String> allowedSchemes, String storeProfile,
        String displayName, String defaultBackend, Quotas quotas) {

    public CreateWorkspaceRequest(String id, String stagingLocation, List<String> allowedSchemes, String storeProfile) {
        this(id, stagingLocation, allowedSchemes, storeProfile, null, null, null);
    }

    /** Each absent or null: no limit. */
    public record Quotas(Integer maxActiveRuns, Integer maxExecutors, Integer maxQueuedRuns) {}
}
