package io.sparkplane.controlplane.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.auth.Role;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GroupRolesTest {

    private static final GroupRoles ROLES = GroupRoles.parse("key", List.of(
            "platform=admin", " data-eng = editor@team-a ", "data-eng=viewer@team-b", "analysts=viewer@team-a", "analysts=editor@team-b",
            "analysts=viewer@team-b", "cn=ops,ou=groups=viewer@team-c"));

    /** groups (space-separated) | admin | roles (workspace:role, space-separated) */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "data-eng           | false | team-a:editor team-b:viewer",
            "analysts           | false | team-a:viewer team-b:editor",
            "data-eng analysts  | false | team-a:editor team-b:editor",
            "platform           | true  | ''",
            "platform data-eng  | true  | team-a:editor team-b:viewer",
            "sales              | false | ''",
            "Data-Eng           | false | ''",
            "cn=ops,ou=groups   | false | team-c:viewer"})
    void anIdentityGetsTheStrongestRoleItsGroupsGiveInEachWorkspace(String groups, boolean admin, String roles) {
        Caller caller = ROLES.callerFor("alice", Arrays.asList(groups.split(" ")));
        assertThat(caller.subject()).isEqualTo("oidc:alice");
        assertThat(caller.tokenId()).isEmpty();
        assertThat(caller.isAdmin()).isEqualTo(admin);
        Map<String, Role> expected = new java.util.TreeMap<>();
        for (String grant : roles.isBlank() ? new String[0] : roles.split(" ")) {
            String[] parts = grant.split(":");
            expected.put(parts[0], Role.parse(parts[1]).orElseThrow());
        }
        assertThat(caller.roles()).isEqualTo(expected);
        assertThat(caller.actsAnywhere()).isEqualTo(admin || !expected.isEmpty());
    }

    @Test
    void anEditorGroupMayActOnlyWhereItIsAnEditor() {
        Caller caller = ROLES.callerFor("alice", Set.of("data-eng"));
        caller.requireEditor("submitting");
        caller.requireEditorIn("team-a", "submitting");
        assertThatThrownBy(() -> caller.requireEditorIn("team-b", "submitting")).hasMessageContaining("role there is viewer");
        assertThatThrownBy(() -> ROLES.callerFor("bob", Set.of("sales")).requireEditor("submitting"))
                .hasMessageContaining("no role in any workspace");
        assertThat(caller.sees("team-c")).isFalse();
        assertThat(caller.visibleWorkspaces()).contains(Set.of("team-a", "team-b"));
    }

    @Test
    void itDescribesItselfAsConfigured() {
        assertThat(ROLES.describe()).isEqualTo("platform=admin, analysts=viewer@team-a, analysts=editor@team-b, cn=ops,ou=groups=viewer@team-c, "
                + "data-eng=editor@team-a, data-eng=viewer@team-b");
        assertThat(GroupRoles.parse("key", List.of()).describe()).isEqualTo("none");
    }

    /** entry | what the error says */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "data-eng                | is not <group>=admin or <group>=<editor|viewer>@<workspace>",
            "=admin                  | is not <group>=admin",
            "data-eng=owner@team-a   | the role must be admin, editor or viewer, not 'owner'",
            "platform=admin@team-a   | admin holds in every workspace; write platform=admin",
            "data-eng=editor         | editor holds in one workspace; write data-eng=editor@<workspace>",
            "data-eng=viewer@Team_A  | 'Team_A' is not a workspace id",
            "data-eng=viewer@        | '' is not a workspace id"})
    void aBadEntryIsNamedWithWhatToWrite(String entry, String message) {
        assertThatThrownBy(() -> GroupRoles.parse("sparkplane.auth.oidc.group-roles", List.of("platform=admin", entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sparkplane.auth.oidc.group-roles: '" + entry + "'")
                .hasMessageContaining(message);
    }
}
