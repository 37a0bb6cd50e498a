package io.sparkplane.controlplane.workspace;

import java.util.List;

/**
 * The body of {@code POST /api/v1/workspaces}.
 *
 * @param stagingLocation a store URI prefix; absent: the control plane's staging location
 * @param allowedSchemes absent: the control plane's {@code sparkplane.inputs.allowed-schemes}
 * @param storeProfile a profile of {@code sparkplane.store-profiles.*}; absent: {@code sparkplane.store.*}
 */
public record CreateWorkspaceRequest(String id, String stagingLocation, List<String> allowedSchemes, String storeProfile) {}
