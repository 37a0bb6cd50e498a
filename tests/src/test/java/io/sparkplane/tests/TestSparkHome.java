package io.sparkplane.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The Spark home the tests' engines run: the .venv's pyspark package (the Spark the local backend
 * runs when its {@code spark-home} is unset), linked entry by entry, with a {@code conf/} of its own,
 * as an operator's Spark home has one. It starts drivers and executors with C1 only and the serial
 * collector: a test's job lives for seconds, and the optimizing compiler's work for its JVMs was about
 * 40 % of a run's CPU (the example job: 36 CPU-seconds, 22 with these) on the two cores the suite runs
 * on. Its {@code spark-env.sh}, which Spark's scripts read before they start a JVM, gives
 * <ul>
 *   <li>drivers those options through {@code SPARK_SUBMIT_OPTS}, and executors through the system
 *       property {@code spark.executor.defaultJavaOptions} there (the option Spark keeps for
 *       administrators, which a run's own extraJavaOptions are added to);
 *   <li>the Spark daemons the same where no conf directory of the engine's replaces this one: the
 *       Kubernetes stand-in's pods (the local backend starts its daemons with these options and a
 *       conf directory of its own);
 *   <li>drivers one partition by default ({@code spark.default.parallelism}, 2 in a Spark cluster):
 *       a test's job reads a few rows, and two tasks before any has ended have the backlog autoscaler
 *       start a second worker and executor, two JVMs a run that most runs ended before they were up
 *       (the autoscaling tests set their stages' partitions themselves);
 *   <li>and a {@code SPARK_CONF_DIR} that does not exist instead of this directory, so it is not on
 *       the drivers' class path: a directory there would keep them from the local backend's
 *       class-data archive, as it would an operator's (a {@code spark-defaults.conf} would do that).
 * </ul>
 * Made once, in {@code tests/target/spark-home}, and kept: the local backend's class-data archives,
 * which the suite's control planes share ({@link ControlPlaneProcess}), fit only JVMs whose class
 * path names the jars at the paths they were written with, and only while those paths exist.
 */
final class TestSparkHome {

    static final String JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    private static Path home;

    private TestSparkHome() {}

    static synchronized Path path() throws IOException, InterruptedException {
        if (home == null) {
            Path pyspark = HistoryServerProcess.sparkHome();
            Path stable = ControlPlaneProcess.ROOT.resolve("tests/target/spark-home");
            if (!Files.isDirectory(stable)) {
                // made beside it and renamed into place: the other test JVM may be making it too
                Path made = Files.createTempDirectory(stable.getParent(), "spark-home-");
                try (Stream<Path> entries = Files.list(pyspark)) {
                    for (Path entry : entries.toList()) {
                        if (!entry.getFileName().toString().equals("conf")) {
                            Files.createSymbolicLink(made.resolve(entry.getFileName()), entry);
                        }
                    }
                }
                Files.createDirectory(made.resolve("conf"));
                try {
                    Files.move(made, stable, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException taken) {
                    // the links only: Files.walk does not follow them into the .venv
                    TemporaryDirectories.delete(made);
                }
            }
            // written each time, whole, so an older checkout's file does not stay
            Path env = Files.createTempFile(stable.resolve("conf"), "spark-env", ".part");
            Files.writeString(env, """
                    SPARK_DAEMON_JAVA_OPTS="${SPARK_DAEMON_JAVA_OPTS:-} %1$s"
                    SPARK_SUBMIT_OPTS="${SPARK_SUBMIT_OPTS:-} %1$s '-Dspark.executor.defaultJavaOptions=%1$s' -Dspark.default.parallelism=1"
                    SPARK_CONF_DIR="%2$s"
                    """.formatted(JVM_OPTIONS, stable.resolve("no-conf")));
            Files.move(env, stable.resolve("conf").resolve("spark-env.sh"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            home = stable;
        }
        return home;
    }
}
