package io.sparkplane.backend.dataproc;

import static java.util.Objects.requireNonNull;

import com.google.cloud.dataproc.v1.ClusterStatus;
import com.google.cloud.dataproc.v1.JobStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import java.util.Optional;

/**
 * One look at an attempt's cluster and its job, as Dataproc reports them.
 *
 * @param cluster the cluster's status; empty when Dataproc no longer knows the cluster
 * @param job the job's status; empty before the job is submitted (the cluster is not yet running)
 * @param topology the secondary workers asked for and running
 */
record DataprocObservation(Optional<ClusterStatus> cluster, Optional<JobStatus> job, ClusterTopology topology) {

    DataprocObservation {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(job, "job is null");
        requireNonNull(topology, "topology is null");
    }
}
