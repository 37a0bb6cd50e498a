package io.sparkplane.controlplane.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchSpecsTest {

    @Test
    void eventLogsAreOnByDefault() {
        assertThat(LaunchSpecs.sparkConf(Map.of("spark.sql.shuffle.partitions", "8"))).containsExactly(
                Map.entry("spark.eventLog.enabled", "true"),
                Map.entry("spark.sql.shuffle.partitions", "8"));
    }

    @Test
    void aRunThatConfiguresEventLogsKeepsItsOwn() {
        Map<String, String> own = Map.of("spark.eventLog.enabled", "false");

        assertThat(LaunchSpecs.sparkConf(own)).isEqualTo(own);
    }
}
