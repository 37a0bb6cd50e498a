package io.sparkplane.controlplane.metrics;

import io.sparkplane.controlplane.run.RunState;
import java.util.List;
import java.util.Map;

/**
 * One reading of PostgreSQL for the gauges: the runs that have not ended by engine profile and
 * state, the QUEUED runs of each live workspace (zero included), and the workers wanted across each
 * profile's going clusters.
 */
record RunCounts(Map<ByState, Long> runs, Map<String, Long> queuedByWorkspace, Map<String, Long> desiredWorkers) {

    /** The states a run is in before it ends: each has a series per engine profile, zero included. */
    static final List<RunState> NOT_ENDED = List.of(RunState.QUEUED, RunState.PROVISIONING, RunState.RUNNING, RunState.CANCELLING);

    static final RunCounts NONE = new RunCounts(Map.of(), Map.of(), Map.of());

    record ByState(String backend, RunState state) {}

    RunCounts {
        runs = Map.copyOf(runs);
        queuedByWorkspace = Map.copyOf(queuedByWorkspace);
        desiredWorkers = Map.copyOf(desiredWorkers);
    }

    long runs(String backend, RunState state) {
        return runs.getOrDefault(new ByState(backend, state), 0L);
    }

    long queued(String workspace) {
        return queuedByWorkspace.getOrDefault(workspace, 0L);
    }

    long desiredWorkers(String backend) {
        return desiredWorkers.getOrDefault(backend, 0L);
    }
}
