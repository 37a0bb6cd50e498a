package io.sparkplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExceptionLineExtractorTest {

    static Stream<Arguments> logs() {
        return Stream.of(
                Arguments.of("plain python exception", """
                        26/11/25 04:42:27 INFO SparkContext: Running Spark version 4.0.1
                        Traceback (most recent call last):
                          File "/tmp/job.py", line 12, in <module>
                            main()
                          File "/tmp/job.py", line 9, in main
                            raise ValueError("bad input row 7")
                        ValueError: bad input row 7
                        26/11/25 04:42:36 INFO SparkContext: SparkContext is stopping with exitCode 0.
                        """, "ValueError: bad input row 7"),
                Arguments.of("python 3.11 markers and interleaved log4j lines", """
                        Traceback (most recent call last):
                          File "/tmp/job.py", line 6, in <module>
                            spark.sql("select * from nope").show()
                            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
                        26/11/25 04:42:33 WARN SQLQueryContextLogger: something in between
                          File "/x/pyspark.zip/pyspark/errors/exceptions/captured.py", line 288, in deco
                            raise converted from None
                        {"ts": "2026-11-25 04:42:33.608", "level": "ERROR", "logger": "SQLQueryContextLogger", "msg": "x"}
                        pyspark.errors.exceptions.captured.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table or view `nope` cannot be found. Verify the spelling and correctness of the schema and catalog.
                        If you did not qualify the name with a schema, verify the current_schema() output.
                        'Project [*]
                        +- 'UnresolvedRelation [nope], [], false
                        """,
                        "pyspark.errors.exceptions.captured.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table or view `nope` "
                                + "cannot be found. Verify the spelling and correctness of the schema and catalog."),
                Arguments.of("chained exceptions: the last traceback wins", """
                        Traceback (most recent call last):
                          File "/tmp/job.py", line 3, in <module>
                            int("x")
                        ValueError: invalid literal for int() with base 10: 'x'

                        During handling of the above exception, another exception occurred:

                        Traceback (most recent call last):
                          File "/tmp/job.py", line 5, in <module>
                            raise RuntimeError("could not parse the config")
                        RuntimeError: could not parse the config
                        """, "RuntimeError: could not parse the config"),
                Arguments.of("raise from: the last traceback wins", """
                        Traceback (most recent call last):
                          File "/tmp/job.py", line 3, in <module>
                        KeyError: 'column'

                        The above exception was the direct cause of the following exception:

                        Traceback (most recent call last):
                          File "/tmp/job.py", line 5, in <module>
                        myjob.errors.SchemaError: column missing
                        """, "myjob.errors.SchemaError: column missing"),
                Arguments.of("an exception without a message", """
                        Traceback (most recent call last):
                          File "/tmp/job.py", line 2, in <module>
                            sys.exit(main())
                        KeyboardInterrupt
                        """, "KeyboardInterrupt"),
                Arguments.of("py4j error with the worker traceback inside its message", """
                        Traceback (most recent call last):
                          File "/tmp/job.py", line 9, in <module>
                            spark.range(3).rdd.map(f).collect()
                        py4j.protocol.Py4JJavaError: An error occurred while calling z:org.apache.spark.api.python.PythonRDD.collectAndServe.
                        : org.apache.spark.SparkException: Job aborted due to stage failure: ... org.apache.spark.api.python.PythonException: Traceback (most recent call last):
                          File "/tmp/job.py", line 4, in f
                            raise ValueError("bad input row 7")
                        ValueError: bad input row 7

                        \tat org.apache.spark.api.python.BasePythonRunner$ReaderIterator.handlePythonException(PythonRunner.scala:581)
                        """,
                        "py4j.protocol.Py4JJavaError: An error occurred while calling z:org.apache.spark.api.python.PythonRDD.collectAndServe."),
                Arguments.of("a UDF failure whose captured message holds the worker's traceback", """
                        Traceback (most recent call last):
                          File "/tmp/job.py", line 9, in <module>
                            df.collect()
                        pyspark.errors.exceptions.captured.PythonException:\s
                          An exception was thrown from the Python worker. Please see the stack trace below.
                        Traceback (most recent call last):
                          File "/tmp/job.py", line 4, in f
                        ZeroDivisionError: division by zero
                        """, "ZeroDivisionError: division by zero"),
                Arguments.of("JVM main exception", """
                        26/11/25 04:42:27 INFO SparkContext: Running Spark version 4.0.1
                        Exception in thread "main" java.lang.IllegalStateException: no input at s3://bucket/x
                        \tat com.example.Job.main(Job.java:12)
                        Caused by: java.io.FileNotFoundException: x
                        """, "Exception in thread \"main\" java.lang.IllegalStateException: no input at s3://bucket/x"),
                Arguments.of("python traceback preferred over a JVM line", """
                        Exception in thread "main" java.lang.RuntimeException: earlier
                        Traceback (most recent call last):
                          File "/tmp/job.py", line 1, in <module>
                        NameError: name 'x' is not defined
                        """, "NameError: name 'x' is not defined"),
                Arguments.of("the launcher's own lines are not exceptions", """
                        Traceback (most recent call last):
                          File "/tmp/job.py", line 1, in <module>
                        [sparkplane] spark-submit exited with code 1
                        """, null),
                Arguments.of("no exception", """
                        26/11/25 04:42:27 INFO SparkContext: Running Spark version 4.0.1
                        result: 42
                        26/11/25 04:42:36 INFO ShutdownHookManager: Shutdown hook called
                        """, null),
                Arguments.of("windows line endings", "Traceback (most recent call last):\r\n  File \"x\", line 1\r\nOSError: disk full\r\n",
                        "OSError: disk full"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("logs")
    void extractsTheExceptionLine(String name, String log, String expected) {
        assertThat(ExceptionLineExtractor.extract(List.of(log.split("\n", -1)))).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void trimsLongMessages() {
        String longMessage = "ValueError: " + "x".repeat(5000);
        List<String> lines = List.of("Traceback (most recent call last):", "  File \"x\", line 1", longMessage);
        String message = ExceptionLineExtractor.extract(lines).orElseThrow();
        assertThat(message).hasSize(ExceptionLineExtractor.MAX_MESSAGE_LENGTH).startsWith("ValueError: xxx").endsWith("...");
    }
}
