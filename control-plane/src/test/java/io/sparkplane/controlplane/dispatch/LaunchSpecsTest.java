package io.sparkplane.controlplane.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchSpecsTest {

    @Test
    void eventLogsAreOnByDefault() {
        assertThat(LaunchSpecs.sparkConf(Map.of("spark.sql.shuffle.partitions", "8"), Map.of())).containsExactly(
                Map.entry("spark.eventLog.enabled", "true"),
                Map.entry("spark.sql.shuffle.partitions", "8"));
    }

    @Test
    void aRunThatConfiguresEventLogsKeepsItsOwn() {
        Map<String, String> own = Map.of("spark.eventLog.enabled", "false");

        assertThat(LaunchSpecs.sparkConf(own, Map.of())).isEqualTo(own);
    }

    @Test
    void theProfilesConfReachesEveryRun() {
        assertThat(LaunchSpecs.sparkConf(Map.of("spark.a", "1"), Map.of("spark.kubernetes.x", "y")))
                .containsEntry("spark.a", "1").containsEntry("spark.kubernetes.x", "y").containsEntry("spark.eventLog.enabled", "true");
    }
}
