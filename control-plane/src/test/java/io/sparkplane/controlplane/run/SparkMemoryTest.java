package io.sparkplane.controlplane.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SparkMemoryTest {

    @ParameterizedTest(name = "{0} = {1} MiB, written {2}")
    @CsvSource({"512m, 512, 512m", "2g, 2048, 2g", "3G, 3072, 3g", "1536M, 1536, 1536m", "1024m, 1024, 1g"})
    void parsesAndWritesSparkSizes(String text, int mib, String written) {
        assertThat(SparkMemory.mib(text)).contains(mib);
        assertThat(SparkMemory.format(mib)).isEqualTo(written);
    }

    @Test
    void aSizeBeyondAnIntIsCappedNotWrapped() {
        assertThat(SparkMemory.mib("9999999g")).contains(Integer.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lots", "1k", "1.5g", "0m", "-1g", "1 g", "12345678m"})
    void refusesWhatSparkWouldNot(String text) {
        assertThat(SparkMemory.mib(text)).isEmpty();
    }
}
