package io.sparkplane.controlplane.run;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.OptimisticLockException;
import java.util.function.Supplier;
import org.hibernate.StaleStateException;

/** Runs work in its own transaction, again when a concurrent writer won the optimistic lock. */
public final class Transactions {

    private static final int ATTEMPTS = 5;

    private Transactions() {}

    public static <T> T inNewTransaction(Supplier<T> work) {
        RuntimeException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            try {
                return QuarkusTransaction.requiringNew().call(work::get);
            } catch (RuntimeException e) {
                if (!isConflict(e)) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    public static void inNewTransaction(Runnable work) {
        inNewTransaction(() -> {
            work.run();
            return null;
        });
    }

    /** Whether {@link #inNewTransaction} tries the work again after this error. */
    public static boolean isRetryable(Throwable error) {
        return isConflict(error);
    }

    /** A lost optimistic lock, or PostgreSQL breaking a deadlock or a serialization conflict: worth another try. */
    static boolean isConflict(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof OptimisticLockException || cause instanceof StaleStateException) {
                return true;
            }
            if (cause instanceof java.sql.SQLException sql && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
