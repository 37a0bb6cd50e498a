package io.sparkplane.controlplane.cluster;

import io.sparkplane.autoscaler.BacklogPolicy;
import io.sparkplane.autoscaler.DynamicAllocationPolicy;
import io.sparkplane.autoscaler.ScalingPolicy;
import io.sparkplane.autoscaler.StaticPolicy;
import io.sparkplane.controlplane.api.SubmitRunRequest;
import java.time.Duration;

/** From a run's {@code autoscaling} to the autoscaler library's policy and the cluster's first size. Pure. */
public final class ScalingPolicies {

    private ScalingPolicies() {}

    /** @param idleTimeout the executor idle timeout of Spark-style dynamic allocation */
    public static ScalingPolicy of(SubmitRunRequest.Autoscaling autoscaling, Duration idleTimeout) {
        return switch (autoscaling.policy()) {
            case "static" -> new StaticPolicy(autoscaling.maxExecutors());
            case "dynamic-allocation" -> {
                DynamicAllocationPolicy spark = DynamicAllocationPolicy.sparkDefaults();
                yield new DynamicAllocationPolicy(spark.schedulerBacklogTimeout(), spark.sustainedSchedulerBacklogTimeout(), idleTimeout);
            }
            case "backlog" -> BacklogPolicy.defaults();
            default -> throw new IllegalArgumentException("unknown autoscaling policy " + autoscaling.policy());
        };
    }

    /**
     * Workers a new cluster starts with: {@code maxExecutors} for a static cluster, else
     * {@code minExecutors} but at least one, so the driver has an executor for its first stage while
     * the autoscaler waits for a backlog signal.
     */
    public static int initialWorkers(SubmitRunRequest.Autoscaling autoscaling) {
        if (autoscaling.policy().equals("static")) {
            return autoscaling.maxExecutors();
        }
        return Math.min(autoscaling.maxExecutors(), Math.max(1, autoscaling.minExecutors()));
    }
}
