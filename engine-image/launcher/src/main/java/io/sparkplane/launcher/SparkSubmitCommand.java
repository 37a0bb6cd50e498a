package io.sparkplane.launcher;

import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Builds the spark-submit command line and its environment: pure functions of the spec and environment. */
public final class SparkSubmitCommand {

    /** Spark's own {@code spark.redaction.regex} default: conf values whose key matches are hidden in logs. */
    private SparkSubmitCommand() {}

    /**
     * The command line. Local mode stands in for executors until per-run standalone clusters:
     * {@code local[executorCores * maxExecutors]}. Spark conf defaults of the launcher
     * ({@code spark.ui.enabled=false} unless the user sets any {@code spark.ui.*},
     * {@code spark.ui.showConsoleProgress=false}, {@code spark.driver.cores}) come first and the
     * user's sparkConf overrides them.
     */
    public static List<String> command(LaunchSpec spec, StagedInputs inputs, LauncherEnvironment environment) {
        EngineResources resources = spec.resources();
        List<String> command = new ArrayList<>();
        command.add(environment.sparkHome().resolve("bin").resolve("spark-submit").toString());
        command.add("--master");
        command.add("local[" + (resources.executorCores() * resources.maxExecutors()) + "]");
        command.add("--name");
        command.add(spec.runName());
        command.add("--driver-memory");
        command.add(resources.driverMemoryMib() + "m");
        sparkConf(spec).forEach((key, value) -> {
            command.add("--conf");
            command.add(key + "=" + value);
        });
        addList(command, "--py-files", inputs.pyFiles());
        addList(command, "--jars", inputs.jars());
        addList(command, "--files", inputs.files());
        if (spec.entrypoint() instanceof Entrypoint.Jar jar) {
            command.add("--class");
            command.add(jar.mainClass());
        }
        command.add(inputs.entrypoint().toString());
        command.addAll(spec.args());
        return command;
    }

    /** The effective Spark conf, sorted by key: launcher defaults overridden by the user's. */
    static Map<String, String> sparkConf(LaunchSpec spec) {
        Map<String, String> conf = new TreeMap<>();
        conf.put("spark.driver.cores", Integer.toString(spec.resources().driverCores()));
        boolean userSetsUi = spec.sparkConf().keySet().stream().anyMatch(key -> key.startsWith("spark.ui."));
        if (!userSetsUi) {
            conf.put("spark.ui.enabled", "false");
        }
        conf.put("spark.ui.showConsoleProgress", "false");
        conf.putAll(spec.sparkConf());
        return conf;
    }

    /**
     * The environment spark-submit runs with, on top of the launcher's own: every descendant
     * inherits {@code SPARKPLANE_RUN_ID}.
     */
    public static Map<String, String> environment(LaunchSpec spec, LauncherEnvironment environment) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("SPARK_LOCAL_IP", "127.0.0.1");
        variables.put(LauncherEnvironment.SPARK_HOME, environment.sparkHome().toString());
        variables.put(LauncherEnvironment.PYSPARK_PYTHON, environment.pythonExecutable().toString());
        variables.put("PYSPARK_DRIVER_PYTHON", environment.pythonExecutable().toString());
        variables.put(LauncherEnvironment.JAVA_HOME, environment.javaHome().toString());
        variables.put("PYTHONUNBUFFERED", "1");
        variables.put(LauncherEnvironment.RUN_ID, spec.runId());
        variables.put(LauncherEnvironment.ATTEMPT, Integer.toString(spec.attempt()));
        return variables;
    }

    /** The command as one line for logs, with the values of secret-looking conf keys replaced. */
    public static String redacted(List<String> command) {
        List<String> shown = new ArrayList<>(command.size());
        for (int i = 0; i < command.size(); i++) {
            String argument = command.get(i);
            if (i > 0 && command.get(i - 1).equals("--conf") && argument.contains("=")) {
                String key = argument.substring(0, argument.indexOf('='));
                if (io.sparkplane.spi.engine.SecretSparkConf.isSecret(key)) {
                    argument = key + "=" + io.sparkplane.spi.engine.SecretSparkConf.REDACTED;
                }
            }
            shown.add(quoted(argument));
        }
        return String.join(" ", shown);
    }

    private static String quoted(String argument) {
        if (!argument.isEmpty() && argument.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:,[]@%+".indexOf(c) >= 0)) {
            return argument;
        }
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    private static void addList(List<String> command, String option, List<Path> paths) {
        if (!paths.isEmpty()) {
            command.add(option);
            command.add(paths.stream().map(Path::toString).collect(Collectors.joining(",")));
        }
    }
}
