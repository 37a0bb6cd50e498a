package io.sparkplane.controlplane.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ServiceClusterSweepTest {

    @Test
    void aClusterNameSaysItsRunAndAttempt() {
        UUID run = UUID.randomUUID();
        assertThat(ServiceClusterSweep.attemptOf("sp-" + run + "-3")).contains(new ServiceClusterSweep.Attempt(run, 3));
    }

    @Test
    void aNameSparkplaneDoesNotGiveIsNotOurs() {
        assertThat(ServiceClusterSweep.attemptOf("sp-nightly-etl-1")).isEmpty();
        assertThat(ServiceClusterSweep.attemptOf("analytics")).isEmpty();
        assertThat(ServiceClusterSweep.attemptOf("sp-" + UUID.randomUUID() + "-")).isEmpty();
    }
}
