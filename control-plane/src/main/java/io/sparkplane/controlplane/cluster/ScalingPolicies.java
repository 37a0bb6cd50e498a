package io.sparkplane.controlplane.cluster;

import io.sparkplane.autoscaler.BacklogPolicy;
import io.sparkplane.autoscaler.DynamicAllocationPolicy;
import io.sparkplane.autoscaler.ScalingPolicy;
import io.sparkplane.autoscaler.StaticPolicy;
import io.sparkplane.controlplane.run.AutoscalingPolicy;
import java.time.Duration;

/** From a run's autoscaling policy to the autoscaler library's. Pure. */
public final class ScalingPolicies {

    private ScalingPolicies() {}

    /** @param idleTimeout the executor idle timeout of Spark-style dynamic allocation */
    public static ScalingPolicy of(AutoscalingPolicy autoscaling, Duration idleTimeout) {
        // Java 17: no pattern matching for switch; AutoscalingPolicy is sealed to these three records
        if (autoscaling instanceof AutoscalingPolicy.Static policy) {
            return new StaticPolicy(policy.maxExecutors());
        }
        if (autoscaling instanceof AutoscalingPolicy.DynamicAllocation) {
            DynamicAllocationPolicy spark = DynamicAllocationPolicy.sparkDefaults();
            return new DynamicAllocationPolicy(spark.schedulerBacklogTimeout(), spark.sustainedSchedulerBacklogTimeout(), idleTimeout);
        }
        return BacklogPolicy.defaults();
    }
}
