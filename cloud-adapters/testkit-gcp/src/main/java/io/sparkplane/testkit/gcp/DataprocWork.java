package io.sparkplane.testkit.gcp;

import com.google.cloud.dataproc.v1.Batch;
import com.google.cloud.dataproc.v1.Job;
import com.google.cloud.dataproc.v1.PySparkBatch;
import com.google.cloud.dataproc.v1.PySparkJob;
import com.google.cloud.dataproc.v1.SparkBatch;
import com.google.cloud.dataproc.v1.SparkJob;
import io.sparkplane.testkit.localspark.SparkWork;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Dataproc job's or batch's driver as the shared local runner's {@link SparkWork}: its URIs as the
 * request gave them (gs:// ones are staged by the runner), its driver output put where Dataproc puts it.
 */
final class DataprocWork {

    /** Dataproc names a driver's output in parts; a test-sized job has only the first. */
    static final String FIRST_OUTPUT_PART = ".000000000";

    private DataprocWork() {}

    /** A job's work; empty for the job types the fake does not run (Hive, Pig, SparkSql, SparkR, ...). */
    static Optional<SparkWork> of(Job job) {
        String id = job.getReference().getJobId();
        String output = job.getDriverOutputResourceUri();
        return switch (job.getTypeJobCase()) {
            case PYSPARK_JOB -> {
                PySparkJob pyspark = job.getPysparkJob();
                yield Optional.of(work(id, Optional.empty(), pyspark.getMainPythonFileUri(), pyspark.getArgsList(),
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
                yield Optional.of(work(id, Optional.empty(), pyspark.getMainPythonFileUri(), pyspark.getArgsList(),
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
            return work(id, Optional.empty(), mainJar, arguments, List.of(), jars, files, archives, properties, output);
        }
        String resource = jars.isEmpty() ? SparkWork.NO_RESOURCE : jars.get(0);
        List<String> otherJars = jars.isEmpty() ? List.of() : jars.subList(1, jars.size());
        return work(id, Optional.of(mainClass), resource, arguments, List.of(), otherJars, files, archives, properties, output);
    }

    /** The output lands at the job's driverOutputResourceUri (or the batch's outputUri) plus its first part's suffix. */
    private static SparkWork work(String id, Optional<String> mainClass, String mainResource, List<String> arguments,
            List<String> pythonFiles, List<String> jars, List<String> files, List<String> archives,
            Map<String, String> properties, String output) {
        return new SparkWork(id, mainClass, mainResource, arguments, pythonFiles, jars, files, archives, properties,
                Optional.of(output + FIRST_OUTPUT_PART));
    }
}
