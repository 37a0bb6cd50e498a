package io.sparkplane.backend.local;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the local backend runs launchers.
 *
 * @param sparkHome a Spark home with {@code bin/spark-submit} and {@code jars/} (the pip pyspark package is one)
 * @param pythonExecutable the python that runs jobs (PYSPARK_PYTHON), with pyspark importable
 * @param javaHome the Java the launcher and Spark run on
 * @param workRoot where work directories go: {@code <workRoot>/<runId>/<attempt>}
 * @param launcherClasspath the launcher's classpath ({@link io.sparkplane.spi.engine.EngineDistribution#launcherClasspath()})
 * @param launcherMainClass the launcher's main class, which takes the attempt's work directory
 * @param heartbeatInterval the launcher's heartbeat interval, or {@code null} for its default (2 s)
 * @param reportDeadline how long a launcher keeps trying to report its final state, or {@code null}
 *     for its default (10 min)
 * @param terminateGracePeriod how long {@code terminate} waits after SIGTERM before SIGKILL
 * @param listenerJar the jar (or class directory) of the backlog SparkListener the launcher adds to
 *     the driver, or {@code null} for no backlog reports
 * @param daemonMemoryMib heap of each Spark master and worker daemon (not of executors)
 * @param decommissionTimeout how long a decommissioning worker may take to drain before it is stopped anyway
 * @param connectorJars Hadoop connector jars the launcher adds to every job ({@code s3a://}, {@code gs://}, {@code abfss://}, {@code wasbs://}); empty for none
 * @param classDataDirectory where the engine JVMs' class-data archives are kept ({@link ClassDataArchives}), or {@code null} for none
 */
public record LocalBackendConfiguration(
        Path sparkHome,
        Path pythonExecutable,
        Path javaHome,
        Path workRoot,
        List<Path> launcherClasspath,
        String launcherMainClass,
        Duration heartbeatInterval,
        Duration reportDeadline,
        Duration terminateGracePeriod,
        Path listenerJar,
        int daemonMemoryMib,
        Duration decommissionTimeout,
        List<Path> connectorJars,
        Path classDataDirectory) {

    public static final Duration DEFAULT_TERMINATE_GRACE_PERIOD = Duration.ofSeconds(5);
    public static final int DEFAULT_DAEMON_MEMORY_MIB = 256;
    public static final Duration DEFAULT_DECOMMISSION_TIMEOUT = Duration.ofMinutes(2);

    public LocalBackendConfiguration {
        requireNonNull(sparkHome, "sparkHome is null");
        requireNonNull(pythonExecutable, "pythonExecutable is null");
        requireNonNull(javaHome, "javaHome is null");
        requireNonNull(workRoot, "workRoot is null");
        launcherClasspath = List.copyOf(requireNonNull(launcherClasspath, "launcherClasspath is null"));
        connectorJars = List.copyOf(requireNonNull(connectorJars, "connectorJars is null"));
        if (launcherClasspath.isEmpty()) {
            throw new IllegalArgumentException("launcherClasspath is empty");
        }
        requireNonNull(launcherMainClass, "launcherMainClass is null");
        requireNonNull(terminateGracePeriod, "terminateGracePeriod is null");
        positiveOrNull(heartbeatInterval, "heartbeatInterval");
        positiveOrNull(reportDeadline, "reportDeadline");
        if (terminateGracePeriod.isNegative()) {
            throw new IllegalArgumentException("terminateGracePeriod is negative");
        }
        if (daemonMemoryMib < 64) {
            throw new IllegalArgumentException("daemonMemoryMib must be at least 64");
        }
        requireNonNull(decommissionTimeout, "decommissionTimeout is null");
        positiveOrNull(decommissionTimeout, "decommissionTimeout");
    }

    /** The launcher's defaults for heartbeat and report deadline, a 5 s grace period, no backlog listener. */
    public LocalBackendConfiguration(Path sparkHome, Path pythonExecutable, Path javaHome, Path workRoot, List<Path> launcherClasspath,
            String launcherMainClass) {
        this(sparkHome, pythonExecutable, javaHome, workRoot, launcherClasspath, launcherMainClass, null, null, DEFAULT_TERMINATE_GRACE_PERIOD,
                null, DEFAULT_DAEMON_MEMORY_MIB, DEFAULT_DECOMMISSION_TIMEOUT, List.of(), null);
    }

    public LocalBackendConfiguration withHeartbeatInterval(Duration interval) {
        return new LocalBackendConfiguration(sparkHome, pythonExecutable, javaHome, workRoot, launcherClasspath, launcherMainClass,
                interval, reportDeadline, terminateGracePeriod, listenerJar, daemonMemoryMib, decommissionTimeout, connectorJars, classDataDirectory);
    }

    public LocalBackendConfiguration withReportDeadline(Duration deadline) {
        return new LocalBackendConfiguration(sparkHome, pythonExecutable, javaHome, workRoot, launcherClasspath, launcherMainClass,
                heartbeatInterval, deadline, terminateGracePeriod, listenerJar, daemonMemoryMib, decommissionTimeout, connectorJars, classDataDirectory);
    }

    public LocalBackendConfiguration withListenerJar(Path jar) {
        return new LocalBackendConfiguration(sparkHome, pythonExecutable, javaHome, workRoot, launcherClasspath, launcherMainClass,
                heartbeatInterval, reportDeadline, terminateGracePeriod, jar, daemonMemoryMib, decommissionTimeout, connectorJars, classDataDirectory);
    }

    public LocalBackendConfiguration withDecommissionTimeout(Duration timeout) {
        return new LocalBackendConfiguration(sparkHome, pythonExecutable, javaHome, workRoot, launcherClasspath, launcherMainClass,
                heartbeatInterval, reportDeadline, terminateGracePeriod, listenerJar, daemonMemoryMib, timeout, connectorJars, classDataDirectory);
    }

    public LocalBackendConfiguration withConnectorJars(List<Path> jars) {
        return new LocalBackendConfiguration(sparkHome, pythonExecutable, javaHome, workRoot, launcherClasspath, launcherMainClass,
                heartbeatInterval, reportDeadline, terminateGracePeriod, listenerJar, daemonMemoryMib, decommissionTimeout, jars, classDataDirectory);
    }

    public LocalBackendConfiguration withClassDataDirectory(Path directory) {
        return new LocalBackendConfiguration(sparkHome, pythonExecutable, javaHome, workRoot, launcherClasspath, launcherMainClass,
                heartbeatInterval, reportDeadline, terminateGracePeriod, listenerJar, daemonMemoryMib, decommissionTimeout, connectorJars, directory);
    }

    private static void positiveOrNull(Duration duration, String name) {
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
