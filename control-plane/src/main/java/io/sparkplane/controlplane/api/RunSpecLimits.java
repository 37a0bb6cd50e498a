package io.sparkplane.controlplane.api;

import java.util.Set;

/** The bounds and defaults of a run the API takes: one place for every number a submit is checked against. */
public final class RunSpecLimits {

    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_LOCATION_LENGTH = 4096;
    public static final int MAX_ARGS = 1000;
    public static final int MAX_ARG_LENGTH = 65_536;
    public static final int MAX_FILES = 100;
    public static final int MAX_SPARK_CONF = 200;
    public static final int MAX_SPARK_CONF_KEY_LENGTH = 256;
    public static final int MAX_CORES = 64;
    public static final int MAX_EXECUTORS = 1000;
    public static final int MIN_MEMORY_MIB = 256;
    public static final int MAX_MEMORY_MIB = 512 * 1024;
    public static final int MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;
    public static final int MAX_RETRIES = 10;
    public static final int MAX_LABELS = 32;
    public static final int MAX_LABEL_VALUE_LENGTH = 63;
    public static final int MAX_MAIN_CLASS_LENGTH = 1000;

    public static final int DEFAULT_CORES = 1;
    public static final int DEFAULT_MEMORY_MIB = 1024;
    public static final int DEFAULT_MIN_EXECUTORS = 1;
    public static final int DEFAULT_MAX_EXECUTORS = 2;
    public static final String DEFAULT_POLICY = "backlog";

    /** Set by Sparkplane itself; a run may not override them. */
    public static final Set<String> RESERVED_SPARK_CONF = Set.of("spark.master", "spark.submit.deployMode", "spark.app.name",
            // the cluster's shape and its scaling are Sparkplane's: set them with resources and autoscaling
            "spark.executor.cores", "spark.executor.memory", "spark.executor.instances", "spark.dynamicAllocation.enabled",
            "spark.decommission.enabled");

    private RunSpecLimits() {}
}
