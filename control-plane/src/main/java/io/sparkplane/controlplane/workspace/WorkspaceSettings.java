package io.sparkplane.controlplane.workspace;

import java.util.Optional;

/** What an admin may change about a workspace after it is made. */
public record WorkspaceSettings(Optional<String> displayName, WorkspaceQuotas quotas, Optional<String> defaultBackend) {

    public static final WorkspaceSettings NONE = new WorkspaceSettings(Optional.empty(), WorkspaceQuotas.NONE, Optional.empty());
}
