package io.sparkplane.launcher;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.launch.LauncherVariables;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the launcher takes from its environment variables ({@link LauncherVariables} names them for backends).
 *
 * @param sparkHome {@code SPARK_HOME}: holds {@code bin/spark-submit}
 * @param pythonExecutable {@code PYSPARK_PYTHON}: the python that runs the job (driver and workers)
 * @param javaHome {@code JAVA_HOME}, else the launcher's own {@code java.home}
 * @param heartbeatInterval {@code SPARKPLANE_HEARTBEAT_MILLIS}, default 1 s: each heartbeat carries the
 *     driver's backlog, which the autoscaler decides on
 * @param reportDeadline {@code SPARKPLANE_REPORT_DEADLINE_MILLIS}: how long the launcher keeps trying
 *     to ship the log and report the final state after spark-submit ended, default 10 min
 * @param sparkMaster {@code SPARKPLANE_SPARK_MASTER}: the cluster's standalone master; empty means local mode
 * @param masterWaitTimeout {@code SPARKPLANE_MASTER_WAIT_MILLIS}: how long the launcher waits for the
 *     master to accept connections before it fails the launch, default 120 s
 * @param listenerJar {@code SPARKPLANE_LISTENER_JAR}: the jar or class directory of the backlog
 *     listener; empty means the driver reports no backlog
 * @param connectorJars {@code SPARKPLANE_CONNECTOR_JARS}: comma-separated Hadoop connector jars
 *     (hadoop-aws and its SDK) put on the driver's and executors' class paths; empty means none
 * @param driverClassData {@code SPARKPLANE_DRIVER_CLASS_DATA}: a class-data archive the driver's JVM starts from; empty means none
 * @param executorClassData {@code SPARKPLANE_EXECUTOR_CLASS_DATA}: the same for executors
 */
public record LauncherEnvironment(
        Path sparkHome,
        Path pythonExecutable,
        Path javaHome,
        Duration heartbeatInterval,
        Duration reportDeadline,
        Optional<SparkMasterUrl> sparkMaster,
        Duration masterWaitTimeout,
        Optional<Path> listenerJar,
        List<Path> connectorJars,
        Optional<Path> driverClassData,
        Optional<Path> executorClassData) {

    static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    static final Duration DEFAULT_REPORT_DEADLINE = Duration.ofMinutes(10);
    static final Duration DEFAULT_MASTER_WAIT_TIMEOUT = Duration.ofSeconds(120);

    public LauncherEnvironment {
        requireNonNull(sparkHome, "sparkHome is null");
        requireNonNull(pythonExecutable, "pythonExecutable is null");
        requireNonNull(javaHome, "javaHome is null");
        requireNonNull(heartbeatInterval, "heartbeatInterval is null");
        requireNonNull(reportDeadline, "reportDeadline is null");
        requireNonNull(sparkMaster, "sparkMaster is null");
        requireNonNull(masterWaitTimeout, "masterWaitTimeout is null");
        requireNonNull(listenerJar, "listenerJar is null");
        connectorJars = List.copyOf(requireNonNull(connectorJars, "connectorJars is null"));
        requireNonNull(driverClassData, "driverClassData is null");
        requireNonNull(executorClassData, "executorClassData is null");
    }

    /** Local mode, no backlog listener. */
    public static LauncherEnvironment local(
            Path sparkHome, Path pythonExecutable, Path javaHome, Duration heartbeatInterval, Duration reportDeadline) {
        return new LauncherEnvironment(sparkHome, pythonExecutable, javaHome, heartbeatInterval, reportDeadline,
                Optional.empty(), DEFAULT_MASTER_WAIT_TIMEOUT, Optional.empty(), List.of(), Optional.empty(), Optional.empty());
    }

    /** @throws IllegalArgumentException naming the variable that is missing or malformed */
    public static LauncherEnvironment from(Map<String, String> environment, String defaultJavaHome) {
        return new LauncherEnvironment(
                Path.of(required(environment, LauncherVariables.SPARK_HOME)),
                Path.of(required(environment, LauncherVariables.PYSPARK_PYTHON)),
                Path.of(nonBlank(environment.get(LauncherVariables.JAVA_HOME)) ? environment.get(LauncherVariables.JAVA_HOME) : defaultJavaHome),
                millis(environment, LauncherVariables.HEARTBEAT_MILLIS, DEFAULT_HEARTBEAT_INTERVAL),
                millis(environment, LauncherVariables.REPORT_DEADLINE_MILLIS, DEFAULT_REPORT_DEADLINE),
                sparkMaster(environment),
                millis(environment, LauncherVariables.MASTER_WAIT_MILLIS, DEFAULT_MASTER_WAIT_TIMEOUT),
                path(environment, LauncherVariables.LISTENER_JAR),
                connectorJars(environment.get(LauncherVariables.CONNECTOR_JARS)),
                path(environment, LauncherVariables.DRIVER_CLASS_DATA),
                path(environment, LauncherVariables.EXECUTOR_CLASS_DATA));
    }

    private static Optional<Path> path(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).filter(LauncherEnvironment::nonBlank).map(Path::of);
    }

    private static List<Path> connectorJars(String value) {
        if (!nonBlank(value)) {
            return List.of();
        }
        return java.util.Arrays.stream(value.split(",")).map(String::trim).filter(entry -> !entry.isEmpty()).map(Path::of).toList();
    }

    private static Optional<SparkMasterUrl> sparkMaster(Map<String, String> environment) {
        String value = environment.get(LauncherVariables.SPARK_MASTER);
        if (!nonBlank(value)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SparkMasterUrl.parse(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("environment variable " + LauncherVariables.SPARK_MASTER + " is malformed: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> environment, String name) {
        String value = environment.get(name);
        if (!nonBlank(value)) {
            throw new IllegalArgumentException("environment variable " + name + " is not set");
        }
        return value;
    }

    private static Duration millis(Map<String, String> environment, String name, Duration defaultValue) {
        String value = environment.get(name);
        if (!nonBlank(value)) {
            return defaultValue;
        }
        try {
            long millis = Long.parseLong(value.trim());
            if (millis <= 0) {
                throw new IllegalArgumentException("environment variable " + name + " must be positive: " + value);
            }
            return Duration.ofMillis(millis);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("environment variable " + name + " is not a number of milliseconds: " + value);
        }
    }

    private static boolean nonBlank(String value) {
        return value != null && !value.isBlank();
    }
}
