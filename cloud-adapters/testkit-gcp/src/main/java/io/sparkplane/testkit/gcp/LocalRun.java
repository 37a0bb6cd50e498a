package io.sparkplane.testkit.gcp;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;

/**
 * One job's or batch's local spark-submit, as the state sees it: it can be asked to stop (its process
 * tree is killed by the run's own thread, so an RPC never waits for it), and it ends once.
 */
final class LocalRun {

    private final SparkWork work;
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private volatile boolean killRequested;

    LocalRun(SparkWork work) {
        this.work = requireNonNull(work, "work is null");
    }

    SparkWork work() {
        return work;
    }

    /** Kills its process tree soon (SIGTERM, SIGKILL after a grace); a no-op once it ended. */
    void requestKill() {
        killRequested = true;
    }

    boolean killRequested() {
        return killRequested;
    }

    /** Completes with its outcome ("exit 0", "killed", "not run: ...") once nothing of it runs any more. */
    CompletableFuture<String> ended() {
        return ended;
    }

    void end(String outcome) {
        ended.complete(outcome);
    }
}
