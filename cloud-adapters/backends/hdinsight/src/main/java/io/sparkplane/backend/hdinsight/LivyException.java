package io.sparkplane.backend.hdinsight;

import io.sparkplane.spi.engine.EngineBackendException;

/**
 * A Livy call that failed: Livy's answer (its status and its own words), or no answer at all. The
 * message never holds the request's credentials.
 */
final class LivyException extends EngineBackendException {

    /** Livy's HTTP status, or 0 when it did not answer (no connection, a timeout). */
    private final int status;
    /** Livy's own words ({@code msg} of its JSON answer, else the body), or what failed on the way. */
    private final String livyMessage;

    LivyException(String what, int status, String livyMessage, Throwable cause) {
        super(what + ": " + (status == 0 ? "" : status + " ") + livyMessage, cause);
        this.status = status;
        this.livyMessage = livyMessage;
    }

    int status() {
        return status;
    }

    String livyMessage() {
        return livyMessage;
    }

    /** Livy answered and refused the call as asked (a 4xx): asking again the same way is answered the same. */
    boolean refused() {
        return status >= 400 && status < 500;
    }

    /** Livy refused the login (the gateway's 401, or 403). */
    boolean unauthorized() {
        return status == 401 || status == 403;
    }
}
