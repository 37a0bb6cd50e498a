package io.sparkplane.controlplane.engineapi;

import io.sparkplane.controlplane.backend.EngineProfiles;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.run.AttemptTokens;
import io.sparkplane.controlplane.run.RunAttemptEntity;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.run.Transactions;
import io.sparkplane.spi.engine.JobHosting;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Checks that an internal engine API call comes from an existing attempt's engine. A launcher's
 * token opens the whole internal API of its attempt; a service-hosted attempt's (EMR, EMR
 * Serverless) only its heartbeat: there no launcher runs, and its token sits in staging, where
 * whoever reads that staging can read it.
 */
@ApplicationScoped
public class AttemptAuthenticator {

    /** The attempt a call was authenticated as, and the workspace of its run. */
    public record Caller(UUID runId, int attempt, String workspaceId) {}

    private final AttemptTokens tokens;
    private final EngineProfiles profiles;

    AttemptAuthenticator(AttemptTokens tokens, EngineProfiles profiles) {
        this.tokens = tokens;
        this.profiles = profiles;
    }

    /** A call the launcher makes: state, log, inputs, uploads. */
    public Caller authenticate(String runId, String attempt, String authorization) {
        return authenticate(runId, attempt, authorization, false);
    }

    /** A heartbeat with the driver's backlog, which a service-hosted attempt's listener sends too. */
    public Caller authenticateReport(String runId, String attempt, String authorization) {
        return authenticate(runId, attempt, authorization, true);
    }

    /**
     * The token first, then anything else: a caller without this attempt's token learns nothing, not
     * even whether its path was well formed.
     *
     * @throws ProblemException 401 for a missing or wrong token (a malformed run id or attempt has
     *                          none that matches), 404 for an attempt that is gone
     */
    private Caller authenticate(String runId, String attempt, String authorization, boolean report) {
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring("Bearer ".length()) : null;
        if (token == null || token.isEmpty()) {
            throw unauthorized();
        }
        UUID id;
        int number;
        try {
            id = UUID.fromString(runId);
            number = Integer.parseInt(attempt);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw unauthorized();
        }
        if (!tokens.matches(id, number, token)) {
            throw unauthorized();
        }
        record Found(String workspace, String backend) {}
        Found found = Transactions.inNewTransaction(() -> {
            RunAttemptEntity entity = RunAttemptEntity.findById(new RunAttemptEntity.Key(id, number));
            RunEntity run = entity == null ? null : RunEntity.findById(id);
            return entity == null || run == null ? null : new Found(entity.workspaceId, run.backend);
        });
        if (found == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "no such attempt");
        }
        if (!report && serviceHosted(found.backend())) {
            throw new ProblemException(ProblemType.FORBIDDEN, "a service-hosted attempt's token reports its backlog only");
        }
        return new Caller(id, number, found.workspace());
    }

    private boolean serviceHosted(String backend) {
        return profiles.names().contains(backend) && profiles.hosting(backend) == JobHosting.SERVICE;
    }

    private static ProblemException unauthorized() {
        return new ProblemException(ProblemType.UNAUTHORIZED, "a valid bearer token of this attempt is required");
    }
}
