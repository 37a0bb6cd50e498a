package io.sparkplane.spi.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Spark conf of an attempt whose service runs spark-submit itself ({@link JobHosting#SERVICE}),
 * shared by those backends so an EMR step and an EMR Serverless job run get the same: the run's
 * sizes, dynamic allocation within its executor bounds (the service, not a launcher, starts the
 * executors), the backlog listener reporting to the engine API, the event log in the attempt's
 * staging, and Spark's redaction widened to every secret-looking key. The run's own conf goes on top,
 * except that a listener or redaction pattern of its own is added to, never replaced. Pure.
 */
public final class ServiceSparkConf {

    /** The backlog listener, in the jar {@link StagedAttempt#listenerJar()}. */
    public static final String LISTENER_CLASS = "io.sparkplane.listener.BacklogListener";
    /** Where the listener posts its reports: the attempt's heartbeat URL on the engine API. */
    public static final String REPORT_URL = "spark.sparkplane.report.url";
    /** The object holding the attempt's engine API token, which the listener reads with the job's own file system access. */
    public static final String REPORT_TOKEN_FILE = "spark.sparkplane.report.tokenFile";
    static final String EXTRA_LISTENERS = "spark.extraListeners";
    static final String REDACTION_REGEX = "spark.redaction.regex";

    private ServiceSparkConf() {}

    public static Map<String, String> of(ClusterSpec spec, StagedAttempt staged) {
        LaunchSpec launch = spec.launch();
        // the run's own first: what Sparkplane sizes and bounds goes on top, so a run cannot lift its limits
        Map<String, String> conf = new LinkedHashMap<>(launch.sparkConf());
        conf.putAll(sizing(spec));
        if ("true".equalsIgnoreCase(conf.getOrDefault("spark.eventLog.enabled", "false").trim()) && !conf.containsKey("spark.eventLog.dir")) {
            conf.put("spark.eventLog.dir", staged.eventLog());
        }
        conf.merge(EXTRA_LISTENERS, LISTENER_CLASS, (user, ours) -> user.isBlank() ? ours : user + "," + ours);
        conf.merge(REDACTION_REGEX, SecretSparkConf.REGEX, (user, ours) -> user.isBlank() ? ours : "(?:" + user + ")|" + ours);
        conf.put(REPORT_URL, reportUrl(launch));
        conf.put(REPORT_TOKEN_FILE, staged.engineTokenFile());
        return conf;
    }

    /**
     * The keys Sparkplane sets from the run's resources and autoscaling bounds, which a run on a
     * service-hosted backend may not set itself: the service, not Sparkplane, starts the executors,
     * so these are the limits it keeps to.
     */
    public static final Set<String> SIZED = Set.of("spark.driver.cores", "spark.driver.memory", "spark.executor.cores",
            "spark.executor.memory", "spark.dynamicAllocation.enabled", "spark.dynamicAllocation.minExecutors",
            "spark.dynamicAllocation.initialExecutors", "spark.dynamicAllocation.maxExecutors", "spark.dynamicAllocation.executorIdleTimeout",
            "spark.executor.instances", REPORT_URL, REPORT_TOKEN_FILE);

    private static Map<String, String> sizing(ClusterSpec spec) {
        EngineResources resources = spec.resources();
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.driver.cores", Integer.toString(resources.driverCores()));
        conf.put("spark.driver.memory", resources.driverMemoryMib() + "m");
        conf.put("spark.executor.cores", Integer.toString(resources.executorCores()));
        conf.put("spark.executor.memory", resources.executorMemoryMib() + "m");
        conf.put("spark.dynamicAllocation.enabled", "true");
        conf.put("spark.dynamicAllocation.minExecutors", Integer.toString(resources.minExecutors()));
        conf.put("spark.dynamicAllocation.initialExecutors", Integer.toString(spec.initialWorkers()));
        conf.put("spark.dynamicAllocation.maxExecutors", Integer.toString(resources.maxExecutors()));
        conf.put("spark.dynamicAllocation.executorIdleTimeout", Math.max(1, spec.idleTimeout().toSeconds()) + "s");
        return conf;
    }

    /** The attempt's heartbeat URL on the engine API. */
    public static String reportUrl(LaunchSpec launch) {
        String base = launch.controlPlaneUrl().replaceAll("/+$", "");
        return base + "/internal/v1/runs/" + launch.runId() + "/attempts/" + launch.attempt() + "/heartbeat";
    }
}
