package io.sparkplane.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FinishedClusterRetentionTest {

    private static Pod driver(String phase, String expiresAt, String deletionTimestamp) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName("sp-x-1-driver").withDeletionTimestamp(deletionTimestamp).endMetadata()
                .withNewStatus().withPhase(phase).endStatus();
        if (expiresAt != null) {
            pod.editMetadata().addToAnnotations(FinishedClusterRetention.EXPIRES_AT, expiresAt).endMetadata();
        }
        return pod.build();
    }

    @Test
    void onlyAnEndedDriverIsKeptAndOnlyWithATtl() {
        Duration ttl = Duration.ofMinutes(10);
        assertThat(FinishedClusterRetention.keeps(driver("Succeeded", null, null), ttl)).isTrue();
        assertThat(FinishedClusterRetention.keeps(driver("Failed", null, null), ttl)).isTrue();
        assertThat(FinishedClusterRetention.keeps(driver("Running", null, null), ttl)).isFalse();
        assertThat(FinishedClusterRetention.keeps(driver("Succeeded", null, "2026-12-01T10:00:00Z"), ttl)).isFalse();
        assertThat(FinishedClusterRetention.keeps(null, ttl)).isFalse();
        assertThat(FinishedClusterRetention.keeps(driver("Succeeded", null, null), Duration.ZERO)).isFalse();
    }

    @Test
    void aKeptClusterExpiresAtTheInstantOnItsDriver() {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        assertThat(FinishedClusterRetention.expired(driver("Succeeded", "2026-12-01T10:00:00Z", null), now)).isTrue();
        assertThat(FinishedClusterRetention.expired(driver("Succeeded", "2026-12-01T10:00:01Z", null), now)).isFalse();
        assertThat(FinishedClusterRetention.expired(driver("Succeeded", "next tuesday", null), now)).isTrue();
        assertThat(FinishedClusterRetention.expired(driver("Succeeded", null, null), now)).isFalse();
    }

    @Test
    void sweepsAreAQuarterOfTheTtlWithinASecondAndAMinute() {
        assertThat(FinishedClusterRetention.sweepInterval(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(1));
        assertThat(FinishedClusterRetention.sweepInterval(Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(5));
        assertThat(FinishedClusterRetention.sweepInterval(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(1));
    }
}
