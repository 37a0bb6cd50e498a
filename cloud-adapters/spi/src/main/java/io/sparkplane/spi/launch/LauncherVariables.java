package io.sparkplane.spi.launch;

/**
 * The environment variables the engine launcher reads, as backends that start it set them. The
 * launcher's own program ({@code engine-image/launcher}) parses them; a backend needs only the
 * names, so it never depends on that program.
 */
public final class LauncherVariables {

    /** The Spark home with {@code bin/spark-submit}. */
    public static final String SPARK_HOME = "SPARK_HOME";
    /** The python that runs the job, on the driver and the workers. */
    public static final String PYSPARK_PYTHON = "PYSPARK_PYTHON";
    /** The Java the launcher and Spark run on; unset: the launcher's own. */
    public static final String JAVA_HOME = "JAVA_HOME";
    /** The heartbeat interval in milliseconds; unset: 1 s. */
    public static final String HEARTBEAT_MILLIS = "SPARKPLANE_HEARTBEAT_MILLIS";
    /** How long the launcher keeps trying to report the end, in milliseconds; unset: 10 min. */
    public static final String REPORT_DEADLINE_MILLIS = "SPARKPLANE_REPORT_DEADLINE_MILLIS";
    /** The standalone master the job is submitted to ({@code spark://host:port}); unset means local mode. */
    public static final String SPARK_MASTER = "SPARKPLANE_SPARK_MASTER";
    /** How long the launcher waits for that master, in milliseconds; unset: 120 s. */
    public static final String MASTER_WAIT_MILLIS = "SPARKPLANE_MASTER_WAIT_MILLIS";
    /** The jar (or class directory) holding the backlog SparkListener; unset means no backlog reports. */
    public static final String LISTENER_JAR = "SPARKPLANE_LISTENER_JAR";
    /** Comma-separated Hadoop connector jars for the job's class path. */
    public static final String CONNECTOR_JARS = "SPARKPLANE_CONNECTOR_JARS";
    /**
     * A class-data archive (JDK AppCDS) the driver's JVM starts from, through {@code SPARK_SUBMIT_OPTS};
     * unset means none. A JVM whose class path does not fit it starts without, quietly.
     */
    public static final String DRIVER_CLASS_DATA = "SPARKPLANE_DRIVER_CLASS_DATA";
    /** The same for executors, through {@code spark.executor.extraJavaOptions}; unset means none. */
    public static final String EXECUTOR_CLASS_DATA = "SPARKPLANE_EXECUTOR_CLASS_DATA";
    /** Set on the launcher and every process below it; backends find stray processes by it. */
    public static final String RUN_ID = "SPARKPLANE_RUN_ID";
    /** The attempt number, beside {@link #RUN_ID}. */
    public static final String ATTEMPT = "SPARKPLANE_ATTEMPT";

    private LauncherVariables() {}
}
