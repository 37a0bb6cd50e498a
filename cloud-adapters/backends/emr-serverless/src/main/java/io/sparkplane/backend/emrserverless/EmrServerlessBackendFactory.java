package io.sparkplane.backend.emrserverless;

import static java.util.Objects.requireNonNull;

import io.sparkplane.backend.emrserverless.EmrServerlessConfiguration.ApplicationChoice;
import io.sparkplane.backend.emrserverless.EmrServerlessConfiguration.Capacity;
import io.sparkplane.backend.emrserverless.EmrServerlessConfiguration.ExistingApplication;
import io.sparkplane.backend.emrserverless.EmrServerlessConfiguration.InitialWorkers;
import io.sparkplane.backend.emrserverless.EmrServerlessConfiguration.NewApplication;
import io.sparkplane.spi.engine.BackendContext;
import io.sparkplane.spi.engine.BackendLimits;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.engine.EngineBackendFactory;
import io.sparkplane.spi.engine.JobHosting;
import io.sparkplane.spi.settings.Setting;
import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.spi.settings.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;

/**
 * Engine profiles of type {@code emr-serverless}: each attempt is one EMR Serverless job run on the
 * profile's application (an existing one, or one Sparkplane creates), run as the profile's
 * execution role. Credentials come from the AWS SDK's default chain, or a role assumed from it;
 * Sparkplane stores no key. Nothing is called at start: a mistake in the settings stops the
 * control plane naming its key, one in AWS shows on the first run.
 */
public final class EmrServerlessBackendFactory implements EngineBackendFactory<EmrServerlessBackendFactory.Profile> {

    public static final String TYPE = "emr-serverless";
    static final String REGION = "region";
    static final String ENDPOINT = "endpoint";
    static final String APPLICATION_ID = "application-id";
    static final String RELEASE_LABEL = "release-label";
    static final String DRIVER_WORKERS = "initial-capacity.driver.workers";
    static final String DRIVER_CPU = "initial-capacity.driver.cpu";
    static final String DRIVER_MEMORY = "initial-capacity.driver.memory";
    static final String EXECUTOR_WORKERS = "initial-capacity.executor.workers";
    static final String EXECUTOR_CPU = "initial-capacity.executor.cpu";
    static final String EXECUTOR_MEMORY = "initial-capacity.executor.memory";
    static final String MAXIMUM_CPU = "maximum-capacity.cpu";
    static final String MAXIMUM_MEMORY = "maximum-capacity.memory";
    static final String APPLICATION_IDLE_TIMEOUT = "application-idle-timeout";
    static final String EXECUTION_ROLE_ARN = "execution-role-arn";
    static final String ROLE_ARN = "role-arn";
    static final String EXECUTION_TIMEOUT = "execution-timeout";
    static final String SPARK_VERSION = "spark-version";
    static final String MAX_ATTEMPTS = "max-attempts";
    static final String PROVISIONING_TIMEOUT = "provisioning-timeout";
    static final String DRIVER_LOG_GRACE = "driver-log-grace";
    static final Duration DEFAULT_DRIVER_LOG_GRACE = Duration.ofSeconds(30);
    /** How often the backend looks again while it waits (an application being created, a job run being cancelled). */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(2);

    /** The settings that shape an application Sparkplane creates, which an operator's own application-id leaves to that application. */
    private static final List<String> NEW_APPLICATION_SETTINGS = List.of(RELEASE_LABEL, DRIVER_WORKERS, DRIVER_CPU, DRIVER_MEMORY,
            EXECUTOR_WORKERS, EXECUTOR_CPU, EXECUTOR_MEMORY, MAXIMUM_CPU, MAXIMUM_MEMORY, APPLICATION_IDLE_TIMEOUT);
    private static final List<Setting> SETTINGS;

    static {
        List<Setting> settings = new ArrayList<>(List.of(
                Setting.required(REGION, "the AWS region of the application (eu-west-1)"),
                Setting.optional(ENDPOINT, "a URL every AWS call of the profile goes to instead of AWS's (an emulator, a proxy)"),
                Setting.optional(APPLICATION_ID, "an existing EMR Serverless application for the job runs; unset: Sparkplane creates one"),
                Setting.optional(RELEASE_LABEL, "the EMR release of the application Sparkplane creates (emr-7.9.0); required without application-id"),
                Setting.of(DRIVER_WORKERS, "0", "pre-initialized driver workers of the created application"),
                Setting.of(DRIVER_CPU, "4vCPU", "the CPU of each pre-initialized driver worker"),
                Setting.of(DRIVER_MEMORY, "16GB", "the memory of each pre-initialized driver worker"),
                Setting.of(EXECUTOR_WORKERS, "0", "pre-initialized executor workers of the created application"),
                Setting.of(EXECUTOR_CPU, "4vCPU", "the CPU of each pre-initialized executor worker"),
                Setting.of(EXECUTOR_MEMORY, "16GB", "the memory of each pre-initialized executor worker"),
                Setting.optional(MAXIMUM_CPU, "the most vCPUs the created application's workers hold at once (400vCPU); with maximum-capacity.memory"),
                Setting.optional(MAXIMUM_MEMORY, "the most memory the created application's workers hold at once (3000GB); with maximum-capacity.cpu"),
                Setting.of(APPLICATION_IDLE_TIMEOUT, "PT15M", "the created application stops itself after this long without a job"),
                Setting.required(EXECUTION_ROLE_ARN, "the IAM role job runs run as (arn:aws:iam::123456789012:role/sparkplane-jobs)"),
                Setting.optional(ROLE_ARN, "a role the control plane assumes through STS for its calls; unset: the SDK's default credentials"),
                Setting.of(EXECUTION_TIMEOUT, "PT12H", "EMR Serverless cancels a job run after this long (whole minutes, at least 5)"),
                Setting.optional(SPARK_VERSION, "the Spark version of the application's release (3.5.5); runs asking for another are refused"),
                Setting.of(MAX_ATTEMPTS, "3", "attempts per AWS call: throttled and failed calls are retried with the SDK's backoff"),
                Setting.of(PROVISIONING_TIMEOUT, "PT15M", "a job run not RUNNING by then ends the attempt PROVISIONING_FAILED"),
                Setting.of(DRIVER_LOG_GRACE, "PT30S", "how long after a job run ended its driver logs are read (its last upload comes then)")));
        settings.addAll(BackendLimits.settings(10, 50));
        SETTINGS = List.copyOf(settings);
    }

    /**
     * A profile's settings, read.
     *
     * @param provisioningTimeout how long an attempt may take to get its job run RUNNING: a job run
     *     on an application without pre-initialized workers waits minutes for them
     */
    public record Profile(EmrServerlessConfiguration configuration, BackendLimits limits, Duration provisioningTimeout,
            Duration driverLogGrace) {
        public Profile {
            requireNonNull(configuration, "configuration is null");
            requireNonNull(limits, "limits is null");
            requireNonNull(provisioningTimeout, "provisioningTimeout is null");
            requireNonNull(driverLogGrace, "driverLogGrace is null");
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
    public Profile configure(Settings settings) {
        String region = settings.string(REGION);
        if (!Region.regions().contains(Region.of(region))) {
            throw settings.invalid(REGION, "is not an AWS region the SDK knows (such as us-east-1, eu-west-1)");
        }
        String executionRole = roleArn(settings, EXECUTION_ROLE_ARN).orElseThrow(() -> new SettingException(settings.key(EXECUTION_ROLE_ARN)
                + " is required: the IAM role job runs run as (arn:aws:iam::123456789012:role/sparkplane-jobs)"));
        Duration executionTimeout = settings.duration(EXECUTION_TIMEOUT);
        if (executionTimeout.toMinutes() < 5) {
            throw settings.invalid(EXECUTION_TIMEOUT, "must be at least 5 minutes (PT5M)");
        }
        EmrServerlessConfiguration configuration;
        try {
            configuration = new EmrServerlessConfiguration(region, settings.url(ENDPOINT), application(settings), executionRole,
                    roleArn(settings, ROLE_ARN), executionTimeout, settings.optional(SPARK_VERSION), settings.integer(MAX_ATTEMPTS, 1, 20));
        } catch (SettingException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new SettingException(settings.prefix() + "*: " + e.getMessage(), e);
        }
        Duration provisioning = settings.duration(PROVISIONING_TIMEOUT);
        if (provisioning.compareTo(Duration.ofMinutes(1)) < 0) {
            throw settings.invalid(PROVISIONING_TIMEOUT, "must be at least PT1M: EMR Serverless takes minutes to start a job run's workers");
        }
        Duration grace = settings.duration(DRIVER_LOG_GRACE);
        if (grace.isNegative()) {
            throw settings.invalid(DRIVER_LOG_GRACE, "must not be negative");
        }
        return new Profile(configuration, BackendLimits.read(settings), provisioning, grace);
    }

    private static Optional<String> roleArn(Settings settings, String name) {
        Optional<String> arn = settings.optional(name);
        if (arn.isPresent() && !EmrServerlessConfiguration.ROLE_ARN.matcher(arn.get()).matches()) {
            throw settings.invalid(name, "is not an IAM role ARN (arn:aws:iam::123456789012:role/name)");
        }
        return arn;
    }

    private static ApplicationChoice application(Settings settings) {
        Optional<String> applicationId = settings.optional(APPLICATION_ID);
        if (applicationId.isPresent()) {
            for (String name : NEW_APPLICATION_SETTINGS) {
                if (settings.given(name)) {
                    throw new SettingException(settings.key(name) + " shapes an application Sparkplane creates; with " + settings.key(APPLICATION_ID)
                            + " set, configure that application itself");
                }
            }
            try {
                return new ExistingApplication(applicationId.get());
            } catch (IllegalArgumentException e) {
                throw settings.invalid(APPLICATION_ID, "is not an EMR Serverless application id (lower-case letters and digits)");
            }
        }
        String release = settings.optional(RELEASE_LABEL).orElseThrow(() -> new SettingException(settings.key(RELEASE_LABEL)
                + " is required when " + settings.key(APPLICATION_ID) + " is not set: the EMR release of the application Sparkplane creates"
                + " (emr-7.9.0)"));
        Duration idle = settings.duration(APPLICATION_IDLE_TIMEOUT);
        if (idle.toMinutes() < 1 || idle.toMinutes() > 10_080) {
            throw settings.invalid(APPLICATION_IDLE_TIMEOUT, "must be between 1 minute and 7 days");
        }
        Optional<Capacity> maximum = Optional.empty();
        if (settings.given(MAXIMUM_CPU) || settings.given(MAXIMUM_MEMORY)) {
            for (String name : List.of(MAXIMUM_CPU, MAXIMUM_MEMORY)) {
                if (!settings.given(name)) {
                    throw new SettingException(settings.key(name) + " is required with " + settings.key(name.equals(MAXIMUM_CPU) ? MAXIMUM_MEMORY
                            : MAXIMUM_CPU) + ": EMR Serverless takes a maximum capacity's CPU and memory together");
                }
            }
            maximum = Optional.of(capacity(settings, MAXIMUM_CPU, MAXIMUM_MEMORY));
        }
        if (!NewApplication.RELEASE.matcher(release).matches()) {
            throw settings.invalid(RELEASE_LABEL, "is not an EMR release label (emr-7.9.0)");
        }
        return new NewApplication(release, initialWorkers(settings, DRIVER_WORKERS, DRIVER_CPU, DRIVER_MEMORY),
                initialWorkers(settings, EXECUTOR_WORKERS, EXECUTOR_CPU, EXECUTOR_MEMORY), maximum, idle);
    }

    private static Optional<InitialWorkers> initialWorkers(Settings settings, String count, String cpu, String memory) {
        int workers = settings.integer(count, 0, 1_000_000);
        return workers == 0 ? Optional.empty() : Optional.of(new InitialWorkers(workers, capacity(settings, cpu, memory)));
    }

    private static Capacity capacity(Settings settings, String cpu, String memory) {
        String cpuValue = settings.string(cpu);
        String memoryValue = settings.string(memory);
        if (!Capacity.CPU.matcher(cpuValue).matches() || cpuValue.length() > 15) {
            throw settings.invalid(cpu, "must be a whole number of vCPUs, such as 4vCPU");
        }
        if (!Capacity.MEMORY.matcher(memoryValue).matches() || memoryValue.length() > 15) {
            throw settings.invalid(memory, "must be a whole number of GB, such as 16GB");
        }
        return new Capacity(cpuValue, memoryValue);
    }

    @Override
    public BackendLimits limits(Profile profile) {
        return profile.limits();
    }

    @Override
    public Optional<Duration> provisioningTimeout(Profile profile) {
        return Optional.of(profile.provisioningTimeout());
    }

    @Override
    public JobHosting hosting() {
        return JobHosting.SERVICE;
    }

    /** Job runs read their inputs from S3 and write their logs there. */
    @Override
    public Set<String> stagingSchemes() {
        return Set.of("s3");
    }

    /** Builds the profile's AWS clients; nothing is called until the first run. */
    @Override
    public EngineBackend create(Profile profile, BackendContext context) {
        AwsClients.Credentials credentials;
        try {
            credentials = AwsClients.credentials(profile.configuration(), context.profile());
        } catch (SdkException e) {
            throw new EngineBackendException("emr-serverless profile " + context.profile() + ": cannot set up AWS credentials: " + e.getMessage(), e);
        }
        System.getLogger(EmrServerlessBackendFactory.class.getName()).log(System.Logger.Level.INFO,
                "emr-serverless backend {0}: region {1}, {2}, credentials {3}", context.profile(), profile.configuration().region(),
                profile.configuration().application() instanceof ExistingApplication existing ? "application " + existing.applicationId()
                        : "an application of its own", profile.configuration().roleArn().map(role -> "of role " + role).orElse("of the default chain"));
        return new EmrServerlessEngineBackend(context.profile(), profile.configuration(),
                AwsClients.emrServerless(profile.configuration(), credentials.provider()), context.clock(), POLL_INTERVAL, credentials.owned(),
                profile.driverLogGrace());
    }

    /** The backend on these credentials; the tests' way in with an emulator's. */
    static EmrServerlessEngineBackend backend(String profile, EmrServerlessConfiguration configuration, AwsCredentialsProvider credentials,
            Clock clock, Duration pollInterval, List<AutoCloseable> owned) {
        return new EmrServerlessEngineBackend(profile, configuration, AwsClients.emrServerless(configuration, credentials), clock, pollInterval,
                owned, DEFAULT_DRIVER_LOG_GRACE);
    }
}
