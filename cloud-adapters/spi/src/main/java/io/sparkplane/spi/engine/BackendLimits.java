package io.sparkplane.spi.engine;

import io.sparkplane.spi.settings.Setting;
import io.sparkplane.spi.settings.Settings;
import java.util.List;

/**
 * What one engine profile takes on: {@code maxConcurrentRuns} runs with a cluster at once (more wait
 * QUEUED; the dispatcher holds this across replicas) and at most {@code maxExecutorsPerRun}
 * executors in one run (a submit asking for more is refused). Every backend type declares the two
 * as {@value #MAX_CONCURRENT_RUNS} and {@value #MAX_EXECUTORS_PER_RUN} with defaults of its own.
 */
public record BackendLimits(int maxConcurrentRuns, int maxExecutorsPerRun) {

    public static final String MAX_CONCURRENT_RUNS = "max-concurrent-runs";
    public static final String MAX_EXECUTORS_PER_RUN = "max-executors-per-run";
    private static final int MOST = 100_000;

    public BackendLimits {
        if (maxConcurrentRuns < 1 || maxExecutorsPerRun < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
    }

    /** The two settings, with this type's defaults. */
    public static List<Setting> settings(int defaultConcurrentRuns, int defaultExecutorsPerRun) {
        return List.of(
                Setting.of(MAX_CONCURRENT_RUNS, Integer.toString(defaultConcurrentRuns),
                        "runs with an engine cluster on this profile at once; more wait QUEUED"),
                Setting.of(MAX_EXECUTORS_PER_RUN, Integer.toString(defaultExecutorsPerRun),
                        "the most executors one run may ask for (autoscaling.maxExecutors)"));
    }

    public static BackendLimits read(Settings settings) {
        return new BackendLimits(settings.integer(MAX_CONCURRENT_RUNS, 1, MOST), settings.integer(MAX_EXECUTORS_PER_RUN, 1, MOST));
    }
}
