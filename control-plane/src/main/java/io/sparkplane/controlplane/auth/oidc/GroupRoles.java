package io.sparkplane.controlplane.auth.oidc;

import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.auth.Role;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What an external identity's groups let it do ({@code sparkplane.auth.oidc.group-roles}): each
 * entry is {@code <group>=admin} or {@code <group>=<editor|viewer>@<workspace>}. A group may appear
 * in several entries; an identity in several groups gets the strongest role each gives it in each
 * workspace, and is an admin when any of its groups is. Pure.
 *
 * @param admins     the groups whose members are admins
 * @param workspaces for each group, its role in each workspace
 */
public record GroupRoles(Set<String> admins, Map<String, Map<String, Role>> workspaces) {

    /** The form of a workspace id, as workspace.WorkspaceRequestValidator takes it: repeated, since auth sits below workspace. */
    private static final Pattern WORKSPACE_ID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public GroupRoles {
        admins = Set.copyOf(admins);
        workspaces = Map.copyOf(workspaces);
    }

    /** @throws IllegalArgumentException naming each entry that is not {@code group=admin} or {@code group=role@workspace} */
    public static GroupRoles parse(String key, List<String> entries) {
        Set<String> admins = new TreeSet<>();
        Map<String, Map<String, Role>> workspaces = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        for (String entry : entries) {
            String trimmed = entry.strip();
            int equals = trimmed.lastIndexOf('=');
            if (equals <= 0) {
                errors.add("'" + trimmed + "' is not <group>=admin or <group>=<editor|viewer>@<workspace>");
                continue;
            }
            String group = trimmed.substring(0, equals).strip();
            String grant = trimmed.substring(equals + 1).strip();
            int at = grant.indexOf('@');
            String roleName = at < 0 ? grant : grant.substring(0, at);
            Role role = Role.parse(roleName).orElse(null);
            if (role == null) {
                errors.add("'" + trimmed + "': the role must be admin, editor or viewer, not '" + roleName + "'");
            } else if (role == Role.ADMIN) {
                if (at >= 0) {
                    errors.add("'" + trimmed + "': admin holds in every workspace; write " + group + "=admin");
                } else {
                    admins.add(group);
                }
            } else if (at < 0) {
                errors.add("'" + trimmed + "': " + roleName + " holds in one workspace; write " + group + "=" + roleName + "@<workspace>");
            } else {
                String workspace = grant.substring(at + 1);
                if (!WORKSPACE_ID.matcher(workspace).matches()) {
                    errors.add("'" + trimmed + "': '" + workspace + "' is not a workspace id (lowercase letters, digits and dashes)");
                } else {
                    workspaces.computeIfAbsent(group, ignored -> new TreeMap<>()).merge(workspace, role, GroupRoles::stronger);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(key + ": " + String.join("; ", errors));
        }
        return new GroupRoles(admins, workspaces);
    }

    /** The caller an identity named {@code name} in {@code groups} is; one with no role anywhere sees nothing. */
    public Caller callerFor(String name, Collection<String> groups) {
        boolean admin = groups.stream().anyMatch(admins::contains);
        Map<String, Role> roles = new TreeMap<>();
        for (String group : groups) {
            workspaces.getOrDefault(group, Map.of()).forEach((workspace, role) -> roles.merge(workspace, role, GroupRoles::stronger));
        }
        return Caller.ofIdentity(name, admin, roles);
    }

    /** The mapping in the form it is configured in, one entry per grant: {@code platform=admin, data-eng=editor@team-a}. */
    public String describe() {
        List<String> entries = new ArrayList<>();
        admins.stream().sorted().forEach(group -> entries.add(group + "=admin"));
        new TreeMap<>(workspaces).forEach((group, roles) -> new TreeMap<>(roles)
                .forEach((workspace, role) -> entries.add(group + "=" + role.wireName() + "@" + workspace)));
        return entries.isEmpty() ? "none" : String.join(", ", entries);
    }

    private static Role stronger(Role one, Role other) {
        // the enum lists the strongest first
        return one.ordinal() <= other.ordinal() ? one : other;
    }
}
