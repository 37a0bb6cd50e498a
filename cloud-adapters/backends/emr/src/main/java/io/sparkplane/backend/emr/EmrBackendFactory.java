package io.sparkplane.backend.emr;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.engine.BackendContext;
import io.sparkplane.spi.engine.BackendLimits;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendFactory;
import io.sparkplane.spi.engine.JobHosting;
import io.sparkplane.spi.settings.Setting;
import io.sparkplane.spi.settings.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;

/**
 * Engine profiles of type {@code emr}: each attempt is one transient EMR on EC2 cluster running one
 * spark-submit step, its TASK group resized by Sparkplane's autoscaler. Everything the settings alone
 * can tell is checked here, at the control plane's start; what only EMR can tell (the release's
 * instance types) when the profile's backend is created.
 */
public final class EmrBackendFactory implements EngineBackendFactory<EmrBackendFactory.Profile> {

    public static final String TYPE = "emr";
    static final String REGION = "region";
    static final String RELEASE_LABEL = "release-label";
    static final String MASTER_INSTANCE_TYPE = "master-instance-type";
    static final String CORE_INSTANCE_TYPE = "core-instance-type";
    static final String CORE_INSTANCE_COUNT = "core-instance-count";
    static final String TASK_INSTANCE_TYPE = "task-instance-type";
    static final String SUBNET_ID = "subnet-id";
    static final String SERVICE_ROLE = "service-role";
    static final String INSTANCE_PROFILE = "instance-profile";
    static final String SECURITY_CONFIGURATION = "security-configuration";
    static final String TAGS = "tags";
    static final String ROLE_ARN = "role-arn";
    static final String ENDPOINT = "endpoint";
    static final String STATUS_POLL_INTERVAL = "status-poll-interval";
    static final String PROVISIONING_TIMEOUT = "provisioning-timeout";

    private static final Pattern RELEASE = Pattern.compile("emr-\\d+\\.\\d+\\.\\d+");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
    private static final Pattern ROLE = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}|" + ROLE.pattern());
    private static final Pattern SUBNET = Pattern.compile("subnet-[0-9a-f]{8,17}");
    private static final List<Setting> SETTINGS;

    static {
        List<Setting> settings = new ArrayList<>(List.of(
                Setting.required(REGION, "the AWS region the clusters run in (us-east-1)"),
                Setting.of(RELEASE_LABEL, "emr-7.9.0", "the EMR release, which fixes the Spark version (emr-7.9.0: Spark 3.5)"),
                Setting.of(MASTER_INSTANCE_TYPE, "m5.xlarge", "the master's instance type; the driver runs on it"),
                Setting.of(CORE_INSTANCE_TYPE, "m5.xlarge", "the CORE instances' type"),
                Setting.of(CORE_INSTANCE_COUNT, "1", "CORE instances per cluster (YARN and HDFS, fixed); 0: master and task instances only"),
                Setting.optional(TASK_INSTANCE_TYPE, "the TASK instances' type, one per executor, resized by the autoscaler; unset: the core type"),
                Setting.optional(SUBNET_ID, "the VPC subnet of the clusters; unset: the account's default VPC"),
                Setting.required(SERVICE_ROLE, "the EMR service role, a name or ARN (EMR_DefaultRole_V2)"),
                Setting.required(INSTANCE_PROFILE, "the EC2 instance profile of the clusters' instances (EMR_EC2_DefaultRole)"),
                Setting.optional(SECURITY_CONFIGURATION, "an EMR security configuration's name"),
                Setting.map(TAGS, "tags on every cluster beside Sparkplane's own (sparkplane:*)"),
                Setting.optional(ROLE_ARN, "a role to assume for every EMR and S3 call; unset: the SDK's default credentials"),
                Setting.optional(ENDPOINT, "EMR's endpoint URL (a VPC endpoint); unset: the region's"),
                Setting.of(STATUS_POLL_INTERVAL, "PT10S", "how long one look at a cluster is reused; EMR's API is rate-limited"),
                Setting.of(PROVISIONING_TIMEOUT, "PT30M", "a cluster whose step has not started by then ends the run PROVISIONING_FAILED")));
        settings.addAll(BackendLimits.settings(10, 20));
        SETTINGS = List.copyOf(settings);
    }

    /** A profile's settings, read. */
    public record Profile(EmrBackendConfiguration configuration, BackendLimits limits, Duration provisioningTimeout) {
        public Profile {
            requireNonNull(configuration, "configuration is null");
            requireNonNull(limits, "limits is null");
            requireNonNull(provisioningTimeout, "provisioningTimeout is null");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public JobHosting hosting() {
        return JobHosting.SERVICE;
    }

    @Override
    public Set<String> stagingSchemes() {
        return Set.of("s3");
    }

    @Override
    public Profile configure(Settings settings) {
        String region = settings.string(REGION);
        if (!Region.regions().contains(Region.of(region))) {
            throw settings.invalid(REGION, "is not an AWS region this SDK knows (us-east-1, eu-west-1, ...)");
        }
        String release = settings.string(RELEASE_LABEL);
        if (!RELEASE.matcher(release).matches()) {
            throw settings.invalid(RELEASE_LABEL, "is not an EMR release label like emr-7.9.0");
        }
        String coreType = instanceType(settings, CORE_INSTANCE_TYPE, settings.string(CORE_INSTANCE_TYPE));
        String taskType = instanceType(settings, TASK_INSTANCE_TYPE, settings.optional(TASK_INSTANCE_TYPE).orElse(coreType));
        String serviceRole = matching(settings, SERVICE_ROLE, ROLE_NAME, "an IAM role name or ARN");
        String instanceProfile = matching(settings, INSTANCE_PROFILE, ROLE_NAME, "an instance profile name or ARN");
        settings.optional(SUBNET_ID).ifPresent(subnet -> {
            if (!SUBNET.matcher(subnet).matches()) {
                throw settings.invalid(SUBNET_ID, "is not a subnet id like subnet-0123456789abcdef0");
            }
        });
        settings.optional(ROLE_ARN).ifPresent(role -> {
            if (!ROLE.matcher(role).matches()) {
                throw settings.invalid(ROLE_ARN, "is not an IAM role ARN like arn:aws:iam::123456789012:role/name");
            }
        });
        Duration interval = settings.duration(STATUS_POLL_INTERVAL);
        if (interval.isNegative()) {
            throw settings.invalid(STATUS_POLL_INTERVAL, "must not be negative");
        }
        EmrBackendConfiguration configuration = new EmrBackendConfiguration(region, release,
                instanceType(settings, MASTER_INSTANCE_TYPE, settings.string(MASTER_INSTANCE_TYPE)),
                coreType, settings.integer(CORE_INSTANCE_COUNT, 0, 500), taskType,
                settings.optional(SUBNET_ID), serviceRole, instanceProfile, settings.optional(SECURITY_CONFIGURATION),
                settings.map(TAGS), settings.optional(ROLE_ARN), settings.url(ENDPOINT), interval);
        Duration provisioning = settings.duration(PROVISIONING_TIMEOUT);
        if (provisioning.compareTo(Duration.ofMinutes(1)) < 0) {
            throw settings.invalid(PROVISIONING_TIMEOUT, "must be at least PT1M: an EMR cluster takes minutes to start");
        }
        return new Profile(configuration, BackendLimits.read(settings), provisioning);
    }

    @Override
    public BackendLimits limits(Profile profile) {
        return profile.limits();
    }

    @Override
    public Optional<Duration> provisioningTimeout(Profile profile) {
        return Optional.of(profile.provisioningTimeout());
    }

    /** Connects to EMR and checks the profile's instance types against its release there. */
    @Override
    public EngineBackend create(Profile profile, BackendContext context) {
        return EmrEngineBackend.connect(context.profile(), profile.configuration(), context.clock());
    }

    private static String instanceType(Settings settings, String name, String value) {
        if (!INSTANCE_TYPE.matcher(value).matches()) {
            throw settings.invalid(name, "is not an EC2 instance type like m5.xlarge");
        }
        return value;
    }

    private static String matching(Settings settings, String name, Pattern pattern, String what) {
        String value = settings.string(name);
        if (!pattern.matcher(value).matches()) {
            throw settings.invalid(name, "is not " + what);
        }
        return value;
    }
}
