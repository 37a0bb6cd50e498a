package io.sparkplane.controlplane.job;

import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;

/** A start refused by the job's SKIP policy: it has {@code maxConcurrentRuns} runs that have not ended. Nothing was started. */
public class JobAtMaxConcurrencyException extends ProblemException {

    public JobAtMaxConcurrencyException(String detail) {
        super(ProblemType.CONFLICT, detail);
    }
}
