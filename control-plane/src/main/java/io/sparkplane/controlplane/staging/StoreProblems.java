package io.sparkplane.controlplane.staging;

import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.spi.storage.ObjectStoreException;

/** How a store failure is answered: the store's message (which names the URI, never a secret) with a fitting status. */
public final class StoreProblems {

    private StoreProblems() {}

    public static ProblemException of(ObjectStoreException e) {
        ProblemType type = switch (e.kind()) {
            case NOT_FOUND -> ProblemType.NOT_FOUND;
            case ACCESS_DENIED -> ProblemType.FORBIDDEN;
            case UNAVAILABLE, FAILED -> ProblemType.BAD_GATEWAY;
        };
        return new ProblemException(type, e.getMessage());
    }
}
