package io.sparkplane.testkit.databricks;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.testkit.localspark.SparkWork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's task as one local spark-submit: what a Databricks job cluster would run for it. A
 * spark_python_task's file is the application and its parameters the arguments; a spark_jar_task's
 * main class runs from the class path its jar libraries make. Jar libraries go on the class path,
 * wheel and egg libraries on the Python path; of the cluster's spark_conf, {@code spark.submit.pyFiles},
 * {@code spark.files}, {@code spark.archives} and {@code spark.jars} are the files they name (copied out
 * of the store by the runner), every other property a {@code --conf}. PyPI, Maven and CRAN libraries
 * are not installed: the fake has no package index.
 */
final class TaskWork {

    private static final String PY_FILES = "spark.submit.pyFiles";
    private static final String FILES = "spark.files";
    private static final String ARCHIVES = "spark.archives";
    private static final String JARS = "spark.jars";

    private TaskWork() {}

    /** @throws IllegalArgumentException for a library the fake cannot give the local run */
    static SparkWork of(FakeRun run) {
        JsonNode task = run.task;
        Map<String, String> properties = new LinkedHashMap<>(FakeCluster.strings(task.path("new_cluster").get("spark_conf")));
        List<String> pythonFiles = new ArrayList<>(split(properties.remove(PY_FILES)));
        List<String> files = split(properties.remove(FILES));
        List<String> archives = split(properties.remove(ARCHIVES));
        List<String> jars = new ArrayList<>(split(properties.remove(JARS)));
        for (JsonNode library : task.path("libraries")) {
            if (library.has("jar")) {
                jars.add(library.get("jar").asText());
            } else if (library.has("whl")) {
                pythonFiles.add(library.get("whl").asText());
            } else if (library.has("egg")) {
                pythonFiles.add(library.get("egg").asText());
            } else {
                throw new IllegalArgumentException("FakeDatabricksServer installs no library of this kind (it has no package index): " + library);
            }
        }
        String id = "run-" + run.runId;
        if (task.has("spark_python_task")) {
            JsonNode python = task.get("spark_python_task");
            return new SparkWork(id, Optional.empty(), python.path("python_file").asText(), strings(python.get("parameters")), pythonFiles, jars, files,
                    archives, properties, Optional.empty());
        }
        JsonNode jar = task.get("spark_jar_task");
        return new SparkWork(id, Optional.of(jar.path("main_class_name").asText()), SparkWork.NO_RESOURCE, strings(jar.get("parameters")), pythonFiles,
                jars, files, archives, properties, Optional.empty());
    }

    private static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(entry -> !entry.isEmpty()).toList();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(value -> values.add(value.asText()));
        }
        return values;
    }

    /** The last {@code lines} lines of a driver's output, as an error trace shows them. */
    static String tail(String output, int lines) {
        String[] all = output.split("\n");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", Arrays.asList(all).subList(from, all.length));
    }
}
