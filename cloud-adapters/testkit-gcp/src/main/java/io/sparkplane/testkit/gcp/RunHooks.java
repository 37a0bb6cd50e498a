package io.sparkplane.testkit.gcp;

/**
 * What a local run asks of the state that owns its job or batch. Each call takes the state's lock
 * itself, and each re-reads the job's or batch's state: an API call (a cancel, a cluster's deletion)
 * or a test may have moved it meanwhile, and then the run does not overwrite it.
 */
interface RunHooks {

    /** Just before spark-submit starts: true to run it (the job or batch is now RUNNING), false when it was cancelled or ended meanwhile. */
    boolean begin();

    /** spark-submit exited by itself (not killed): the job or batch ends by its exit code, if it is still RUNNING. */
    void exited(int exitCode, String lastException);

    /** Its inputs could not be staged (a missing gs:// object, say): it ends failed, as the service would end it. */
    void couldNotStart(String problem);

    /** Where the run is, for {@link FakeDataprocServer#localRuns()}: "staging", "running", "exit 0", "killed", "not run: ...". */
    void outcome(String outcome);
}
