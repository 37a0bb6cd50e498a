package io.sparkplane.controlplane.workspace;

/**
 * What a workspace uses now.
 *
 * @param executors the executors its going runs have asked for
 */
public record WorkspaceUsage(int queuedRuns, int activeRuns, int executors) {}
