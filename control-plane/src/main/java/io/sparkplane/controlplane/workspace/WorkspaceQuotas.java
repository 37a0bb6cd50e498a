package io.sparkplane.controlplane.workspace;

import java.util.Optional;

/**
 * What a workspace may use at once; an empty limit is none.
 *
 * @param maxActiveRuns runs provisioning, running or cancelling; more wait in the queue
 * @param maxExecutors  executors over its active runs: a run waits if its first ones would pass it, and the
 *                      autoscaler never grows a run past it
 * @param maxQueuedRuns runs waiting; a submit beyond it answers 429 and stores nothing
 */
public record WorkspaceQuotas(Optional<Integer> maxActiveRuns, Optional<Integer> maxExecutors, Optional<Integer> maxQueuedRuns) {

    public static final WorkspaceQuotas NONE = new WorkspaceQuotas(Optional.empty(), Optional.empty(), Optional.empty());
}
