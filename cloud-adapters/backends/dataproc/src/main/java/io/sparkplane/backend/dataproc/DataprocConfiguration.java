package io.sparkplane.backend.dataproc;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code dataproc} engine profile, read: where and how each attempt's cluster is made.
 *
 * @param zone the Compute Engine zone; empty: Dataproc's auto zone placement within the region
 * @param imageVersion the Dataproc image, which fixes the Spark version ({@code 2.3-debian12}: Spark 3.5)
 * @param workerCount primary workers (YARN and HDFS; fixed for the attempt, at least 2 as Dataproc asks)
 * @param secondaryWorkerMachineType the secondary workers' machine type, which Sparkplane's autoscaler counts; empty: the workers'
 * @param preemptibility the secondary workers' kind: {@code NON_PREEMPTIBLE}, {@code PREEMPTIBLE} or {@code SPOT}
 * @param serviceAccount the VMs' service account; empty: the project's Compute Engine default
 * @param labels added to every cluster and job beside Sparkplane's own
 * @param idleDeleteTtl Dataproc deletes a cluster idle that long: the cloud's own safety net should the control plane be gone
 * @param autoDeleteTtl Dataproc deletes a cluster that old, whatever it does: the last net, longer than any run
 * @param gracefulDecommissionTimeout how long a secondary worker being removed may finish its work first
 * @param endpoint Dataproc's gRPC endpoint; {@code http://} only to an emulator or fake, without credentials
 * @param statusPollInterval how long one look at a cluster and its job is reused: the control plane asks every second
 * @param operationTimeout how long a call waits for Dataproc to accept a create, update or delete (its operation's first answer)
 * @param driverLogGrace how long after the job's end its driver output is taken as whole
 */
public record DataprocConfiguration(
        String project,
        String region,
        Optional<String> zone,
        String imageVersion,
        String masterMachineType,
        String workerMachineType,
        int workerCount,
        Optional<String> secondaryWorkerMachineType,
        String preemptibility,
        Optional<String> serviceAccount,
        Optional<String> network,
        Optional<String> subnetwork,
        Map<String, String> labels,
        Duration idleDeleteTtl,
        Duration autoDeleteTtl,
        Duration gracefulDecommissionTimeout,
        GoogleEndpoint endpoint,
        Duration statusPollInterval,
        Duration operationTimeout,
        Duration driverLogGrace) {

    public DataprocConfiguration {
        requireNonNull(project, "project is null");
        requireNonNull(region, "region is null");
        requireNonNull(zone, "zone is null");
        requireNonNull(imageVersion, "imageVersion is null");
        requireNonNull(masterMachineType, "masterMachineType is null");
        requireNonNull(workerMachineType, "workerMachineType is null");
        requireNonNull(secondaryWorkerMachineType, "secondaryWorkerMachineType is null");
        requireNonNull(preemptibility, "preemptibility is null");
        requireNonNull(serviceAccount, "serviceAccount is null");
        requireNonNull(network, "network is null");
        requireNonNull(subnetwork, "subnetwork is null");
        labels = Map.copyOf(requireNonNull(labels, "labels is null"));
        requireNonNull(idleDeleteTtl, "idleDeleteTtl is null");
        requireNonNull(autoDeleteTtl, "autoDeleteTtl is null");
        requireNonNull(gracefulDecommissionTimeout, "gracefulDecommissionTimeout is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(statusPollInterval, "statusPollInterval is null");
        requireNonNull(operationTimeout, "operationTimeout is null");
        requireNonNull(driverLogGrace, "driverLogGrace is null");
        if (workerCount < 2) {
            throw new IllegalArgumentException("workerCount is below 2");
        }
    }

    DataprocConfiguration withDriverLogGrace(Duration grace) {
        return new DataprocConfiguration(project, region, zone, imageVersion, masterMachineType, workerMachineType, workerCount,
                secondaryWorkerMachineType, preemptibility, serviceAccount, network, subnetwork, labels, idleDeleteTtl, autoDeleteTtl,
                gracefulDecommissionTimeout, endpoint, statusPollInterval, operationTimeout, grace);
    }
}
