package io.sparkplane.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EngineBackend} must do, run by each backend module against its peer (the real
 * thing where it runs here, else the most faithful stand-in, named by the subclass): the control
 * plane calls these from loops that retry after a crash, so each call must be safe to repeat and
 * must leave nothing behind when it gives up.
 *
 * <p>The subclass gives the backend, a spec whose engine keeps running until it is stopped, and a
 * way to see what of a cluster exists in the peer. Every cluster a test makes is terminated after
 * it, whatever the test found.
 */
public abstract class EngineBackendContract {

    /** How long a backend may take to show what it did (a watch catching up, processes exiting). */
    protected static final Duration SETTLE = Duration.ofSeconds(60);

    private final List<ClusterRef> made = new ArrayList<>();

    /** The backend under test, against its peer; one per test. */
    protected abstract EngineBackend backend();

    /** A second backend against the same peer, as a control plane restarted since would make it. */
    protected abstract EngineBackend restarted();

    /**
     * A new cluster's spec (a run id of its own) whose engine keeps running until it is terminated,
     * with {@code minWorkers..maxWorkers} as its bounds and {@code minWorkers} workers to start with.
     */
    protected abstract ClusterSpec runningCluster(int minWorkers, int maxWorkers);

    /** What of the spec's cluster exists in the peer now (processes, objects), by name; empty once it is gone. */
    protected abstract Set<String> leftovers(ClusterSpec spec);

    /**
     * The spec's cluster's workers in the peer now (processes, pods, instances asked of the cloud),
     * not counting those being stopped.
     */
    protected abstract int workers(ClusterSpec spec);

    /**
     * True for a backend whose service sizes the job itself (EMR Serverless): its resize changes
     * nothing in the peer and only reports the bounded count, and {@link #workers} is not asked.
     */
    protected boolean serviceScalesItself() {
        return false;
    }

    /**
     * False for a backend that grows its cluster's workers but never removes them under the running
     * job (HDInsight fails a cluster's running jobs when it removes nodes): its resize down reports
     * the count wanted, Spark's dynamic allocation lets the executors go, and {@link #workers} is not
     * asked after it.
     */
    protected boolean shrinksWorkers() {
        return true;
    }

    /**
     * Waits until the spec's engine has started all it starts (its job runs), so that what exists
     * of it stops changing; by default it does not wait.
     */
    protected void awaitStarted(ClusterSpec spec) {}

    /** Makes the cluster vanish behind the backend's back, as an operator or a node failure would (killed, deleted). */
    protected abstract void vanish(ClusterSpec spec);

    /**
     * A backend against the same peer whose next {@code provision} of {@code spec} fails after it
     * made part of the cluster (a refused object, a launcher that cannot start).
     */
    protected abstract EngineBackend failingHalfway(ClusterSpec spec);

    /** What the error of {@link #failingHalfway}'s provision says, as the run's user will read it: the peer's reason. */
    protected abstract String halfwayFailure();

    /**
     * Through a backend of its own: a subclass may have closed {@link #backend()} in its own
     * {@code @AfterEach}, which JUnit runs before this one.
     */
    @AfterEach
    void terminateWhatTheTestMade() {
        if (made.isEmpty()) {
            return;
        }
        try (EngineBackend cleaner = restarted()) {
            for (ClusterRef cluster : made) {
                try {
                    cleaner.terminate(cluster);
                } catch (RuntimeException e) {
                    // the test's own assertion says what went wrong
                }
            }
        }
    }

    private ClusterRef provision(ClusterSpec spec) {
        ClusterRef cluster = backend().provision(spec);
        made.add(cluster);
        return cluster;
    }

    @Test
    void provisioningAgainAdoptsTheClusterItMade() {
        ClusterSpec spec = runningCluster(1, 2);
        ClusterRef cluster = provision(spec);

        assertThat(cluster.backend()).isEqualTo(backend().name());
        assertThat(cluster.clusterName()).isEqualTo(spec.clusterName());
        assertThat(backend().provision(spec)).as("a second provision of one spec").isEqualTo(cluster);
        assertThat(eventually(() -> backend().describe(cluster), ClusterStatus.Active.class::isInstance)).isInstanceOf(ClusterStatus.Active.class);
    }

    @Test
    void aRestartedControlPlaneAdoptsTheClusterInsteadOfMakingAnother() {
        ClusterSpec spec = runningCluster(1, 2);
        ClusterRef cluster = provision(spec);
        awaitStarted(spec);
        Set<String> before = settled(() -> leftovers(spec));

        try (EngineBackend afterRestart = restarted()) {
            assertThat(afterRestart.provision(spec)).isEqualTo(cluster);
            assertThat(eventually(() -> afterRestart.describe(cluster), ClusterStatus.Active.class::isInstance))
                    .isInstanceOf(ClusterStatus.Active.class);
        }
        assertThat(settled(() -> leftovers(spec))).as("nothing made twice").containsAll(before).hasSameSizeAs(before);
    }

    @Test
    void resizeKeepsTheClusterWithinItsBounds() {
        ClusterSpec spec = runningCluster(1, 2);
        ClusterRef cluster = provision(spec);

        ClusterTopology grown = eventually(() -> backend().resize(cluster, 5), topology -> topology.desiredWorkers() == 2);
        assertThat(grown.desiredWorkers()).as("resized to 5 within 1..2").isEqualTo(2);
        if (!serviceScalesItself()) {
            assertThat(eventually(() -> workers(spec), count -> count == 2)).as("workers in the peer after resizing to 5 within 1..2")
                    .isEqualTo(2);
        }
        ClusterTopology shrunk = eventually(() -> backend().resize(cluster, 0), topology -> topology.desiredWorkers() == 1);
        assertThat(shrunk.desiredWorkers()).as("resized to 0 within 1..2").isEqualTo(1);
        if (!serviceScalesItself() && shrinksWorkers()) {
            assertThat(eventually(() -> workers(spec), count -> count == 1)).as("workers in the peer after resizing to 0 within 1..2")
                    .isEqualTo(1);
        }
        assertThat(backend().describe(cluster)).as("a resized cluster goes on").isInstanceOf(ClusterStatus.Active.class);
    }

    @Test
    void terminateLeavesNothingAndMayBeRepeatedAndLeavesOtherClustersAlone() {
        ClusterSpec spec = runningCluster(1, 2);
        ClusterSpec other = runningCluster(1, 1);
        ClusterRef cluster = provision(spec);
        provision(other);
        awaitStarted(spec);
        awaitStarted(other);
        assertThat(settled(() -> leftovers(spec))).isNotEmpty();
        Set<String> others = settled(() -> leftovers(other));

        backend().terminate(cluster);

        assertThat(eventually(() -> leftovers(spec), Set::isEmpty)).as("what terminate left").isEmpty();
        assertThat(leftovers(other)).as("the other cluster").containsAll(others);
        backend().terminate(cluster);
        assertThat(eventually(() -> backend().describe(cluster), ClusterStatus.Gone.class::isInstance)).isInstanceOf(ClusterStatus.Gone.class);
    }

    @Test
    void releasingAClusterThatStillRunsTearsItDown() {
        ClusterSpec spec = runningCluster(1, 1);
        ClusterRef cluster = provision(spec);

        backend().release(cluster);

        assertThat(eventually(() -> leftovers(spec), Set::isEmpty)).as("what release left of a running cluster").isEmpty();
    }

    @Test
    void aClusterThatVanishedIsGoneAndItsTeardownStillWorks() {
        ClusterSpec spec = runningCluster(1, 2);
        ClusterRef cluster = provision(spec);
        settled(() -> leftovers(spec));

        vanish(spec);

        ClusterStatus status = eventually(() -> backend().describe(cluster), ClusterStatus.Gone.class::isInstance);
        assertThat(status).isInstanceOf(ClusterStatus.Gone.class);
        assertThat(((ClusterStatus.Gone) status).detail()).isNotBlank();
        backend().terminate(cluster);
        assertThat(eventually(() -> leftovers(spec), Set::isEmpty)).isEmpty();
    }

    @Test
    void aProvisionThatFailsHalfwayLeavesNothingBehind() {
        ClusterSpec spec = runningCluster(1, 2);

        try {
            try (EngineBackend failing = failingHalfway(spec)) {
                assertThatThrownBy(() -> failing.provision(spec)).isInstanceOf(EngineBackendException.class)
                        .hasMessageContaining(halfwayFailure()).hasMessageNotContaining("null");
            }

            assertThat(eventually(() -> leftovers(spec), Set::isEmpty)).as("what the failed provision left").isEmpty();
        } finally {
            // no cluster reference to terminate: what a failing backend left must not outlive the test
            if (!leftovers(spec).isEmpty()) {
                vanish(spec);
            }
        }
    }

    /** The value once it stops changing for a moment (a cluster still starting up grows its leftovers). */
    private static Set<String> settled(Supplier<Set<String>> value) {
        Set<String> last = value.get();
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            sleep(Duration.ofSeconds(2));
            Set<String> now = value.get();
            if (now.equals(last) && !now.isEmpty()) {
                return now;
            }
            last = now;
        }
        return last;
    }

    /** The value once {@code done} holds of it, or the last one seen after {@link #SETTLE}. */
    protected static <T> T eventually(Supplier<T> value, Predicate<T> done) {
        T last = value.get();
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!done.test(last) && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(200));
            last = value.get();
        }
        return last;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
