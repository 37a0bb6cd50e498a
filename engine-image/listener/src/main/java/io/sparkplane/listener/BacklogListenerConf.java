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

    private BacklogListenerConf() {}
}
