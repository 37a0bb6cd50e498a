package io.sparkplane.backend.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.AttemptOutcome;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import io.sparkplane.spi.launch.AttemptOutcomeCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one mapping from what the API server shows of an engine cluster's driver pod to what the run
 * should know of its cluster. Pure, and tested table by table.
 *
 * <ul>
 *   <li>no driver pod, or one being deleted, or one evicted: {@code Gone} (the attempt ends {@code ENGINE_LOST});
 *   <li>the driver container ended with a termination message holding the launcher's outcome:
 *       {@code Finished} with it; OOM-killed: {@code Failed DRIVER_OUT_OF_MEMORY}; ended otherwise: {@code Gone};
 *   <li>an image that cannot be pulled or a container that cannot be configured for longer than
 *       {@code pullFailureGrace}, or unschedulable past {@code schedulingDeadline}: {@code Failed
 *       PROVISIONING_FAILED} with the pod's reason and message;
 *   <li>anything else (pending, running, a pull being retried): {@code Active}.
 * </ul>
 */
public final class PodStatusMapping {

    /** Waiting reasons that mean the container cannot start as specified (not merely not yet). */
    static final Set<String> START_FAILURES = Set.of(
            "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull",
            "CreateContainerConfigError", "CreateContainerError");

    private PodStatusMapping() {}

    public static ClusterStatus driverStatus(Optional<Pod> driver, ClusterTopology topology, Instant now,
            KubernetesBackendConfiguration configuration) {
        if (driver.isEmpty()) {
            return new ClusterStatus.Gone("the driver pod is gone");
        }
        Pod pod = driver.get();
        String name = pod.getMetadata().getName();
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return new ClusterStatus.Gone("the driver pod " + name + " is being deleted");
        }
        String phase = pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
        if ("Evicted".equals(pod.getStatus() == null ? null : pod.getStatus().getReason())) {
            return new ClusterStatus.Gone("the driver pod " + name + " was evicted: " + pod.getStatus().getMessage());
        }
        Optional<ContainerStatus> container = container(pod, DriverPodModel.CONTAINER);
        Optional<ContainerStateTerminated> terminated = container.map(status -> status.getState())
                .map(state -> state == null ? null : state.getTerminated());
        if (terminated.isPresent()) {
            return ended(name, terminated.get(), pod);
        }
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            return new ClusterStatus.Gone("the driver pod " + name + " is " + phase + " without a driver container status");
        }
        Duration age = age(pod, now);
        Optional<ContainerStateWaiting> waiting = container.map(ContainerStatus::getState)
                .map(state -> state == null ? null : state.getWaiting());
        if (waiting.isPresent() && START_FAILURES.contains(waiting.get().getReason())) {
            String problem = waiting.get().getReason() + (waiting.get().getMessage() == null ? "" : ": " + waiting.get().getMessage());
            if (age.compareTo(configuration.pullFailureGrace()) > 0) {
                return new ClusterStatus.Failed(AttemptFailure.PROVISIONING_FAILED,
                        "the driver pod " + name + " cannot start its container (" + problem + ")");
            }
            return new ClusterStatus.Active("the driver container is waiting: " + problem, topology);
        }
        Optional<PodCondition> unschedulable = condition(pod, "PodScheduled")
                .filter(condition -> "False".equals(condition.getStatus()) && "Unschedulable".equals(condition.getReason()));
        if (unschedulable.isPresent()) {
            String problem = unschedulable.get().getMessage() == null ? "no node fits it" : unschedulable.get().getMessage();
            if (age.compareTo(configuration.schedulingDeadline()) > 0) {
                return new ClusterStatus.Failed(AttemptFailure.PROVISIONING_FAILED,
                        "the driver pod " + name + " could not be scheduled within " + configuration.schedulingDeadline().toSeconds()
                                + " s: " + problem);
            }
            return new ClusterStatus.Active("the driver pod is unschedulable: " + problem, topology);
        }
        return new ClusterStatus.Active("the driver pod is " + phase, topology);
    }

    private static ClusterStatus ended(String name, ContainerStateTerminated terminated, Pod pod) {
        if ("OOMKilled".equals(terminated.getReason())) {
            return new ClusterStatus.Failed(AttemptFailure.DRIVER_OUT_OF_MEMORY,
                    "the driver was killed for exceeding its memory limit of " + memoryLimit(pod) + " (OOMKilled)");
        }
        String message = terminated.getMessage();
        if (message != null && !message.isBlank()) {
            try {
                AttemptOutcome outcome = AttemptOutcomeCodec.decode(message.getBytes(StandardCharsets.UTF_8));
                return new ClusterStatus.Finished(outcome);
            } catch (IllegalArgumentException e) {
                // not the launcher's outcome: the container ended some other way
            }
        }
        return new ClusterStatus.Gone("the driver container of " + name + " exited with code " + terminated.getExitCode()
                + (terminated.getReason() == null ? "" : " (" + terminated.getReason() + ")") + " and left no outcome");
    }

    /** Workers counted as the topology counts them: running and not deleted; being deleted and not ended. */
    public static ClusterTopology topology(int desiredWorkers, List<Pod> workers, java.util.Map<String, String> endpoints,
            List<String> repairs) {
        int alive = 0;
        int decommissioning = 0;
        for (Pod worker : workers) {
            boolean ended = isEnded(worker);
            if (worker.getMetadata().getDeletionTimestamp() != null) {
                if (!ended) {
                    decommissioning++;
                }
            } else if (!ended && "Running".equals(worker.getStatus() == null ? null : worker.getStatus().getPhase())) {
                alive++;
            }
        }
        return new ClusterTopology(desiredWorkers, alive, decommissioning, endpoints, repairs);
    }

    /** A pod whose containers will not run again (restartPolicy Never): Succeeded, Failed, or a container terminated. */
    static boolean isEnded(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return true;
        }
        return pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null
                && pod.getStatus().getContainerStatuses().stream()
                        .anyMatch(status -> status.getState() != null && status.getState().getTerminated() != null);
    }

    private static Optional<ContainerStatus> container(Pod pod, String name) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream().filter(status -> name.equals(status.getName())).findFirst();
    }

    private static Optional<PodCondition> condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(condition -> type.equals(condition.getType())).findFirst();
    }

    private static Duration age(Pod pod, Instant now) {
        String created = pod.getMetadata().getCreationTimestamp();
        if (created == null) {
            return Duration.ZERO;
        }
        return Duration.between(Instant.parse(created), now);
    }

    private static String memoryLimit(Pod pod) {
        return pod.getSpec().getContainers().stream()
                .filter(container -> DriverPodModel.CONTAINER.equals(container.getName()))
                .findFirst()
                .map(container -> container.getResources() == null || container.getResources().getLimits() == null
                        ? null : container.getResources().getLimits().get("memory"))
                .map(Object::toString)
                .orElse("unknown");
    }
}
