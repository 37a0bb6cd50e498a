package io.sparkplane.backend.kubernetes;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The operator's own driver and worker pods, which the models' pods are laid over (as Spark's pod
 * template files are): what a template sets and the models do not stays — sidecars, init
 * containers, volumes, affinity, priority class, annotations, extra environment, resources such as
 * GPUs; what the models set wins — names, labels of their own, the engine container's image,
 * command, Spark's resources, and the restricted security contexts. Templates are the operator's
 * configuration, never a run's. Pure.
 *
 * @param driver laid under every driver pod
 * @param worker laid under every worker pod
 */
public record PodTemplates(Optional<Pod> driver, Optional<Pod> worker) {

    public static final PodTemplates NONE = new PodTemplates(Optional.empty(), Optional.empty());

    public PodTemplates {
        requireNonNull(driver, "driver is null");
        requireNonNull(worker, "worker is null");
    }

    Pod driverPod(Pod model) {
        return driver.map(template -> overlay(template, model)).orElse(model);
    }

    Pod workerPod(Pod model) {
        return worker.map(template -> overlay(template, model)).orElse(model);
    }

    /** {@code model} over {@code template}; a template container named as one of the model's is laid under it. */
    static Pod overlay(Pod template, Pod model) {
        ObjectMeta templateMeta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        PodSpec templateSpec = template.getSpec() == null ? new PodSpec() : template.getSpec();
        ObjectMeta modelMeta = model.getMetadata();
        PodSpec modelSpec = model.getSpec();

        ObjectMeta metadata = new ObjectMetaBuilder()
                .withName(modelMeta.getName())
                .withNamespace(modelMeta.getNamespace())
                .withLabels(merged(templateMeta.getLabels(), modelMeta.getLabels()))
                .withAnnotations(merged(templateMeta.getAnnotations(), modelMeta.getAnnotations()))
                .withOwnerReferences(modelMeta.getOwnerReferences())
                .build();

        PodSpecBuilder spec = new PodSpecBuilder(templateSpec)
                .withRestartPolicy(modelSpec.getRestartPolicy())
                .withSecurityContext(modelSpec.getSecurityContext())
                .withEnableServiceLinks(modelSpec.getEnableServiceLinks())
                .withAutomountServiceAccountToken(modelSpec.getAutomountServiceAccountToken())
                .withNodeSelector(nullIfEmpty(merged(templateSpec.getNodeSelector(), modelSpec.getNodeSelector())))
                .withTolerations(concatenated(templateSpec.getTolerations(), modelSpec.getTolerations()))
                .withImagePullSecrets(byKey(templateSpec.getImagePullSecrets(), modelSpec.getImagePullSecrets(), LocalObjectReference::getName))
                .withVolumes(byKey(templateSpec.getVolumes(), modelSpec.getVolumes(), Volume::getName))
                .withContainers(containers(templateSpec.getContainers(), modelSpec.getContainers()));
        if (modelSpec.getServiceAccountName() != null) {
            spec.withServiceAccountName(modelSpec.getServiceAccountName());
        }
        if (modelSpec.getTerminationGracePeriodSeconds() != null) {
            spec.withTerminationGracePeriodSeconds(modelSpec.getTerminationGracePeriodSeconds());
        }
        if (modelSpec.getHostname() != null) {
            spec.withHostname(modelSpec.getHostname());
        }
        if (modelSpec.getSubdomain() != null) {
            spec.withSubdomain(modelSpec.getSubdomain());
        }
        return new PodBuilder().withMetadata(metadata).withSpec(spec.build()).build();
    }

    /** The engine container first (the one {@code kubectl logs} shows), then the template's others as they are. */
    private static List<Container> containers(List<Container> template, List<Container> model) {
        List<Container> result = new ArrayList<>();
        for (Container container : model) {
            Optional<Container> under = nullSafe(template).stream().filter(candidate -> container.getName().equals(candidate.getName())).findFirst();
            result.add(under.map(base -> engine(base, container)).orElse(container));
        }
        nullSafe(template).stream()
                .filter(container -> model.stream().noneMatch(own -> own.getName().equals(container.getName())))
                .forEach(result::add);
        return result;
    }

    private static Container engine(Container template, Container model) {
        return new ContainerBuilder(template)
                .withName(model.getName())
                .withImage(model.getImage())
                .withImagePullPolicy(model.getImagePullPolicy())
                .withCommand(model.getCommand())
                // the entrypoint takes its role only: the template's args would become the role
                .withArgs(model.getArgs())
                .withEnv(byKey(template.getEnv(), model.getEnv(), EnvVar::getName))
                .withVolumeMounts(byKey(template.getVolumeMounts(), model.getVolumeMounts(), VolumeMount::getMountPath))
                .withPorts(byKey(template.getPorts(), model.getPorts(), ContainerPort::getContainerPort))
                .withResources(resources(template.getResources(), model.getResources()))
                .withSecurityContext(model.getSecurityContext())
                .withTerminationMessagePath(model.getTerminationMessagePath() != null ? model.getTerminationMessagePath() : template.getTerminationMessagePath())
                .withTerminationMessagePolicy(model.getTerminationMessagePolicy() != null ? model.getTerminationMessagePolicy() : template.getTerminationMessagePolicy())
                .build();
    }

    private static ResourceRequirements resources(ResourceRequirements template, ResourceRequirements model) {
        if (template == null) {
            return model;
        }
        return new ResourceRequirementsBuilder(template)
                .withRequests(merged(template.getRequests(), model.getRequests()))
                .withLimits(merged(template.getLimits(), model.getLimits()))
                .build();
    }

    /** The template's entries, then the model's; the model's win where both have one. */
    private static <V> Map<String, V> merged(Map<String, V> template, Map<String, V> model) {
        Map<String, V> merged = new LinkedHashMap<>();
        if (template != null) {
            merged.putAll(template);
        }
        if (model != null) {
            merged.putAll(model);
        }
        return merged;
    }

    /** The template's items, then the model's; an item of the model replaces the template's with the same key. */
    private static <T, K> List<T> byKey(List<T> template, List<T> model, Function<T, K> key) {
        Map<K, T> items = new LinkedHashMap<>();
        nullSafe(template).forEach(item -> items.put(key.apply(item), item));
        nullSafe(model).forEach(item -> items.put(key.apply(item), item));
        return new ArrayList<>(items.values());
    }

    private static <T> List<T> concatenated(List<T> template, List<T> model) {
        List<T> all = new ArrayList<>(nullSafe(template));
        all.addAll(nullSafe(model));
        return all;
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Map<String, String> nullIfEmpty(Map<String, String> map) {
        return map.isEmpty() ? null : map;
    }
}
