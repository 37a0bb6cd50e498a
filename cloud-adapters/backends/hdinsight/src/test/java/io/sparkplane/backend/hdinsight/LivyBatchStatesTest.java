package io.sparkplane.backend.hdinsight;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.AttemptOutcome;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping of every Livy session state, and how a dead batch's log names its failure. */
class LivyBatchStatesTest {

    private static final ClusterTopology TOPOLOGY = new ClusterTopology(2, 0, 0, Map.of(), List.of());

    /** What each state maps to: the status's kind, and for an Active one whether the job has started. */
    private record Row(String state, Class<? extends ClusterStatus> kind, Boolean jobStarted, boolean ended) {}

    private static final List<Row> TABLE = List.of(
            new Row("not_started", ClusterStatus.Active.class, false, false),
            new Row("starting", ClusterStatus.Active.class, false, false),
            new Row("recovering", ClusterStatus.Active.class, false, false),
            new Row("idle", ClusterStatus.Active.class, true, false),
            new Row("running", ClusterStatus.Active.class, true, false),
            new Row("busy", ClusterStatus.Active.class, true, false),
            new Row("shutting_down", ClusterStatus.Active.class, true, false),
            new Row("error", ClusterStatus.Finished.class, null, true),
            new Row("dead", ClusterStatus.Finished.class, null, true),
            new Row("killed", ClusterStatus.Gone.class, null, true),
            new Row("success", ClusterStatus.Finished.class, null, true));

    @Test
    void everyLivyStateMapsAsTheTableSays() {
        assertThat(TABLE.stream().map(Row::state).toList()).as("the table covers every state Livy names").isEqualTo(LivyBatchStates.STATES);
        for (Row row : TABLE) {
            ClusterStatus status = LivyBatchStates.status(row.state(), List.of(), TOPOLOGY);
            assertThat(status).as(row.state()).isInstanceOf(row.kind());
            if (status instanceof ClusterStatus.Active active) {
                assertThat(active.jobStarted()).as(row.state() + " started").isEqualTo(row.jobStarted());
                assertThat(active.topology()).isEqualTo(TOPOLOGY);
                assertThat(active.detail()).isNotBlank();
            }
            assertThat(LivyBatchStates.ended(row.state())).as(row.state() + " ended").isEqualTo(row.ended());
            assertThat(LivyBatchStates.ended(row.state().toUpperCase())).as(row.state() + " in upper case").isEqualTo(row.ended());
        }
    }

    @Test
    void successIsASucceededOutcomeAndErrorTheEnginesLoss() {
        AttemptOutcome success = ((ClusterStatus.Finished) LivyBatchStates.status("success", List.of(), TOPOLOGY)).outcome();
        assertThat(success.succeeded()).isTrue();
        assertThat(success.exitCode()).isZero();

        AttemptOutcome error = ((ClusterStatus.Finished) LivyBatchStates.status("error", List.of("java.io.IOException: lost the session"),
                TOPOLOGY)).outcome();
        assertThat(error.failure()).isEqualTo(AttemptFailure.ENGINE_LOST);
        assertThat(error.message()).isEqualTo("Livy reports the batch in error: java.io.IOException: lost the session");
    }

    @Test
    void aStateLivyDoesNotNameYetIsNotAnEnd() {
        ClusterStatus status = LivyBatchStates.status("hibernating", List.of(), TOPOLOGY);
        assertThat(status).isInstanceOf(ClusterStatus.Active.class);
        assertThat(((ClusterStatus.Active) status).jobStarted()).isFalse();
        assertThat(((ClusterStatus.Active) status).detail()).contains("hibernating");
        assertThat(LivyBatchStates.ended("hibernating")).isFalse();
    }

    @Test
    void aKilledBatchIsGoneWithoutAnOutcome() {
        assertThat(((ClusterStatus.Gone) LivyBatchStates.status("killed", List.of("stdout: ", "\nstderr: "), TOPOLOGY)).detail())
                .isEqualTo("the Livy batch was killed");
    }

    @Test
    void aDeadPythonJobFailsWithTheTracebacksLastLine() {
        List<String> log = List.of("stdout: ", "starting", "\nstderr: ", "Traceback (most recent call last):",
                "  File \"/tmp/job.py\", line 7, in <module>", "    raise ValueError(\"no rows for 2026-12-01\")",
                "ValueError: no rows for 2026-12-01", "26/12/04 10:00:01 INFO ShutdownHookManager: Shutdown hook called");

        AttemptOutcome outcome = LivyBatchStates.dead(log);

        assertThat(outcome.failure()).isEqualTo(AttemptFailure.USER_CODE_ERROR);
        assertThat(outcome.message()).isEqualTo("the Livy batch is dead: ValueError: no rows for 2026-12-01");
        assertThat(outcome.exitCode()).isNull();
    }

    @Test
    void aDeadJvmJobFailsWithItsExceptionNotTheCauseNorAFrame() {
        List<String> log = List.of("stderr: ", "Exception in thread \"main\" java.lang.IllegalStateException: totals do not add up",
                "\tat com.example.DailyTotals.main(DailyTotals.java:42)", "Caused by: java.lang.ArithmeticException: / by zero",
                "\t... 3 more");

        assertThat(LivyBatchStates.dead(log).message())
                .isEqualTo("the Livy batch is dead: Exception in thread \"main\" java.lang.IllegalStateException: totals do not add up");
    }

    @Test
    void aDeadBatchsFailureIsReadFromItsLog() {
        record Case(List<String> log, AttemptFailure failure, String message) {}
        List<Case> cases = List.of(
                new Case(List.of("java.lang.OutOfMemoryError: Java heap space"), AttemptFailure.DRIVER_OUT_OF_MEMORY,
                        "the Livy batch is dead: java.lang.OutOfMemoryError: Java heap space"),
                new Case(List.of("Container killed by YARN for exceeding memory limits. 9.1 GB of 9 GB physical memory used",
                        "py4j.protocol.Py4JJavaError: An error occurred while calling o57.collect."), AttemptFailure.DRIVER_OUT_OF_MEMORY,
                        "the Livy batch is dead: py4j.protocol.Py4JJavaError: An error occurred while calling o57.collect."),
                new Case(List.of("ERROR TaskSetManager: Lost executor 3: java.lang.OutOfMemoryError on executor 3",
                        "org.apache.spark.SparkException: Job aborted due to stage failure"), AttemptFailure.USER_CODE_ERROR,
                        "the Livy batch is dead: org.apache.spark.SparkException: Job aborted due to stage failure"),
                new Case(List.of("Exception in thread \"main\" java.lang.IllegalArgumentException: Required executor memory (65536 MB) is above the"
                        + " max threshold (24576 MB) of this cluster!"), AttemptFailure.LAUNCH_FAILED,
                        "the Livy batch is dead: Exception in thread \"main\" java.lang.IllegalArgumentException: Required executor memory (65536 MB)"
                                + " is above the max threshold (24576 MB) of this cluster!"),
                // Livy's words when YARN did not start the application in time: a full queue, not the job
                new Case(List.of("stdout: ", "\nstderr: ", "\nYARN Diagnostics: ", "No YARN application is found with tag livy-batch-3-x9 in 120"
                        + " seconds. This may be because 1) spark-submit fail to submit application to YARN; or 2) YARN cluster doesn't have"
                        + " enough resources to start the application in time."), AttemptFailure.LAUNCH_FAILED,
                        "the Livy batch is dead: No YARN application is found with tag livy-batch-3-x9 in 120 seconds. This may be because 1)"
                                + " spark-submit fail to submit application to YARN; or 2) YARN cluster doesn't have enough resources to start the"
                                + " application in time."),
                new Case(List.of("stdout: ", "\nstderr: "), AttemptFailure.USER_CODE_ERROR, "the Livy batch is dead (its log names no exception)"),
                new Case(List.of(), AttemptFailure.USER_CODE_ERROR, "the Livy batch is dead (its log names no exception)"),
                new Case(List.of("stderr: KeyboardInterrupt"), AttemptFailure.USER_CODE_ERROR, "the Livy batch is dead: KeyboardInterrupt"),
                // YARN cluster mode: spark-submit's own output, the driver's in YARN; its diagnostics name what a JVM driver threw
                new Case(List.of("stdout: ", "26/12/04 10:00:00 INFO Client: Application report for application_1_0007 (state: FINISHED)",
                        "\t diagnostics: User class threw exception: java.lang.IllegalStateException: totals do not add up",
                        "Exception in thread \"main\" org.apache.spark.SparkException: Application application_1_0007 finished with failed status",
                        "\tat org.apache.spark.deploy.yarn.Client.run(Client.scala:1342)", "\nstderr: ", "\nYARN Diagnostics: "),
                        AttemptFailure.USER_CODE_ERROR, "the Livy batch is dead: java.lang.IllegalStateException: totals do not add up"),
                new Case(List.of("stdout: ", "\t diagnostics: User application exited with status 1",
                        "Exception in thread \"main\" org.apache.spark.SparkException: Application application_1_0008 finished with failed status",
                        "\nstderr: ", "\nYARN Diagnostics: ", "User application exited with status 1"), AttemptFailure.USER_CODE_ERROR,
                        "the Livy batch is dead: Exception in thread \"main\" org.apache.spark.SparkException: Application application_1_0008"
                                + " finished with failed status"));
        for (Case c : cases) {
            AttemptOutcome outcome = LivyBatchStates.dead(c.log());
            assertThat(outcome.failure()).as(c.log().toString()).isEqualTo(c.failure());
            assertThat(outcome.message()).as(c.log().toString()).isEqualTo(c.message());
        }
    }

    @Test
    void aLongExceptionLineIsCut() {
        String line = "java.lang.RuntimeException: " + "x".repeat(5000);

        String message = LivyBatchStates.lastException(List.of(line));

        assertThat(message).hasSize(LivyBatchStates.MOST_MESSAGE + 3).endsWith("...");
    }

    @Test
    void theDeadStatusCarriesTheLogsMessage() {
        ClusterStatus status = LivyBatchStates.status("dead", List.of("ZeroDivisionError: division by zero"), TOPOLOGY);

        assertThat(((ClusterStatus.Finished) status).outcome().message()).isEqualTo("the Livy batch is dead: ZeroDivisionError: division by zero");
    }
}
