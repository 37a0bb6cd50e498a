package io.sparkplane.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SubmissionRateLimitTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBucketGivesItsBurstThenItsRate() {
        TokenBucket bucket = new TokenBucket(2, 3, 0);
        assertThat(bucket.take(0)).isZero();
        assertThat(bucket.take(0)).isZero();
        assertThat(bucket.take(0)).isZero();
        assertThat(bucket.take(0)).isEqualTo(0.5);
        // half a second later, one more at 2 a second
        assertThat(bucket.take(SECOND / 2)).isZero();
        assertThat(bucket.take(SECOND / 2)).isGreaterThan(0);
        // a long pause refills only up to the burst
        long later = 100 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertThat(bucket.take(later)).isZero();
        }
        assertThat(bucket.take(later)).isGreaterThan(0);
    }

    @Test
    void aTokenPastItsRateIsTooManyWithRetryAfterAndOthersAreNot() {
        SubmissionRateLimit limit = new SubmissionRateLimit(0.5, 2);
        Caller fast = Caller.ofToken(UUID.randomUUID(), Role.EDITOR, Set.of("default"));
        Caller other = Caller.ofToken(UUID.randomUUID(), Role.EDITOR, Set.of("default"));
        limit.admit(fast);
        limit.admit(fast);
        assertThatThrownBy(() -> limit.admit(fast)).isInstanceOfSatisfying(ProblemException.class, problem -> {
            assertThat(problem.type()).isEqualTo(ProblemType.TOO_MANY_REQUESTS);
            assertThat(problem.retryAfterSeconds()).hasValueSatisfying(seconds -> assertThat(seconds).isBetween(1L, 2L));
        });
        assertThatCode(() -> limit.admit(other)).doesNotThrowAnyException();
    }

    @Test
    void zeroIsNoLimit() {
        SubmissionRateLimit none = new SubmissionRateLimit(0, 1);
        Caller caller = Caller.ofToken(UUID.randomUUID(), Role.ADMIN, Set.of());
        for (int i = 0; i < 1000; i++) {
            none.admit(caller);
        }
    }
}
