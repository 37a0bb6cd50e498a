package io.sparkplane.testkit.azure;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One batch as the fake holds it now, for tests' assertions.
 *
 * @param owner the user who created it (the Basic auth user), empty without authentication
 * @param log its whole log as GET /batches/{id}/log serves it (Livy's "stdout: ", "\nstderr: " and
 *     "\nYARN Diagnostics: " sections)
 */
public record LivyBatch(
        int id,
        Optional<String> name,
        Optional<String> owner,
        Optional<String> proxyUser,
        LivyState state,
        Optional<String> appId,
        LivyBatchRequest request,
        List<String> log) {

    public LivyBatch {
        requireNonNull(state, "state is null");
        requireNonNull(request, "request is null");
        log = List.copyOf(log);
    }
}
