package io.sparkplane.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import java.util.List;

/**
 * The restricted security of every engine pod (Kubernetes' "restricted" Pod Security Standard):
 * not root, no privilege escalation, every capability dropped, the runtime's default seccomp
 * profile, a read-only root file system (work happens on {@code emptyDir} volumes).
 */
final class EnginePodSecurity {

    /** The engine image's user and group (Apache Spark's images use 185). */
    static final long ENGINE_USER = 185;

    private EnginePodSecurity() {}

    static PodSecurityContext pod() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(ENGINE_USER)
                .withRunAsGroup(ENGINE_USER)
                .withFsGroup(ENGINE_USER)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    static SecurityContext container() {
        return new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withPrivileged(false)
                .withCapabilities(new Capabilities(List.of(), List.of("ALL")))
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }
}
