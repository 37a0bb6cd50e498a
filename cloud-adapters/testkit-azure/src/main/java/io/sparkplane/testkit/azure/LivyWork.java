package io.sparkplane.testkit.azure;

import io.sparkplane.testkit.localspark.SparkWork;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Livy batch as the shared local runner's {@link SparkWork}. The request's resource fields become
 * the Spark properties spark-submit's options set (Livy's SparkProcessBuilder passes them as
 * --driver-memory and the like, over the conf); local mode ignores the executor ones. The driver's
 * output stays with the run: Livy hands it over as the batch's log.
 */
final class LivyWork {

    private LivyWork() {}

    static SparkWork of(String id, LivyBatchRequest request) {
        Map<String, String> properties = new HashMap<>(request.conf());
        request.driverMemory().ifPresent(value -> properties.put("spark.driver.memory", value));
        request.driverCores().ifPresent(value -> properties.put("spark.driver.cores", value.toString()));
        request.executorMemory().ifPresent(value -> properties.put("spark.executor.memory", value));
        request.executorCores().ifPresent(value -> properties.put("spark.executor.cores", value.toString()));
        request.numExecutors().ifPresent(value -> properties.put("spark.executor.instances", value.toString()));
        request.queue().ifPresent(value -> properties.put("spark.yarn.queue", value));
        request.name().ifPresent(value -> properties.put("spark.app.name", value));
        return new SparkWork(id, request.className(), request.file(), request.args(), request.pyFiles(), request.jars(),
                request.files(), request.archives(), properties, Optional.empty());
    }
}
