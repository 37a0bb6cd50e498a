package io.sparkplane.testkit.localspark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A Spark home for tests whose engines are real Spark JVMs: the .venv's pyspark package linked entry
 * by entry, with a {@code conf/spark-env.sh} of its own, which Spark's scripts read before they start
 * a JVM. It starts drivers, executors and daemons with C1 only and the serial collector: a test's job
 * lives for seconds, and the optimizing compiler's work for its JVMs was about 40 % of a run's CPU
 * (the example job: 36 CPU-seconds, 22 with these) on the two cores the suite runs on. Its
 * {@code spark-env.sh} gives
 * <ul>
 *   <li>drivers those options through {@code SPARK_SUBMIT_OPTS}, and executors through the system
 *       property {@code spark.executor.defaultJavaOptions} there (the option Spark keeps for
 *       administrators, which a run's own extraJavaOptions are added to);
 *   <li>the Spark daemons the same through {@code SPARK_DAEMON_JAVA_OPTS}, where no conf directory of
 *       the engine's replaces this one;
 *   <li>drivers one partition by default ({@code spark.default.parallelism}, 2 in a Spark cluster):
 *       a test's job reads a few rows, and two tasks before any has ended have the backlog autoscaler
 *       start a second worker and executor, two JVMs a run that most runs ended before they were up
 *       (tests of autoscaling set their stages' partitions themselves);
 *   <li>and a {@code SPARK_CONF_DIR} that does not exist instead of this directory, so it is not on
 *       the drivers' class path: a directory there would keep them from the local backend's
 *       class-data archive, as it would an operator's (a {@code spark-defaults.conf} would do that).
 * </ul>
 */
public final class TunedSparkHome {

    /** The JVM options of every engine JVM started from a tuned Spark home. */
    public static final String JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    private TunedSparkHome() {}

    /**
     * Makes {@code home} from {@code pyspark} unless it is there, and writes its {@code spark-env.sh}
     * each time, whole, so an older checkout's file does not stay. Safe for two test JVMs at once: the
     * home is made beside its place and renamed into it.
     */
    public static Path at(Path home, Path pyspark) throws IOException {
        if (!Files.isDirectory(home)) {
            Files.createDirectories(home.getParent());
            Path made = Files.createTempDirectory(home.getParent(), home.getFileName() + "-");
            try (Stream<Path> entries = Files.list(pyspark)) {
                for (Path entry : entries.toList()) {
                    if (!entry.getFileName().toString().equals("conf")) {
                        Files.createSymbolicLink(made.resolve(entry.getFileName()), entry);
                    }
                }
            }
            Files.createDirectory(made.resolve("conf"));
            try {
                Files.move(made, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException taken) {
                deleteLinks(made);
            }
        }
        Path env = Files.createTempFile(home.resolve("conf"), "spark-env", ".part");
        Files.writeString(env, """
                SPARK_DAEMON_JAVA_OPTS="${SPARK_DAEMON_JAVA_OPTS:-} %1$s"
                SPARK_SUBMIT_OPTS="${SPARK_SUBMIT_OPTS:-} %1$s '-Dspark.executor.defaultJavaOptions=%1$s' -Dspark.default.parallelism=1"
                SPARK_CONF_DIR="%2$s"
                """.formatted(JVM_OPTIONS, home.resolve("no-conf")));
        Files.move(env, home.resolve("conf").resolve("spark-env.sh"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return home;
    }

    /** The links and the empty conf directory of a home another JVM made first (Files.walk does not follow links). */
    private static void deleteLinks(Path made) throws IOException {
        try (Stream<Path> paths = Files.walk(made)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
