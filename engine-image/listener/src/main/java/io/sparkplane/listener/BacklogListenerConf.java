package io.sparkplane.listener;

/**
 * The Spark conf keys of {@link BacklogListener}. Apart from it so that the launcher, which has no
 * Spark on its classpath, can name them.
 */
public final class BacklogListenerConf {

    /** Where the listener writes its snapshots; without it the listener writes nothing. */
    public static final String FILE = "spark.sparkplane.backlog.file";
    /** How often, in milliseconds, it writes one. */
    public static final String INTERVAL_MILLIS = "spark.sparkplane.backlog.intervalMs";
    public static final long DEFAULT_INTERVAL_MILLIS = 1000;

    /**
     * The heartbeat URL of the attempt, {@code <engineApi>/internal/v1/runs/<runId>/attempts/<attempt>/heartbeat}:
     * with {@link #REPORT_TOKEN_FILE} the listener posts its snapshots there itself every
     * {@link #INTERVAL_MILLIS}, for backends that run spark-submit without the launcher (EMR steps,
     * EMR Serverless). Independent of {@link #FILE}; either, both or neither may be set.
     */
    public static final String REPORT_URL = "spark.sparkplane.report.url";
    /**
     * Where the attempt's bearer token is: a URI the driver's Hadoop file systems can open
     * ({@code s3://}, {@code s3a://}, {@code gs://}, {@code file:/}) of an object holding the token
     * on one line. Read once, on the reporting thread, with the driver's {@code spark.hadoop.*} conf;
     * never logged. Reporting is on only when this and {@link #REPORT_URL} are both set.
     */
    public static final String REPORT_TOKEN_FILE = "spark.sparkplane.report.tokenFile";

    private BacklogListenerConf() {}
}
