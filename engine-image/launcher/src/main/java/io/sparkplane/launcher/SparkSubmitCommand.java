package io.sparkplane.launcher;

import io.sparkplane.listener.BacklogListenerConf;
import io.sparkplane.listener.ListenerJar;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.engine.SecretSparkConf;
import io.sparkplane.spi.launch.ClassDataOptions;
import io.sparkplane.spi.launch.LauncherVariables;
import io.sparkplane.spi.launch.WorkDirectory;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Builds the spark-submit command line and its environment: pure functions of the spec and environment. */
public final class SparkSubmitCommand {

    private SparkSubmitCommand() {}

    /**
     * Spark's decommissioning, so that a worker the autoscaler retires (SIGPWR to the worker, or
     * the master's {@code /workers/kill}) hands its executors' shuffle and cached blocks to the
     * others instead of making their stages run again. The migration rounds run every 2 s instead
     * of Spark's 30 s: a drained executor exits only after a round finds nothing left to move, and
     * until then its worker is paid for.
     */
    static final Map<String, String> DECOMMISSIONING = Map.of(
            "spark.decommission.enabled", "true",
            "spark.storage.decommission.enabled", "true",
            "spark.storage.decommission.shuffleBlocks.enabled", "true",
            "spark.storage.decommission.rddBlocks.enabled", "true",
            "spark.storage.decommission.replicationReattemptInterval", "2s");

    static final String EXTRA_LISTENERS = "spark.extraListeners";
    /** Where a job leaves files to be copied to its attempt's staging prefix under outputs/. */
    public static final String OUTPUTS_DIR = "SPARKPLANE_OUTPUTS_DIR";
    static final String REDACTION_REGEX = "spark.redaction.regex";
    /**
     * The file systems of the connector jars that Hadoop does not find by itself: {@code gs://} for
     * both of Hadoop's file system APIs (S3A, ABFS and WASB are Hadoop's own and registered already).
     */
    static final Map<String, String> CONNECTOR_FILE_SYSTEMS = Map.of(
            "spark.hadoop.fs.gs.impl", "com.google.cloud.hadoop.fs.gcs.GoogleHadoopFileSystem",
            "spark.hadoop.fs.AbstractFileSystem.gs.impl", "com.google.cloud.hadoop.fs.gcs.GoogleHadoopFS");
    static final String DRIVER_EXTRA_CLASS_PATH = "spark.driver.extraClassPath";
    static final String DRIVER_JAVA_OPTIONS = "spark.driver.extraJavaOptions";
    /** The driver's default log configuration, a resource of the launcher written to the work directory. */
    public static final String DRIVER_LOG_CONFIGURATION = "driver-log4j2.properties";
    static final String EXECUTOR_EXTRA_CLASS_PATH = "spark.executor.extraClassPath";
    static final String EXECUTOR_JAVA_OPTIONS = "spark.executor.extraJavaOptions";

    /**
     * The command line. With a standalone master ({@link LauncherEnvironment#sparkMaster()}) the job
     * goes to it, its executors sized by the spec, with decommissioning on; without one, local mode
     * stands in for executors: {@code local[executorCores * maxExecutors]}. Spark conf defaults of
     * the launcher ({@code spark.ui.enabled=false} unless the user sets any {@code spark.ui.*},
     * {@code spark.ui.showConsoleProgress=false}, {@code spark.driver.cores}, the executor and
     * decommissioning conf on a cluster, the connectors' file systems) come first and the user's
     * sparkConf overrides them; the redaction pattern, the backlog listener and the connector jars
     * are added to what the user set.
     */
    public static List<String> command(
            LaunchSpec spec, StagedInputs inputs, LauncherEnvironment environment, WorkDirectory workDirectory) {
        EngineResources resources = spec.resources();
        List<String> command = new ArrayList<>();
        command.add(environment.sparkHome().resolve("bin").resolve("spark-submit").toString());
        command.add("--master");
        command.add(environment.sparkMaster()
                .map(SparkMasterUrl::url)
                .orElse("local[" + (resources.executorCores() * resources.maxExecutors()) + "]"));
        command.add("--name");
        command.add(spec.runName());
        command.add("--driver-memory");
        command.add(resources.driverMemoryMib() + "m");
        if (!spec.storageConf().isEmpty()) {
            // secrets stay in a file only the engine's user reads, not on a command line
            command.add("--properties-file");
            command.add(workDirectory.storageProperties().toString());
            // a properties file replaces conf/spark-defaults.conf unless asked to load both
            command.add("--load-spark-defaults");
        }
        sparkConf(spec, environment, workDirectory).forEach((key, value) -> {
            command.add("--conf");
            command.add(key + "=" + value);
        });
        addList(command, "--py-files", inputs.pyFiles());
        addList(command, "--jars", inputs.jars());
        addList(command, "--files", inputs.files());
        if (!inputs.archives().isEmpty()) {
            command.add("--archives");
            command.add(String.join(",", inputs.archives()));
        }
        if (spec.entrypoint() instanceof Entrypoint.Jar jar) {
            command.add("--class");
            command.add(jar.mainClass());
        }
        command.add(inputs.entrypoint().toString());
        command.addAll(spec.args());
        return command;
    }

    /** The effective Spark conf, sorted by key: launcher defaults overridden by the user's, then the listener. */
    static Map<String, String> sparkConf(LaunchSpec spec, LauncherEnvironment environment, WorkDirectory workDirectory) {
        EngineResources resources = spec.resources();
        Map<String, String> conf = new TreeMap<>();
        conf.put("spark.driver.cores", Integer.toString(resources.driverCores()));
        boolean userSetsUi = spec.sparkConf().keySet().stream().anyMatch(key -> key.startsWith("spark.ui."));
        if (!userSetsUi) {
            conf.put("spark.ui.enabled", "false");
        }
        conf.put("spark.ui.showConsoleProgress", "false");
        if (environment.sparkMaster().isPresent()) {
            conf.put("spark.executor.cores", Integer.toString(resources.executorCores()));
            conf.put("spark.executor.memory", resources.executorMemoryMib() + "m");
            conf.putAll(DECOMMISSIONING);
        }
        if (!environment.connectorJars().isEmpty()) {
            conf.putAll(CONNECTOR_FILE_SYSTEMS);
        }
        conf.putAll(spec.sparkConf());
        // Spark's UI and event log hide what matches; the user's pattern is widened, never dropped
        conf.merge(REDACTION_REGEX, SecretSparkConf.REGEX, (user, ours) -> user.isBlank() ? ours : "(?:" + user + ")|" + ours);
        // Dozens of Spark's INFO lines came before a job's first line of its own (41 for the example job), and a job's setLogLevel
        // acts only once its session has started: the driver starts at WARN. A run sees more with spark.log.level
        // (from its SparkContext's start) or its own -Dlog4j2.configurationFile, which comes later and so wins.
        conf.merge(DRIVER_JAVA_OPTIONS, "-Dlog4j2.configurationFile=" + workDirectory.driverLogConfiguration().toUri(),
                (user, ours) -> user.isBlank() ? ours : ours + " " + user);
        // the archive's options first: a run's own -XX:SharedArchiveFile comes later and wins
        environment.executorClassData().ifPresent(archive ->
                conf.merge(EXECUTOR_JAVA_OPTIONS, ClassDataOptions.use(archive), (user, ours) -> user.isBlank() ? ours : ours + " " + user));
        for (String key : List.of(DRIVER_JAVA_OPTIONS, EXECUTOR_JAVA_OPTIONS)) {
            // the storage properties' JVM options would be replaced by the user's: both go on the command line
            String storage = spec.storageConf().get(key);
            if (storage != null && conf.containsKey(key)) {
                conf.put(key, conf.get(key) + " " + storage);
            }
        }
        if ("true".equalsIgnoreCase(conf.getOrDefault("spark.eventLog.enabled", "false").trim()) && !conf.containsKey("spark.eventLog.dir")) {
            // written locally and copied to the attempt's staging prefix after the job (StagingUploads)
            conf.put("spark.eventLog.dir", workDirectory.eventLogDirectory().toUri().toString());
        }
        environment.listenerJar().ifPresent(jar -> {
            // added to, never replacing, what the user set: their own listeners and class path still load
            conf.merge(EXTRA_LISTENERS, ListenerJar.LISTENER_CLASS, (user, ours) -> user.isBlank() ? ours : user + "," + ours);
            conf.merge(DRIVER_EXTRA_CLASS_PATH, jar.toString(), (user, ours) -> user.isBlank() ? ours : user + File.pathSeparator + ours);
            conf.put(BacklogListenerConf.FILE, workDirectory.backlog().toString());
        });
        if (!environment.connectorJars().isEmpty()) {
            // read in place by the driver and by executors on the engine's machines: --jars would copy
            // them to every executor of every run
            String connectors = environment.connectorJars().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
            for (String key : List.of(DRIVER_EXTRA_CLASS_PATH, EXECUTOR_EXTRA_CLASS_PATH)) {
                conf.merge(key, connectors, (user, ours) -> user.isBlank() ? ours : user + File.pathSeparator + ours);
            }
        }
        return conf;
    }

    /**
     * The environment spark-submit runs with, on top of the launcher's own: every descendant
     * inherits {@code SPARKPLANE_RUN_ID}.
     */
    public static Map<String, String> environment(LaunchSpec spec, LauncherEnvironment environment, WorkDirectory workDirectory) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("SPARK_LOCAL_IP", "127.0.0.1");
        variables.put(LauncherVariables.SPARK_HOME, environment.sparkHome().toString());
        variables.put(LauncherVariables.PYSPARK_PYTHON, environment.pythonExecutable().toString());
        variables.put("PYSPARK_DRIVER_PYTHON", environment.pythonExecutable().toString());
        variables.put(LauncherVariables.JAVA_HOME, environment.javaHome().toString());
        variables.put("PYTHONUNBUFFERED", "1");
        variables.put(LauncherVariables.RUN_ID, spec.runId());
        variables.put(LauncherVariables.ATTEMPT, Integer.toString(spec.attempt()));
        variables.put(OUTPUTS_DIR, workDirectory.outputsDirectory().toString());
        // read by spark-submit for the driver's JVM only, not for the launcher JVM of Spark's own scripts
        environment.driverClassData().ifPresent(archive -> variables.put("SPARK_SUBMIT_OPTS", ClassDataOptions.use(archive)));
        return variables;
    }

    /**
     * The command as one line for the driver log: secrets replaced ({@link #redacted}), and the
     * connector jars, listed in full on both class paths, named once as {@code $CONNECTORS}.
     */
    public static String shown(List<String> command, List<Path> connectorJars) {
        String line = redacted(command);
        String connectors = connectorJars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        if (connectors.isEmpty() || !line.contains(connectors)) {
            return line;
        }
        String directories = connectorJars.stream().map(jar -> String.valueOf(jar.getParent())).distinct().sorted().collect(Collectors.joining(", "));
        return line.replace(connectors, "$CONNECTORS") + "   ($CONNECTORS: the " + connectorJars.size() + " Hadoop connector jars in "
                + directories + ")";
    }

    /** The command as one line for logs, with the values of secret-looking conf keys replaced. */
    public static String redacted(List<String> command) {
        List<String> shown = new ArrayList<>(command.size());
        for (int i = 0; i < command.size(); i++) {
            String argument = command.get(i);
            if (i > 0 && command.get(i - 1).equals("--conf") && argument.contains("=")) {
                String key = argument.substring(0, argument.indexOf('='));
                if (SecretSparkConf.isSecret(key)) {
                    argument = key + "=" + SecretSparkConf.REDACTED;
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
