package io.sparkplane.controlplane.auth;

import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Who made an API call: an API token or an external (OIDC) identity, and what it may do. An admin
 * sees every workspace; any other caller has a role in each of the workspaces it acts in, and
 * everything in the others answers as if it did not exist.
 *
 * @param subject how the audit and the rate limit name the caller: {@code token:<id>} or {@code oidc:<name>}
 * @param tokenId the API token used, if one was
 * @param admin   whether the caller may do everything, in every workspace
 * @param roles   the workspaces a non-admin caller acts in, with its role in each; unused for an admin
 */
public record Caller(String subject, Optional<UUID> tokenId, boolean admin, Map<String, Role> roles) {

    public Caller {
        roles = Map.copyOf(roles);
    }

    /** A token has one role, in each of its workspaces. */
    public static Caller ofToken(UUID tokenId, Role role, Set<String> workspaces) {
        Map<String, Role> roles = new TreeMap<>();
        workspaces.forEach(workspace -> roles.put(workspace, role));
        return new Caller("token:" + tokenId, Optional.of(tokenId), role == Role.ADMIN, roles);
    }

    /** An identity of the external issuer, with the roles its groups map to. */
    public static Caller ofIdentity(String name, boolean admin, Map<String, Role> roles) {
        return new Caller("oidc:" + name, Optional.empty(), admin, roles);
    }

    public boolean isAdmin() {
        return admin;
    }

    /** Whether the caller has a role anywhere: an external identity whose groups map to none is refused outright. */
    public boolean actsAnywhere() {
        return admin || !roles.isEmpty();
    }

    /** Whether the caller may read in a workspace; a workspace it may not read is one it cannot see at all. */
    public boolean sees(String workspaceId) {
        return admin || roles.containsKey(workspaceId);
    }

    /** The workspaces this caller sees; empty for an admin, who sees them all. */
    public Optional<Set<String>> visibleWorkspaces() {
        return admin ? Optional.empty() : Optional.of(roles.keySet());
    }

    /** @throws ProblemException 403 unless the caller is an admin */
    public void requireAdmin(String action) {
        if (!admin) {
            throw new ProblemException(ProblemType.FORBIDDEN, action + " needs an admin; " + describe());
        }
    }

    /**
     * @throws ProblemException 403 when the caller may only read wherever it acts: the check before a
     *                          request's body is read, before {@link #requireEditorIn} once its workspace is known
     */
    public void requireEditor(String action) {
        if (!admin && !roles.containsValue(Role.EDITOR)) {
            throw new ProblemException(ProblemType.FORBIDDEN, action + " needs an editor or admin; " + describe());
        }
    }

    /** @throws ProblemException 403 when the caller may only read in this workspace; call it once the workspace is known to be visible */
    public void requireEditorIn(String workspaceId, String action) {
        if (!admin && roles.get(workspaceId) != Role.EDITOR) {
            String role = Optional.ofNullable(roles.get(workspaceId)).map(Role::wireName).orElse("none");
            throw new ProblemException(ProblemType.FORBIDDEN, action + " in workspace '" + workspaceId + "' needs an editor or admin; "
                    + (tokenId.isPresent() ? describe() : "this identity's role there is " + role));
        }
    }

    private String describe() {
        if (tokenId.isPresent()) {
            return "this token's role is " + (admin ? "admin" : roles.values().stream().findFirst().map(Role::wireName).orElse("none"));
        }
        if (admin) {
            return "this identity is an admin";
        }
        StringBuilder described = new StringBuilder("this identity's roles are");
        new TreeMap<>(roles).forEach((workspace, role) ->
                described.append(' ').append(role.wireName()).append(" in '").append(workspace).append("',"));
        return roles.isEmpty() ? "this identity has no role in any workspace" : described.substring(0, described.length() - 1);
    }
}
