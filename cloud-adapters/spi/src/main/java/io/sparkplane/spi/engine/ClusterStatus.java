package io.sparkplane.spi.engine;

import static java.util.Objects.requireNonNull;

/** What a backend sees of a cluster when asked. */
public sealed interface ClusterStatus {

    /**
     * The cluster exists and its job is being started or runs.
     *
     * @param jobStarted a {@link JobHosting#SERVICE} backend's service runs the job now (its step or
     *     job run is running); a {@link JobHosting#LAUNCHER} backend leaves that to its launcher's report
     *     and says false
     */
    record Active(String detail, ClusterTopology topology, boolean jobStarted) implements ClusterStatus {
        public Active {
            requireNonNull(detail, "detail is null");
            requireNonNull(topology, "topology is null");
        }

        /** The launcher is working: whether the job started is its own report. */
        public Active(String detail, ClusterTopology topology) {
            this(detail, topology, false);
        }
    }

    /**
     * The job finished: a launcher left its outcome behind, which the control plane may not have
     * heard (it was down), so this is how the outcome is recovered; a {@link JobHosting#SERVICE}
     * backend's service says how its job ended, which is the outcome.
     */
    record Finished(AttemptOutcome outcome) implements ClusterStatus {
        public Finished {
            requireNonNull(outcome, "outcome is null");
        }
    }

    /**
     * The cluster cannot go on, for a reason its backend can name (an image that cannot be pulled,
     * pods that cannot be scheduled past a deadline, an OOM-killed driver): the attempt ends with
     * that failure at once, whatever its launcher said last.
     */
    record Failed(AttemptFailure failure, String detail) implements ClusterStatus {
        public Failed {
            requireNonNull(failure, "failure is null");
            requireNonNull(detail, "detail is null");
        }
    }

    /** Nothing of the cluster is running and it left no outcome: the engine was lost. */
    record Gone(String detail) implements ClusterStatus {
        public Gone {
            requireNonNull(detail, "detail is null");
        }
    }
}
