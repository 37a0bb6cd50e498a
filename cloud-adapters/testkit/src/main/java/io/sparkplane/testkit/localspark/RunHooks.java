package io.sparkplane.testkit.localspark;

/**
 * What a local run asks of the fake that owns its job, batch or run. Each call takes the fake's
 * lock itself, and each re-reads the state it expects: an API call (a cancel, a cluster's deletion)
 * or a test may have moved it meanwhile, and then the run does not overwrite it.
 */
public interface RunHooks {

    /** Just before spark-submit starts: true to run it (the job is now running), false when it was cancelled or ended meanwhile. */
    boolean begin();

    /**
     * spark-submit exited by itself (not killed): the job ends by its exit code, if it is still
     * running. Its whole output is in {@link LocalRun#driverOutput()} by now.
     *
     * @param lastException the last exception line of the driver's output, or null
     */
    void exited(int exitCode, String lastException);

    /** Its inputs could not be staged (a missing object, say): it ends failed, as the service would end it. */
    void couldNotStart(String problem);

    /** Where the run is, for a fake's {@code localRuns()}: "staging", "running", "exit 0", "killed", "not run: ...". */
    void outcome(String outcome);
}
