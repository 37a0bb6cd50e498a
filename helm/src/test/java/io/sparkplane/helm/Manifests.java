package io.sparkplane.helm;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;

/** The objects one render produced, looked up by type and name; a missing or extra object is an error. */
record Manifests(List<HasMetadata> objects) {

    Manifests {
        objects = List.copyOf(requireNonNull(objects, "objects is null"));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The only object of the type; fails when there is none or more than one. */
    <T extends HasMetadata> T only(Class<T> type) {
        List<T> found = all(type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size() + ": "
                    + found.stream().map(object -> object.getMetadata().getName()).toList());
        }
        return found.get(0);
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        List<T> found = all(type).stream().filter(object -> name.equals(object.getMetadata().getName())).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " named " + name + ", found " + found.size()
                    + " among " + all(type).stream().map(object -> object.getMetadata().getName()).toList());
        }
        return found.get(0);
    }

    Deployment deployment() {
        return only(Deployment.class);
    }

    Container controlPlaneContainer() {
        List<Container> containers = deployment().getSpec().getTemplate().getSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError("expected the control plane's container alone, found " + containers.size());
        }
        return containers.get(0);
    }

    /** The config map the control plane's container takes its environment from. */
    ConfigMap environment() {
        List<String> names = controlPlaneContainer().getEnvFrom().stream()
                .map(source -> source.getConfigMapRef().getName())
                .toList();
        if (names.size() != 1) {
            throw new AssertionError("expected one config map as environment, found " + names);
        }
        return named(ConfigMap.class, names.get(0));
    }
}
