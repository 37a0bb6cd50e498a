package io.sparkplane.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.controlplane.run.SparkApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Links to an application's page on a History Server, from the setting as people write it. */
class HistoryLinksTest {

    @ParameterizedTest(name = "{0} + {1}/{2}")
    @CsvSource(nullValues = "-", value = {
            "http://127.0.0.1:18080, app-20261207104512-0000, -, http://127.0.0.1:18080/history/app-20261207104512-0000/",
            "http://127.0.0.1:18080/, app-20261207104512-0000, -, http://127.0.0.1:18080/history/app-20261207104512-0000/",
            "http://127.0.0.1:18080///, local-1765100000000, -, http://127.0.0.1:18080/history/local-1765100000000/",
            "'  http://localhost:18080  ', local-1765100000000, -, http://localhost:18080/history/local-1765100000000/",
            // behind a proxy: the path is kept
            "https://spark.example.com/history-server/, app-1, -, https://spark.example.com/history-server/history/app-1/",
            "https://spark.example.com/a%20b/, app-1, -, https://spark.example.com/a%20b/history/app-1/",
            "HTTPS://spark.example.com, app-1, -, HTTPS://spark.example.com/history/app-1/",
            // an application with attempts (YARN in cluster mode): Spark's /history/<appId>/<attemptId>/
            "http://127.0.0.1:18080, application_1765100000000_0001, 2, http://127.0.0.1:18080/history/application_1765100000000_0001/2/",
    })
    void linksToTheApplicationsPage(String setting, String id, String attemptId, String link) {
        assertThat(HistoryLinks.link(HistoryLinks.base(setting), new SparkApplication(id, attemptId))).isEqualTo(link);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(value = {
            "app-20261207104512-0000, app-20261207104512-0000",
            "a_b.c~d, a_b.c~d",
            "a/b, a%2Fb",
            "a b?c#d, a%20b%3Fc%23d",
            "..%, ..%25",
            "ä, %C3%A4",
    })
    void escapesEachIdAsOnePathSegment(String id, String segment) {
        assertThat(HistoryLinks.segment(id)).isEqualTo(segment);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"127.0.0.1:18080", "localhost", "ftp://127.0.0.1:18080", "file:///tmp/history", "http://", "http:///history",
            "http://127.0.0.1:18080/?x=1", "http://127.0.0.1:18080/#top", "http://user:secret@127.0.0.1:18080", "http://exa mple.com"})
    void refusesWhatIsNoHistoryServerUrl(String setting) {
        assertThatThrownBy(() -> HistoryLinks.base(setting)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sparkplane.history.url");
    }
}
