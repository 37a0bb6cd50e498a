package io.sparkplane.testkit.localspark;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one local spark-submit runs: a cloud job's driver, its URIs still as the request gave them
 * (the store's ones are staged by the runner), and where its driver output goes, if anywhere. Each
 * fake maps its own request type to this (Dataproc's Job and Batch, a Livy batch, a Databricks task).
 *
 * @param id the fake's id of the job, for the log, the working directory and {@code localRuns()}
 * @param mainResource the application: a .py file or a jar; {@link #NO_RESOURCE} for a main class
 *     on the class path with no jar (spark-submit's own name for "no application resource")
 * @param properties Spark properties; the runner drops the master, the deploy mode and dynamic
 *     allocation, which local mode decides
 * @param driverOutputUri where the runner puts the driver's output in the store (now and then while
 *     it runs, and once after it ended), for a cloud that hands it over that way (Dataproc); empty
 *     for one that hands it over through its API (Livy's batch log, Databricks' run output), which
 *     reads {@link LocalRun#driverOutput()} instead
 */
public record SparkWork(
        String id,
        Optional<String> mainClass,
        String mainResource,
        List<String> arguments,
        List<String> pythonFiles,
        List<String> jars,
        List<String> files,
        List<String> archives,
        Map<String, String> properties,
        Optional<String> driverOutputUri) {

    public static final String NO_RESOURCE = "spark-internal";

    public SparkWork {
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
}
