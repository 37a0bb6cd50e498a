package io.sparkplane.backend.emr;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code emr} engine profile, read: where and how each attempt's transient cluster is made.
 *
 * @param releaseLabel the EMR release ({@code emr-7.9.0}), which fixes the Spark version
 * @param coreInstanceCount CORE instances (YARN and HDFS; fixed for the attempt); 0 for a cluster of a master and task instances
 * @param taskInstanceType the instance type of the TASK group, which Sparkplane's autoscaler resizes: one instance per executor
 * @param serviceRole the EMR service role (name or ARN)
 * @param instanceProfile the EC2 instance profile of the cluster's instances (EMR's {@code JobFlowRole})
 * @param tags added to every cluster beside Sparkplane's own
 * @param roleArn a role to assume for every call; empty: the SDK's default credentials
 * @param endpoint EMR's endpoint, for a VPC endpoint (or a test's peer); empty: the region's
 * @param statusPollInterval how long an observation of a cluster is reused: the control plane's loops ask every second, EMR's API is rate-limited
 */
public record EmrBackendConfiguration(
        String region,
        String releaseLabel,
        String masterInstanceType,
        String coreInstanceType,
        int coreInstanceCount,
        String taskInstanceType,
        Optional<String> subnetId,
        String serviceRole,
        String instanceProfile,
        Optional<String> securityConfiguration,
        Map<String, String> tags,
        Optional<String> roleArn,
        Optional<URI> endpoint,
        Duration statusPollInterval) {

    public EmrBackendConfiguration {
        requireNonNull(region, "region is null");
        requireNonNull(releaseLabel, "releaseLabel is null");
        requireNonNull(masterInstanceType, "masterInstanceType is null");
        requireNonNull(coreInstanceType, "coreInstanceType is null");
        requireNonNull(taskInstanceType, "taskInstanceType is null");
        requireNonNull(subnetId, "subnetId is null");
        requireNonNull(serviceRole, "serviceRole is null");
        requireNonNull(instanceProfile, "instanceProfile is null");
        requireNonNull(securityConfiguration, "securityConfiguration is null");
        tags = Map.copyOf(requireNonNull(tags, "tags is null"));
        requireNonNull(roleArn, "roleArn is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(statusPollInterval, "statusPollInterval is null");
        if (coreInstanceCount < 0) {
            throw new IllegalArgumentException("coreInstanceCount is negative");
        }
    }

    EmrBackendConfiguration withStatusPollInterval(Duration interval) {
        return new EmrBackendConfiguration(region, releaseLabel, masterInstanceType, coreInstanceType, coreInstanceCount, taskInstanceType,
                subnetId, serviceRole, instanceProfile, securityConfiguration, tags, roleArn, endpoint, interval);
    }
}
