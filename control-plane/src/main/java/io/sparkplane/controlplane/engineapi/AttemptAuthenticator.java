package io.sparkplane.controlplane.engineapi;

import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.run.AttemptTokens;
import io.sparkplane.controlplane.run.RunAttemptEntity;
import io.sparkplane.controlplane.run.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Checks that an internal engine API call comes from the launcher of an existing attempt. */
@ApplicationScoped
public class AttemptAuthenticator {

    /** The attempt a call was authenticated as, and the workspace of its run. */
    public record Caller(UUID runId, int attempt, String workspaceId) {}

    private final AttemptTokens tokens;

    AttemptAuthenticator(AttemptTokens tokens) {
        this.tokens = tokens;
    }

    /**
     * The token first, then anything else: a caller without this attempt's token learns nothing, not
     * even whether its path was well formed.
     *
     * @throws ProblemException 401 for a missing or wrong token (a malformed run id or attempt has
     *                          none that matches), 404 for an attempt that is gone
     */
    public Caller authenticate(String runId, String attempt, String authorization) {
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
        String workspace = Transactions.inNewTransaction(() -> {
            RunAttemptEntity found = RunAttemptEntity.findById(new RunAttemptEntity.Key(id, number));
            return found == null ? null : found.workspaceId;
        });
        if (workspace == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "no such attempt");
        }
        return new Caller(id, number, workspace);
    }

    private static ProblemException unauthorized() {
        return new ProblemException(ProblemType.UNAUTHORIZED, "a valid bearer token of this attempt is required");
    }
}
