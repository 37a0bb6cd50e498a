package io.sparkplane.controlplane.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.listener.BacklogListenerConf;
import io.sparkplane.listener.ListenerJar;
import io.sparkplane.spi.engine.ServiceSparkConf;
import org.junit.jupiter.api.Test;

/**
 * The SPI names the listener's conf keys for service-hosted backends, which do not depend on the
 * listener's module; the control plane carries both, so it checks they name the same things.
 */
class ServiceSparkConfKeysTest {

    @Test
    void theServiceConfNamesWhatTheListenerReads() {
        assertThat(ServiceSparkConf.LISTENER_CLASS).isEqualTo(ListenerJar.LISTENER_CLASS);
        assertThat(ServiceSparkConf.REPORT_URL).isEqualTo(BacklogListenerConf.REPORT_URL);
        assertThat(ServiceSparkConf.REPORT_TOKEN_FILE).isEqualTo(BacklogListenerConf.REPORT_TOKEN_FILE);
    }
}
