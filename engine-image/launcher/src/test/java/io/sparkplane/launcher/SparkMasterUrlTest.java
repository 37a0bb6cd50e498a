package io.sparkplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class SparkMasterUrlTest {

    @Test
    void parsesOneOrSeveralMasters() {
        assertThat(SparkMasterUrl.parse("spark://master-1:7077").endpoints())
                .containsExactly(InetSocketAddress.createUnresolved("master-1", 7077));
        assertThat(SparkMasterUrl.parse("spark://a:7077,b:7078").endpoints())
                .containsExactly(InetSocketAddress.createUnresolved("a", 7077), InetSocketAddress.createUnresolved("b", 7078));
        assertThat(SparkMasterUrl.parse("spark://[::1]:7077").endpoints())
                .containsExactly(InetSocketAddress.createUnresolved("::1", 7077));
    }

    @Test
    void refusesWhatIsNotAStandaloneMaster() {
        for (String url : new String[] {"local[2]", "spark://host", "spark://host:x", "spark://:7077", "spark://h:70000", "k8s://h:443"}) {
            assertThatThrownBy(() -> SparkMasterUrl.parse(url)).as(url).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
