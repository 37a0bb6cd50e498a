package io.sparkplane.cli.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What {@code runs get} shows of a run's Spark UI: its page on the History Server, or - without one. */
class RunLayoutsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String RUN = """
            {"id": "0b5c2a1e-9f3d-4c7a-8e6b-1d2f3a4b5c6d", "name": "sales", "workspace": "default", "state": "SUCCEEDED",
             "reason": "SUCCESS", "message": null, "attempt": 1, "backend": "local", "entrypoint": {"pythonFile": "job.py"},
             "args": [], "labels": {}, "createdAt": "2026-12-07T10:00:00Z", "startedAt": "2026-12-07T10:00:05Z",
             "endedAt": "2026-12-07T10:00:30Z"%s}
            """;

    @Test
    void showsTheHistoryServersPageOfTheRun() throws Exception {
        String details = RunLayouts.DETAILS.details(JSON.readTree(RUN.formatted(
                ", \"historyUrl\": \"http://127.0.0.1:18080/history/app-20261207100000-0000/\"")));
        assertThat(details).containsPattern("(?m)^Spark UI: +http://127\\.0\\.0\\.1:18080/history/app-20261207100000-0000/$");
    }

    @Test
    void showsADashWithoutOne() throws Exception {
        assertThat(RunLayouts.DETAILS.details(JSON.readTree(RUN.formatted("")))).containsPattern("(?m)^Spark UI: +-$");
    }
}
