package io.sparkplane.controlplane.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuditActionTest {

    @ParameterizedTest
    @CsvSource({
        "POST, /api/v1/runs, runs.submit, run, ",
        "POST, /api/v1/runs/r1/cancel, runs.cancel, run, r1",
        "POST, /livy/batches, runs.submit, run, ",
        "DELETE, /livy/batches/12, runs.cancel, run, 12",
        "DELETE, /api/v1/tokens/t1, tokens.revoke, token, t1",
        "PUT, /livy/batches, PUT /livy/batches, unknown, ",
    })
    void everySurfacesMutatingCallsAreNamedActions(String method, String path, String name, String objectType, String objectId) {
        assertThat(AuditAction.of(method, path)).isEqualTo(new AuditAction(name, objectType, Optional.ofNullable(objectId)));
    }
}
