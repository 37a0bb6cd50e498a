package io.sparkplane.spi.engine;

import static java.util.Objects.requireNonNull;

/** What a backend sees of a cluster when asked. */
public sealed interface ClusterStatus {

    /** The cluster exists and its launcher is working (starting or running the job). */
    record Active(String detail, ClusterTopology topology) implements ClusterStatus {
        public Active {
            requireNonNull(detail, "detail is null");
            requireNonNull(topology, "topology is null");
        }
    }

    /**
     * The launcher finished and left its outcome behind: the control plane may not have heard it
     * (it was down), so this is how the outcome is recovered.
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
