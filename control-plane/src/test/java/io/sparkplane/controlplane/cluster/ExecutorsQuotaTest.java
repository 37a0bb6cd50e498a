package io.sparkplane.controlplane.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExecutorsQuotaTest {

    @ParameterizedTest(name = "quota {0}, others {1}, current {2}, wanted {3}: {4}")
    @CsvSource({
            "10, 0, 2, 8, 8",   // room for all of it
            "10, 6, 2, 8, 4",   // held to what the others leave
            "10, 9, 2, 8, 2",   // no room: stays, never shrinks for the quota
            "4, 0, 6, 9, 6",    // a quota lowered below what it has: no growth, no shrink
            "10, 0, 2, 2, 2",
    })
    void growthStaysWithinTheWorkspacesQuota(int quota, int others, int current, int wanted, int allowed) {
        assertThat(ExecutorsQuota.allowedWorkers(quota, others, current, wanted)).isEqualTo(allowed);
    }
}
