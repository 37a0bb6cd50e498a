package io.sparkplane.controlplane.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.spi.storage.Location;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchSpecsTest {

    private static final Location EVENT_LOGS = Location.parse("file:///srv/staging/runs/r/1/eventlog/");

    @Test
    void theEventLogGoesToStagingByDefault() {
        assertThat(LaunchSpecs.sparkConf(Map.of("spark.sql.shuffle.partitions", "8"), EVENT_LOGS)).containsExactly(
                Map.entry("spark.eventLog.dir", "file:///srv/staging/runs/r/1/eventlog/"),
                Map.entry("spark.eventLog.enabled", "true"),
                Map.entry("spark.sql.shuffle.partitions", "8"));
    }

    @Test
    void aRunThatConfiguresEventLogsKeepsItsOwn() {
        Map<String, String> own = Map.of("spark.eventLog.enabled", "false");

        assertThat(LaunchSpecs.sparkConf(own, EVENT_LOGS)).isEqualTo(own);
    }
}
