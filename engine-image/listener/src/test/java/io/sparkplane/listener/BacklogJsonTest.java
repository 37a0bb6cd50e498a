package io.sparkplane.listener;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.api.contract.OpenApiContract;
import io.sparkplane.listener.BacklogReport.StageBacklog;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BacklogJsonTest {

    @Test
    void writesTheContractsBacklogReport() throws Exception {
        BacklogReport report = new BacklogReport(Instant.parse("2026-01-02T03:04:05.123Z"), 5, 2, 9, 1, 3, 2, 812L,
                List.of(new StageBacklog(4, 1, "map at \"job.py\":3\n\\ \u0001", 16, 5, 2, 9)));

        String json = BacklogJson.encode(report);

        assertThat(OpenApiContract.load().validateSchema("BacklogReport", json)).isEmpty();
        JsonNode node = new ObjectMapper().readTree(json);
        assertThat(node.get("at").asText()).isEqualTo("2026-01-02T03:04:05.123Z");
        assertThat(node.get("meanTaskMillis").asLong()).isEqualTo(812);
        assertThat(node.get("stages").get(0).get("name").asText()).isEqualTo("map at \"job.py\":3\n\\ \u0001");
        assertThat(node.get("stages").get(0).get("stageAttempt").asInt()).isEqualTo(1);
    }

    @Test
    void leavesOutTheMeanBeforeTheFirstTask() {
        String json = BacklogJson.encode(new BacklogReport(Instant.EPOCH, 0, 0, 0, 0, 0, 0, null, List.of()));

        assertThat(json).doesNotContain("meanTaskMillis");
        assertThat(OpenApiContract.load().validateSchema("BacklogReport", json)).isEmpty();
    }
}
