package io.sparkplane.controlplane.workspace;

import static java.util.Objects.requireNonNull;

import io.sparkplane.controlplane.staging.StagingLayout;
import io.sparkplane.spi.storage.Location;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A workspace with its effective settings: its own or, where it has none, the control plane's.
 *
 * @param stagingRoot where its artifacts, driver logs, event logs and outputs are kept
 * @param allowedSchemes the URI schemes its runs may name for code and files besides artifacts
 * @param storeProfile the store settings it reaches its staging, its runs' inputs and its jobs' paths with
 * @param displayName what people call it, if set
 * @param defaultBackend the engine profile of its runs that name none; empty: the control plane's
 * @param version its row's version when it was read, which every change of it raises (a submit's
 *     locked check compares it)
 */
public record Workspace(String id, Instant createdAt, Location stagingRoot, List<String> allowedSchemes, String storeProfile,
        Optional<String> displayName, WorkspaceQuotas quotas, Optional<String> defaultBackend, long version) {

    public Workspace {
        requireNonNull(id, "id is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(stagingRoot, "stagingRoot is null");
        stagingRoot = stagingRoot.asPrefix();
        allowedSchemes = List.copyOf(allowedSchemes);
        requireNonNull(storeProfile, "storeProfile is null");
        requireNonNull(displayName, "displayName is null");
        requireNonNull(quotas, "quotas is null");
        requireNonNull(defaultBackend, "defaultBackend is null");
    }

    public StagingLayout staging() {
        return new StagingLayout(stagingRoot);
    }
}
