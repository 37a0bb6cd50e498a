package io.sparkplane.autoscaler;

import static io.sparkplane.autoscaler.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of every policy over many random inputs, drawn from a seeded {@link Random} so a
 * failure is reproducible: the failing trial's description is in the assertion message.
 */
class ScalingPolicyPropertiesTest {

    private static ScalingPolicy randomPolicy(Random random) {
        switch (random.nextInt(3)) {
            case 0:
                return new StaticPolicy(random.nextInt(21));
            case 1:
                return new DynamicAllocationPolicy(Duration.ofMillis(500 + random.nextInt(9_500)),
                        Duration.ofMillis(500 + random.nextInt(9_500)), Duration.ofSeconds(10 + random.nextInt(111)));
            default:
                return randomBacklogPolicy(random);
        }
    }

    private static BacklogPolicy randomBacklogPolicy(Random random) {
        return new BacklogPolicy(Duration.ofSeconds(5 + random.nextInt(116)), 1.0 + 3.0 * random.nextDouble(),
                Duration.ofSeconds(10 + random.nextInt(171)),
                random.nextInt(4) == 0 ? Duration.ZERO : Duration.ofSeconds(1 + random.nextInt(180)));
    }

    private static Instant randomPastOrNull(Random random, Instant now) {
        return random.nextInt(4) == 0 ? null : now.minusMillis(random.nextInt(600_000));
    }

    @Test
    void decisionsAlwaysLieWithinBoundsAndAreDeterministic() {
        Random random = new Random(20_261_125L);
        for (int trial = 0; trial < 50_000; trial++) {
            ScalingPolicy policy = randomPolicy(random);
            int min = random.nextInt(9);
            int max = Math.max(1, min + random.nextInt(25));
            int cores = 1 + random.nextInt(16);
            int current = random.nextInt(max + 6);
            Instant now = T0.plusSeconds(3_600);
            ClusterState cluster = new ClusterState(current, min, max, cores, randomPastOrNull(random, now),
                    randomPastOrNull(random, now), randomPastOrNull(random, now), randomPastOrNull(random, now),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(64));
            int alive = random.nextInt(current + 3);
            BacklogSnapshot backlog = new BacklogSnapshot(now, random.nextInt(3) == 0 ? 0 : random.nextInt(5_000),
                    random.nextInt(500), alive, random.nextInt(alive + 1),
                    random.nextInt(4) == 0 ? null : Duration.ofMillis(random.nextInt(600_000)));
            String description = "trial " + trial + ": " + policy + ", " + cluster + ", " + backlog;

            ScalingDecision decision = policy.decide(backlog, cluster, now);

            assertThat(decision.desiredWorkers()).as(description).isBetween(min, max);
            assertThat(decision.reason()).as(description).isNotBlank();
            if (policy instanceof BacklogPolicy && current >= min && current <= max && decision.desiredWorkers() < current) {
                assertThat(decision.desiredWorkers()).as(description + ": a scale-down keeps every executor running a task")
                        .isGreaterThanOrEqualTo(Math.min(backlog.executorsBusy(), max));
            }
            assertThat(policy.decide(backlog, cluster, now)).as(description).isEqualTo(decision);
        }
    }

    /** What a cluster whose workers are all alive shows under the given load. */
    private static BacklogSnapshot snapshot(ClusterState cluster, Instant now, int pending, int running,
            Duration average) {
        int alive = cluster.currentWorkers();
        int busy = pending > 0 ? alive : Math.min(alive, (running + cluster.coresPerWorker() - 1) / cluster.coresPerWorker());
        return new BacklogSnapshot(now, pending, running, alive, busy, average);
    }

    @Test
    void aConstantBacklogConvergesToAFixedPoint() {
        Random random = new Random(7L);
        for (int trial = 0; trial < 1_000; trial++) {
            ScalingPolicy policy = randomPolicy(random);
            int min = random.nextInt(5);
            int max = Math.max(1, min + random.nextInt(33));
            int cores = 1 + random.nextInt(8);
            int pending = random.nextInt(3) == 0 ? 0 : random.nextInt(3_000);
            int running = random.nextInt(200);
            Duration average = random.nextInt(4) == 0 ? null : Duration.ofMillis(1 + random.nextInt(120_000));
            ClusterState cluster = ClusterState.created(min + random.nextInt(max - min + 1), min, max, cores, T0);
            String description = "trial " + trial + ": " + policy + ", start " + cluster + ", pending " + pending
                    + ", running " + running + ", average " + average;

            int lastChange = -1;
            for (int step = 0; step < 2_000; step++) {
                Instant now = T0.plusSeconds(step);
                BacklogSnapshot backlog = snapshot(cluster, now, pending, running, average);
                cluster = cluster.afterObserving(backlog);
                int desired = policy.decide(backlog, cluster, now).desiredWorkers();
                if (desired != cluster.currentWorkers()) {
                    lastChange = step;
                    cluster = cluster.afterResize(desired, now);
                }
            }
            assertThat(lastChange).as(description).isLessThan(1_000);
        }
    }

    @Test
    void anOscillatingBacklogNeverMakesTheBacklogPolicyFlap() {
        Random random = new Random(11L);
        int scaleDowns = 0;
        for (int trial = 0; trial < 1_000; trial++) {
            BacklogPolicy policy = randomBacklogPolicy(random);
            long window = policy.scaleDownStabilization().toSeconds();
            int min = random.nextInt(4);
            int max = Math.max(1, min + 1 + random.nextInt(32));
            int cores = 1 + random.nextInt(8);
            int highPending = 1 + random.nextInt(5_000);
            int lowRunning = random.nextInt(3 * cores);
            Duration average = Duration.ofMillis(100 + random.nextInt(10_000));
            int highSeconds = 1 + random.nextInt(120);
            boolean shortLows = random.nextBoolean();
            int lowSeconds = shortLows ? 1 + random.nextInt((int) window - 1) : (int) window + random.nextInt(200);
            ClusterState cluster = ClusterState.created(min, min, max, cores, T0);
            String description = "trial " + trial + ": " + policy + ", bounds [" + min + ", " + max + "] × " + cores
                    + " cores, high " + highPending + " pending for " + highSeconds + " s, low " + lowRunning
                    + " running for " + lowSeconds + " s";

            List<int[]> changes = new ArrayList<>(); // {second, from, to}
            for (int second = 0; second < 3_600; second++) {
                Instant now = T0.plusSeconds(second);
                boolean high = second % (highSeconds + lowSeconds) < highSeconds;
                BacklogSnapshot backlog = snapshot(cluster, now, high ? highPending : 0,
                        high ? cores * cluster.currentWorkers() : lowRunning, average);
                cluster = cluster.afterObserving(backlog);
                int desired = policy.decide(backlog, cluster, now).desiredWorkers();
                if (desired < min || desired > max) {
                    fail(description + ": " + desired + " workers at " + second + " s is out of bounds");
                }
                if (desired != cluster.currentWorkers()) {
                    changes.add(new int[] {second, cluster.currentWorkers(), desired});
                    cluster = cluster.afterResize(desired, now);
                }
            }

            for (int index = 1; index < changes.size(); index++) {
                int[] change = changes.get(index);
                if (change[2] < change[1]) {
                    scaleDowns++;
                    assertThat(change[0] - changes.get(index - 1)[0])
                            .as(description + ": a scale-down at " + change[0] + " s comes a whole window after the"
                                    + " previous change")
                            .isGreaterThanOrEqualTo((int) window);
                }
            }
            if (shortLows) {
                assertThat(changes).as(description + ": backlog returns within the window, so never a scale-down")
                        .allSatisfy(change -> assertThat(change[2]).isGreaterThan(change[1]));
                int largest = changes.isEmpty() ? min : changes.get(changes.size() - 1)[2];
                long changesAfterRamp = changes.stream().filter(change -> change[1] == largest).count();
                assertThat(changesAfterRamp).as(description + ": no change once ramped up").isZero();
                assertThat(changes.size()).as(description + ": at most one ramp step per worker added")
                        .isLessThanOrEqualTo(largest - min);
            }
        }
        assertThat(scaleDowns).as("the long quiet phases exercise scale-downs").isGreaterThan(50);
    }
}
