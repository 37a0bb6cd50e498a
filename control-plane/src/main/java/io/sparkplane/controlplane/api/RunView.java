package io.sparkplane.controlplane.api;

import io.sparkplane.controlplane.run.AttemptState;
import io.sparkplane.controlplane.run.RunState;
import io.sparkplane.controlplane.run.TerminationReason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A run as the API shows it: the normalized definition plus where it stands. */
public record RunView(
        UUID id,
        String workspace,
        String name,
        SubmitRunRequest.Entrypoint entrypoint,
        List<String> args,
        List<String> pyFiles,
        List<String> jars,
        List<String> files,
        List<String> archives,
        Map<String, String> sparkConf,
        SubmitRunRequest.Resources resources,
        SubmitRunRequest.Autoscaling autoscaling,
        String backend,
        Integer timeoutSeconds,
        int maxRetries,
        Map<String, String> labels,
        RunState state,
        TerminationReason reason,
        String message,
        int attempt,
        List<AttemptView> attempts,
        Instant createdAt,
        Instant queuedAt,
        Instant provisioningAt,
        Instant startedAt,
        Instant endedAt,
        Instant cancelRequestedAt) {

    public record AttemptView(
            int attempt,
            AttemptState state,
            TerminationReason reason,
            String message,
            Integer exitCode,
            Instant provisioningAt,
            Instant startedAt,
            Instant endedAt) {}
}
