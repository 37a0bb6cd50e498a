package io.sparkplane.cli.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.cli.CliException;
import io.sparkplane.cli.ExitCode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A job's name finds its one job, or says why it finds none or several. */
class JobNamesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneJobOfThatNameIsTheOne() throws Exception {
        assertThat(JobNames.choose("sales", Optional.of("analytics"), jobs("analytics"))).isEqualTo("00000000-0000-0000-0000-000000000000");
    }

    @Test
    void noneIsNotFound() throws Exception {
        assertThatThrownBy(() -> JobNames.choose("sales", Optional.of("analytics"), jobs()))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.API_ERROR))
                .hasMessageContaining("no job is named 'sales' in workspace analytics");
        assertThatThrownBy(() -> JobNames.choose("sales", Optional.empty(), jobs()))
                .hasMessageContaining("in the workspaces the token sees");
    }

    @Test
    void severalInDifferentWorkspacesAskForTheWorkspace() throws Exception {
        assertThatThrownBy(() -> JobNames.choose("sales", Optional.empty(), jobs("emea", "apac")))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("2 jobs are named 'sales', in workspaces apac, emea").hasMessageContaining("-w");
    }

    private static JsonNode jobs(String... workspaces) throws Exception {
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < workspaces.length; i++) {
            items.append(i == 0 ? "" : ",").append("{\"id\": \"0000000").append(i).append("-0000-0000-0000-000000000000\", \"name\": \"sales\",")
                    .append(" \"workspace\": \"").append(workspaces[i]).append("\"}");
        }
        return JSON.readTree(items.append("]").toString());
    }
}
