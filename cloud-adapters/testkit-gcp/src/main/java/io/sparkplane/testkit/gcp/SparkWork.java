package io.sparkplane.testkit.gcp;

import static java.util.Objects.requireNonNull;

import com.google.cloud.dataproc.v1.Batch;
import com.google.cloud.dataproc.v1.Job;
import com.google.cloud.dataproc.v1.PySparkBatch;
import com.google.cloud.dataproc.v1.PySparkJob;
import com.google.cloud.dataproc.v1.SparkBatch;
import com.google.cloud.dataproc.v1.SparkJob;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one local spark-submit runs: a Dataproc job's or batch's driver, its URIs still as the request
 * gave them (gs:// ones are staged by the runner), and where its driver output goes.
 *
 * @param id the job id or batch id, for the log and {@code localRuns()}
 * @param mainResource the application: a .py file or a jar; {@code spark-internal} for a main class
 *     on the class path with no jar (spark-submit's own name for "no application resource")
 * @param driverOutputUri the job's driverOutputResourceUri or the batch's runtimeInfo.outputUri;
 *     the output lands at this plus {@code .000000000}, as Dataproc names its first output part
 */
record SparkWork(
        String id,
        Optional<String> mainClass,
        String mainResource,
        List<String> arguments,
        List<String> pythonFiles,
        List<String> jars,
        List<String> files,
        List<String> archives,
        Map<String, String> properties,
        String driverOutputUri) {

    static final String NO_RESOURCE = "spark-internal";

    SparkWork {
        requireNonNull(id, "id is null");
        requireNonNull(mainClass, "mainClass is null");
        requireNonNull(mainResource, "mainResource is null");
        arguments = List.copyOf(arguments);
        pythonFiles = List.copyOf(pythonFiles);
        jars = List.copyOf(jars);
        files = List.copyOf(files);
        archives = List.copyOf(archives);
        properties = Map.copyOf(properties);
        requireNonNull(driverOutputUri, "driverOutputUri is null");
    }

    /** A job's work; empty for the job types the fake does not run (Hive, Pig, SparkSql, SparkR, ...). */
    static Optional<SparkWork> of(Job job) {
        String id = job.getReference().getJobId();
        String output = job.getDriverOutputResourceUri();
        return switch (job.getTypeJobCase()) {
            case PYSPARK_JOB -> {
                PySparkJob pyspark = job.getPysparkJob();
                yield Optional.of(new SparkWork(id, Optional.empty(), pyspark.getMainPythonFileUri(), pyspark.getArgsList(),
                        pyspark.getPythonFileUrisList(), pyspark.getJarFileUrisList(), pyspark.getFileUrisList(),
                        pyspark.getArchiveUrisList(), pyspark.getPropertiesMap(), output));
            }
            case SPARK_JOB -> {
                SparkJob spark = job.getSparkJob();
                yield Optional.of(spark(id, spark.hasMainClass() ? spark.getMainClass() : null, spark.getMainJarFileUri(),
                        spark.getArgsList(), spark.getJarFileUrisList(), spark.getFileUrisList(), spark.getArchiveUrisList(),
                        spark.getPropertiesMap(), output));
            }
            default -> Optional.empty();
        };
    }

    /** A batch's work; empty for SparkR and SparkSql batches, which the fake does not run. */
    static Optional<SparkWork> of(Batch batch) {
        String id = ResourceRules.lastSegment(batch.getName());
        String output = batch.getRuntimeInfo().getOutputUri();
        Map<String, String> properties = batch.getRuntimeConfig().getPropertiesMap();
        return switch (batch.getBatchConfigCase()) {
            case PYSPARK_BATCH -> {
                PySparkBatch pyspark = batch.getPysparkBatch();
                yield Optional.of(new SparkWork(id, Optional.empty(), pyspark.getMainPythonFileUri(), pyspark.getArgsList(),
                        pyspark.getPythonFileUrisList(), pyspark.getJarFileUrisList(), pyspark.getFileUrisList(),
                        pyspark.getArchiveUrisList(), properties, output));
            }
            case SPARK_BATCH -> {
                SparkBatch spark = batch.getSparkBatch();
                yield Optional.of(spark(id, spark.hasMainClass() ? spark.getMainClass() : null, spark.getMainJarFileUri(),
                        spark.getArgsList(), spark.getJarFileUrisList(), spark.getFileUrisList(), spark.getArchiveUrisList(),
                        properties, output));
            }
            default -> Optional.empty();
        };
    }

    /**
     * A main jar is the application; a main class alone runs from the first of the jars (the others
     * added with --jars), or from the class path when there is none.
     */
    private static SparkWork spark(String id, String mainClass, String mainJar, List<String> arguments, List<String> jars,
            List<String> files, List<String> archives, Map<String, String> properties, String output) {
        if (mainClass == null) {
            return new SparkWork(id, Optional.empty(), mainJar, arguments, List.of(), jars, files, archives, properties, output);
        }
        String resource = jars.isEmpty() ? NO_RESOURCE : jars.get(0);
        List<String> otherJars = jars.isEmpty() ? List.of() : jars.subList(1, jars.size());
        return new SparkWork(id, Optional.of(mainClass), resource, arguments, List.of(), otherJars, files, archives, properties, output);
    }
}
