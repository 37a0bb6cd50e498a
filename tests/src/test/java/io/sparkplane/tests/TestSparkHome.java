package io.sparkplane.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The Spark home the tests' engines run: the .venv's pyspark package (the Spark the local backend
 * runs when its {@code spark-home} is unset), linked entry by entry, with a {@code conf/} of its own,
 * as an operator's Spark home has one. Its {@code spark-defaults.conf} starts drivers and executors
 * with C1 only and the serial collector, through {@code spark.driver.defaultJavaOptions} and
 * {@code spark.executor.defaultJavaOptions} (the options Spark keeps for administrators, which a
 * run's own extraJavaOptions are added to): a test's job lives for seconds, and the optimizing
 * compiler's work for its JVMs was about 40 % of a run's CPU (the example job: 36 CPU-seconds, 22
 * with these) on the two cores the suite runs on. Its {@code spark-env.sh} does the same for the
 * Spark daemons where no conf directory of the engine's replaces this one: the Kubernetes stand-in's
 * pods (the local backend starts its daemons with these options and a conf directory of its own).
 * Made once per test JVM, deleted when the JVM exits.
 */
final class TestSparkHome {

    static final String JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    private static Path home;

    private TestSparkHome() {}

    static synchronized Path path() throws IOException, InterruptedException {
        if (home == null) {
            Path pyspark = HistoryServerProcess.sparkHome();
            Path made = Files.createTempDirectory("sparkplane-spark-home-");
            try (Stream<Path> entries = Files.list(pyspark)) {
                for (Path entry : entries.toList()) {
                    if (!entry.getFileName().toString().equals("conf")) {
                        Files.createSymbolicLink(made.resolve(entry.getFileName()), entry);
                    }
                }
            }
            Path conf = Files.createDirectory(made.resolve("conf"));
            Files.writeString(conf.resolve("spark-defaults.conf"), """
                    spark.driver.defaultJavaOptions %s
                    spark.executor.defaultJavaOptions %s
                    """.formatted(JVM_OPTIONS, JVM_OPTIONS));
            Files.writeString(conf.resolve("spark-env.sh"), """
                    SPARK_DAEMON_JAVA_OPTS="${SPARK_DAEMON_JAVA_OPTS:-} %s"
                    """.formatted(JVM_OPTIONS));
            // the links only: Files.walk does not follow them into the .venv
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    TemporaryDirectories.delete(made);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
            home = made;
        }
        return home;
    }
}
