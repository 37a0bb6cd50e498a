package io.sparkplane.controlplane.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The application an event log's name says, for the names Spark 3 and 4 give them under each cluster manager. */
class SparkApplicationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            // Spark 4's rolling event logs: a directory per application (standalone, local, Kubernetes, YARN)
            "eventlog_v2_app-20261207104512-0000/events_1_app-20261207104512-0000.zstd, app-20261207104512-0000, -",
            "eventlog_v2_app-20261207104512-0000/appstatus_app-20261207104512-0000, app-20261207104512-0000, -",
            "eventlog_v2_app-20261207104512-0000/appstatus_app-20261207104512-0000.inprogress, app-20261207104512-0000, -",
            "eventlog_v2_local-1765100000000/events_2_local-1765100000000, local-1765100000000, -",
            "eventlog_v2_spark-0b5c2a1e9f3d4c7a8e6b1d2f3a4b5c6d/events_1_spark-0b5c2a1e9f3d4c7a8e6b1d2f3a4b5c6d.zstd, spark-0b5c2a1e9f3d4c7a8e6b1d2f3a4b5c6d, -",
            "eventlog_v2_application_1765100000000_0001/events_1_application_1765100000000_0001, application_1765100000000_0001, -",
            // YARN in cluster mode: _<attempt> after the application id
            "eventlog_v2_application_1765100000000_0001_2/events_1_application_1765100000000_0001_2.zstd, application_1765100000000_0001, 2",
            // Spark 3's single files: <name>[.<codec>][.inprogress]
            "app-20261207104512-0000, app-20261207104512-0000, -",
            "app-20261207104512-0000.lz4, app-20261207104512-0000, -",
            "app-20261207104512-0000.zstd.inprogress, app-20261207104512-0000, -",
            "application_1765100000000_0042_1.snappy, application_1765100000000_0042, 1",
    })
    void readsTheApplicationFromTheName(String path, String id, String attemptId) {
        assertThat(SparkApplication.ofEventLogFile(path)).contains(new SparkApplication(id, attemptId));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "eventlog_v2_/events_1_x", "eventlog_v2_app-1/", "eventlog_v2_app-1/deeper/events_1_app-1",
            "other/events_1_app-1", ".hidden", "app 1.lz4", "eventlog_v2_app%2F1/events_1", "eventlog_v2_ÄPP/events_1"})
    void namesNoApplicationForOtherFiles(String path) {
        assertThat(SparkApplication.ofEventLogFile(path)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void noPathNoApplication() {
        assertThat(SparkApplication.ofEventLogFile(null)).isEqualTo(Optional.empty());
    }

    @ParameterizedTest(name = "{0} over {2}")
    @CsvSource(nullValues = "-", value = {
            // the application that started first, whatever order its files came in
            "app-20261207104512-0000, -, app-20261207104513-0000, -, true",
            "app-20261207104513-0000, -, app-20261207104512-0000, -, false",
            "app-20261207104512-0000, -, app-20261207104512-0001, -, true",
            // of one application, its latest attempt
            "application_1_0001, 2, application_1_0001, 1, true",
            "application_1_0001, 10, application_1_0001, 9, true",
            "application_1_0001, 1, application_1_0001, 2, false",
            "app-1, -, app-1, -, false",
    })
    void prefersTheFirstApplicationAndItsLatestAttempt(String id, String attempt, String otherId, String otherAttempt, boolean preferred) {
        assertThat(new SparkApplication(id, attempt).preferredTo(new SparkApplication(otherId, otherAttempt))).isEqualTo(preferred);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "app/1", "app 1", "app.1", "app?1"})
    void refusesWhatIsNoApplicationId(String id) {
        assertThatThrownBy(() -> new SparkApplication(id, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void refusesAnIdLongerThanAColumnShouldHold() {
        assertThatThrownBy(() -> new SparkApplication("x".repeat(256), null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new SparkApplication("x".repeat(255), null).id()).hasSize(255);
    }
}
