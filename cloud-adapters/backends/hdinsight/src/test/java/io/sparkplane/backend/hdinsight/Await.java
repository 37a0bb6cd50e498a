package io.sparkplane.backend.hdinsight;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for a fake to move on: the value once {@code done} holds of it, or the last one seen after a minute (the assertion says what it was). */
final class Await {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private Await() {}

    static <T> T until(Supplier<T> value, Predicate<T> done) {
        T last = value.get();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.test(last) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            last = value.get();
        }
        return last;
    }
}
