package io.sparkplane.controlplane.auth;

import io.sparkplane.controlplane.config.SparkplaneConfig;
import io.sparkplane.controlplane.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How fast one token or external identity may submit runs ({@code sparkplane.auth.submissions-per-second} after a burst of
 * {@code submission-burst}), counted on each replica: behind a load balancer over N replicas a token
 * gets up to N times the rate. Beyond it a submit answers 429 with {@code Retry-After} and stores
 * nothing. The workspace quotas, not this, are what hold across replicas.
 */
@ApplicationScoped
public class SubmissionRateLimit {

    private final double perSecond;
    private final int burst;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    @Inject
    SubmissionRateLimit(SparkplaneConfig config) {
        this(config.auth().submissionsPerSecond(), config.auth().submissionBurst());
    }

    SubmissionRateLimit(double perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** @throws ProblemException 429 when the caller (by its subject) has submitted too fast */
    public void admit(Caller caller) {
        if (perSecond <= 0) {
            return;
        }
        long now = System.nanoTime();
        double wait = buckets.computeIfAbsent(caller.subject(), ignored -> new TokenBucket(perSecond, burst, now)).take(now);
        if (wait > 0) {
            String who = caller.tokenId().isPresent() ? "this token" : "this identity";
            throw ProblemException.tooMany(who + " submits more than " + perSecond + " runs a second (after a burst of " + burst
                    + "); nothing was stored: slow down", (long) Math.ceil(wait));
        }
    }
}
