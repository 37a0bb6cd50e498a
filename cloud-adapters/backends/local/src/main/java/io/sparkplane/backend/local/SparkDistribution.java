package io.sparkplane.backend.local;

import io.sparkplane.spi.engine.EngineBackendException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Facts about the Spark home the local backend runs (a pip pyspark package or an Apache Spark distribution). */
final class SparkDistribution {

    private static final Pattern SPARK_CORE_JAR = Pattern.compile("spark-core_[0-9.]+-(\\d+\\.\\d+\\.\\d+.*)\\.jar");

    private SparkDistribution() {}

    /** The Spark version, from the name of its spark-core jar ({@code spark-core_2.13-4.0.1.jar} → {@code 4.0.1}). */
    static String version(Path sparkHome) {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(sparkHome.resolve("jars"), "spark-core_*.jar")) {
            for (Path jar : jars) {
                Matcher matcher = SPARK_CORE_JAR.matcher(jar.getFileName().toString());
                if (matcher.matches()) {
                    return matcher.group(1);
                }
            }
        } catch (IOException e) {
            throw new EngineBackendException("cannot read the Spark jars in " + sparkHome + ": " + e.getMessage(), e);
        }
        throw new EngineBackendException("no spark-core jar in " + sparkHome.resolve("jars") + ": not a Spark home");
    }
}
