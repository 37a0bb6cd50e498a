package io.sparkplane.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.AttemptOutcome;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import io.sparkplane.spi.launch.AttemptOutcomeCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The mapping from the driver pod's status to the cluster's, table by table. */
class PodStatusMappingTest {

    private static final KubernetesBackendConfiguration CONFIGURATION = KubernetesBackendConfiguration.defaults("engine:1");
    private static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");
    private static final ClusterTopology TOPOLOGY = new ClusterTopology(1, 1, 0, Map.of(), List.of());

    private static Pod driver(Pod basis) {
        return new PodBuilder(new DriverPodModel(CONFIGURATION, TestClusters.spec(1)).pod())
                .editMetadata().withCreationTimestamp(CREATED.toString()).withUid("uid").endMetadata()
                .withStatus(basis.getStatus())
                .build();
    }

    private static Pod waiting(String reason, String message) {
        return driver(new PodBuilder().withNewStatus().withPhase("Pending").withContainerStatuses(new ContainerStatusBuilder()
                .withName("driver").withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState().build())
                .endStatus().build());
    }

    private static Pod terminated(String reason, int exitCode, String message) {
        return driver(new PodBuilder().withNewStatus().withPhase(exitCode == 0 ? "Succeeded" : "Failed").withContainerStatuses(new ContainerStatusBuilder()
                .withName("driver").withNewState().withNewTerminated().withReason(reason).withExitCode(exitCode).withMessage(message)
                .endTerminated().endState().build()).endStatus().build());
    }

    private static ClusterStatus at(Pod pod, int secondsAfterCreation) {
        return PodStatusMapping.driverStatus(Optional.of(pod), TOPOLOGY, CREATED.plusSeconds(secondsAfterCreation), CONFIGURATION);
    }

    @Test
    void aPendingOrRunningDriverIsActive() {
        assertThat(at(driver(new PodBuilder().withNewStatus().withPhase("Pending").endStatus().build()), 5))
                .isInstanceOfSatisfying(ClusterStatus.Active.class, active -> assertThat(active.detail()).contains("Pending"));
        assertThat(at(driver(new PodBuilder().withNewStatus().withPhase("Running").endStatus().build()), 500))
                .isInstanceOfSatisfying(ClusterStatus.Active.class, active -> assertThat(active.topology()).isEqualTo(TOPOLOGY));
        assertThat(at(driver(new PodBuilder().build()), 0)).isInstanceOf(ClusterStatus.Active.class);
    }

    @Test
    void anImageThatCannotBePulledFailsProvisioningAfterItsGrace() {
        for (String reason : List.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "CreateContainerConfigError")) {
            Pod pod = waiting(reason, "pulling image \"engine:1\" failed");
            assertThat(at(pod, 10)).as(reason).isInstanceOf(ClusterStatus.Active.class);
            assertThat(at(pod, 31)).as(reason).isInstanceOfSatisfying(ClusterStatus.Failed.class, failed -> {
                assertThat(failed.failure()).isEqualTo(AttemptFailure.PROVISIONING_FAILED);
                assertThat(failed.detail()).contains(reason).contains("pulling image \"engine:1\" failed");
            });
        }
        assertThat(at(waiting("ContainerCreating", null), 3600)).isInstanceOf(ClusterStatus.Active.class);
    }

    @Test
    void anUnschedulableDriverFailsProvisioningPastTheDeadline() {
        Pod pod = driver(new PodBuilder().withNewStatus().withPhase("Pending").withConditions(new PodConditionBuilder()
                .withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/3 nodes are available: 3 Insufficient memory.").build()).endStatus().build());

        assertThat(at(pod, 60)).isInstanceOf(ClusterStatus.Active.class);
        assertThat(at(pod, 301)).isInstanceOfSatisfying(ClusterStatus.Failed.class, failed -> {
            assertThat(failed.failure()).isEqualTo(AttemptFailure.PROVISIONING_FAILED);
            assertThat(failed.detail()).contains("3 Insufficient memory").contains("300 s");
        });
    }

    @Test
    void anEndedDriverGivesTheLaunchersOutcomeOrItsReason() {
        String outcome = new String(AttemptOutcomeCodec.encode(AttemptOutcome.failed(AttemptFailure.USER_CODE_ERROR,
                "ValueError: bad row", 1)), StandardCharsets.UTF_8);
        assertThat(at(terminated("Error", 0, outcome), 100)).isInstanceOfSatisfying(ClusterStatus.Finished.class,
                finished -> assertThat(finished.outcome().message()).isEqualTo("ValueError: bad row"));

        assertThat(at(terminated("OOMKilled", 137, null), 100)).isInstanceOfSatisfying(ClusterStatus.Failed.class, failed -> {
            assertThat(failed.failure()).isEqualTo(AttemptFailure.DRIVER_OUT_OF_MEMORY);
            assertThat(failed.detail()).contains("OOMKilled").contains("2176Mi");
        });
        assertThat(at(terminated("Error", 143, "not an outcome"), 100)).isInstanceOfSatisfying(ClusterStatus.Gone.class,
                gone -> assertThat(gone.detail()).contains("exited with code 143").contains("no outcome"));
    }

    @Test
    void aMissingDeletedOrEvictedDriverIsGone() {
        assertThat(PodStatusMapping.driverStatus(Optional.empty(), TOPOLOGY, CREATED, CONFIGURATION)).isInstanceOf(ClusterStatus.Gone.class);
        Pod deleting = new PodBuilder(driver(new PodBuilder().withNewStatus().withPhase("Running").endStatus().build()))
                .editMetadata().withDeletionTimestamp(CREATED.plusSeconds(1).toString()).endMetadata().build();
        assertThat(at(deleting, 2)).isInstanceOfSatisfying(ClusterStatus.Gone.class, gone -> assertThat(gone.detail()).contains("being deleted"));
        Pod evicted = driver(new PodBuilder().withNewStatus().withPhase("Failed").withReason("Evicted")
                .withMessage("The node was low on resource: memory.").endStatus().build());
        assertThat(at(evicted, 2)).isInstanceOfSatisfying(ClusterStatus.Gone.class, gone -> assertThat(gone.detail()).contains("low on resource"));
    }

    @Test
    void workersCountAsAliveOrDecommissioning() {
        Pod running = new PodBuilder().withNewMetadata().withName("w1").endMetadata().withNewStatus().withPhase("Running").endStatus().build();
        Pod pending = new PodBuilder().withNewMetadata().withName("w2").endMetadata().withNewStatus().withPhase("Pending").endStatus().build();
        Pod draining = new PodBuilder(running).editMetadata().withName("w3").withDeletionTimestamp(CREATED.toString()).endMetadata().build();
        Pod ended = new PodBuilder().withNewMetadata().withName("w4").endMetadata().withNewStatus().withPhase("Failed").endStatus().build();

        ClusterTopology topology = PodStatusMapping.topology(3, List.of(running, pending, draining, ended), Map.of(), List.of());

        assertThat(topology.aliveWorkers()).isEqualTo(1);
        assertThat(topology.decommissioningWorkers()).isEqualTo(1);
        assertThat(topology.desiredWorkers()).isEqualTo(3);
    }
}
