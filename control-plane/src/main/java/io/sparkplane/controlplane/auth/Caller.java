package io.sparkplane.controlplane.auth;

import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who made an API call: the token (or, later, the external identity) and what it may do. An admin
 * sees every workspace; any other caller sees only those it names, and everything in the others
 * answers as if it did not exist.
 *
 * @param subject    how the audit names the caller: {@code token:<id>}
 * @param tokenId    the API token used, if one was
 * @param workspaces the workspace ids a non-admin caller acts in; unused for an admin
 */
public record Caller(String subject, Optional<UUID> tokenId, Role role, Set<String> workspaces) {

    public Caller {
        workspaces = Set.copyOf(workspaces);
    }

    public static Caller ofToken(UUID tokenId, Role role, Set<String> workspaces) {
        return new Caller("token:" + tokenId, Optional.of(tokenId), role, workspaces);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Whether the caller may read in a workspace; a workspace it may not read is one it cannot see at all. */
    public boolean sees(String workspaceId) {
        return isAdmin() || workspaces.contains(workspaceId);
    }

    /** The workspaces this caller sees; empty for an admin, who sees them all. */
    public Optional<Set<String>> visibleWorkspaces() {
        return isAdmin() ? Optional.empty() : Optional.of(workspaces);
    }

    /** @throws ProblemException 403 unless the caller is an admin */
    public void requireAdmin(String action) {
        if (!isAdmin()) {
            throw new ProblemException(ProblemType.FORBIDDEN, action + " needs an admin token; this token's role is " + role.wireName());
        }
    }

    /** @throws ProblemException 403 when the caller may only read; call it once the workspace is known to be visible */
    public void requireEditor(String action) {
        if (role == Role.VIEWER) {
            throw new ProblemException(ProblemType.FORBIDDEN, action + " needs an editor or admin token; this token's role is viewer");
        }
    }
}
