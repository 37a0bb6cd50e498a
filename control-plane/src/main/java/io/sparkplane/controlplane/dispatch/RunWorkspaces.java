package io.sparkplane.controlplane.dispatch;

import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.run.Transactions;
import io.sparkplane.controlplane.workspace.Workspace;
import io.sparkplane.controlplane.workspace.Workspaces;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** The workspace a run belongs to, for the loops that work on a run's staging after the fact. */
@ApplicationScoped
class RunWorkspaces {

    private final Workspaces workspaces;

    RunWorkspaces(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    /** Empty when the run is gone. */
    Optional<Workspace> of(UUID runId) {
        String workspaceId = Transactions.inNewTransaction(() -> {
            RunEntity run = RunEntity.findById(runId);
            return run == null ? null : run.workspaceId;
        });
        return Optional.ofNullable(workspaceId).map(workspaces::get);
    }
}
