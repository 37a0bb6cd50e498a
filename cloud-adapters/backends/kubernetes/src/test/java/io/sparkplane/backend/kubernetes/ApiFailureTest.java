package io.sparkplane.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

/** API server errors become messages a run can carry, each naming its cause. */
class ApiFailureTest {

    private static String failure(int code, String message) {
        KubernetesClientException error = new KubernetesClientException(message, code,
                new StatusBuilder().withCode(code).withMessage(message).build());
        return KubernetesEngineBackend.failure("cannot create the engine cluster sp-x-1", error).getMessage();
    }

    @Test
    void eachCauseIsNamedWithTheApiServersWords() {
        assertThat(failure(403, "pods is forbidden: User \"system:serviceaccount:sp:cp\" cannot create resource \"pods\""))
                .startsWith("cannot create the engine cluster sp-x-1: ")
                .contains("(RBAC)").contains("cannot create resource \"pods\"");
        assertThat(failure(403, "pods \"sp-x-1-driver\" is forbidden: exceeded quota: engines, requested: memory=2176Mi"))
                .contains("resource quota is exceeded").contains("requested: memory=2176Mi");
        assertThat(failure(422, "Pod \"sp-x-1-driver\" is invalid: spec.containers[0].image: Required value"))
                .contains("refused an object as invalid").contains("spec.containers[0].image");
        assertThat(failure(401, "Unauthorized")).contains("credentials were refused");
        assertThat(failure(503, "the server is currently unable to handle the request")).contains("HTTP 503");
    }
}
