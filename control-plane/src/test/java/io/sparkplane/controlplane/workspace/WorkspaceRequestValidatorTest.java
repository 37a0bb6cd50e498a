package io.sparkplane.controlplane.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.controlplane.plugin.Plugins;
import io.sparkplane.controlplane.problem.FieldError;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkspaceRequestValidatorTest {

    private final WorkspaceRequestValidator validator = new WorkspaceRequestValidator(Set.of("s3", "gs", "https"),
            List.of(Path.of("/srv/sparkplane/staging"), Path.of("/home/dev/jobs")), Set.of("default", "analytics"),
            new Plugins(WorkspaceRequestValidatorTest.class.getClassLoader())::checkLocation);

    private List<String> fields(CreateWorkspaceRequest request) {
        return validator.validate(request).stream().map(FieldError::field).toList();
    }

    @Test
    void acceptsEveryStoreAndAnIdThatIsADnsLabel() {
        for (String location : List.of("s3://bucket/prefix/", "gs://bucket/", "abfss://staging@lake.dfs.core.windows.net/sparkplane",
                "wasbs://staging@lake.blob.core.windows.net/", "file:///srv/sparkplane/staging/team-a/", "file:///home/dev/jobs/staging")) {
            assertThat(fields(new CreateWorkspaceRequest("team-a", location, List.of("s3"), null))).as(location).isEmpty();
        }
        assertThat(fields(new CreateWorkspaceRequest("a", null, null, null))).isEmpty();
        assertThat(fields(new CreateWorkspaceRequest("x".repeat(63), null, List.of(), null))).isEmpty();
    }

    @Test
    void refusesIdsThatAreNotDnsLabels() {
        for (String id : List.of("", "Team", "team_a", "-team", "team-", "x".repeat(64), "team.a", "..")) {
            assertThat(fields(new CreateWorkspaceRequest(id, null, null, null))).as(id).containsExactly("id");
        }
        assertThat(fields(new CreateWorkspaceRequest(null, null, null, null))).containsExactly("id");
        assertThat(validator.validate(null)).extracting(FieldError::field).containsExactly("$");
    }

    @Test
    void aFileLocationMustBeUnderTheControlPlanesRoots() {
        assertThat(validator.validate(new CreateWorkspaceRequest("team-a", "file:///etc/", null, null)))
                .singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("stagingLocation");
                    assertThat(error.message()).contains("/srv/sparkplane/staging");
                });
        assertThat(fields(new CreateWorkspaceRequest("team-a", "file:///srv/sparkplane/staging-other/", null, null))).containsExactly("stagingLocation");
    }

    @Test
    void refusesWhatIsNotAStagingLocation() {
        for (String location : List.of("https://example.com/staging/", "s3://", "s3://bucket/../x/", "relative/path", "s3://bucket/a?x=1",
                "abfss://staging@example.com/x/", "wasbs://Bad_Container@lake.blob.core.windows.net/")) {
            assertThat(fields(new CreateWorkspaceRequest("team-a", location, null, null))).as(location).containsExactly("stagingLocation");
        }
    }

    @Test
    void schemesMustBeTheControlPlanesOwnAndListedOnce() {
        assertThat(fields(new CreateWorkspaceRequest("team-a", null, List.of("s3", "abfss", "s3", "ftp"), null)))
                .containsExactly("allowedSchemes[1]", "allowedSchemes[2]", "allowedSchemes[3]");
        assertThat(fields(new CreateWorkspaceRequest("team-a", null, java.util.Arrays.asList("s3", null), null))).containsExactly("allowedSchemes[1]");
    }

    @Test
    void aStoreProfileMustBeConfigured() {
        assertThat(fields(new CreateWorkspaceRequest("team-a", null, null, "analytics"))).isEmpty();
        assertThat(validator.validate(new CreateWorkspaceRequest("team-a", null, null, "nowhere")))
                .singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("storeProfile");
                    assertThat(error.message()).contains("analytics").contains("sparkplane.store-profiles");
                });
    }
}
