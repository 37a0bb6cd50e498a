package io.sparkplane.backend.emrserverless;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How one {@code emr-serverless} engine profile runs its attempts, read from its settings.
 *
 * @param region the AWS region of the application, a region the SDK knows
 * @param endpoint where every AWS call goes instead of the region's endpoints (an emulator serving
 *     every service, a proxy); empty: AWS itself
 * @param application the application job runs go to: an existing one, or one Sparkplane creates
 * @param executionRoleArn the IAM role each job run runs as (its S3 access, its logs)
 * @param roleArn a role the control plane assumes through STS for its own calls; empty: the SDK's
 *     default credentials chain
 * @param executionTimeout how long EMR Serverless lets a job run before it cancels it, whole minutes
 * @param sparkVersion the Spark version the application's release runs, to refuse runs asking for
 *     another; empty: not checked
 * @param maxAttempts attempts per AWS call, throttled and failed ones retried with the SDK's backoff
 */
public record EmrServerlessConfiguration(
        String region,
        Optional<URI> endpoint,
        ApplicationChoice application,
        String executionRoleArn,
        Optional<String> roleArn,
        Duration executionTimeout,
        Optional<String> sparkVersion,
        int maxAttempts) {

    /** IAM's role ARN, as the EMR Serverless API checks {@code executionRoleArn}. */
    static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-zA-Z0-9-]*:iam::[0-9]{12}:role/([\\u0021-\\u007F]+/)?[\\w+=,.@-]+");

    public EmrServerlessConfiguration {
        requireNonNull(region, "region is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(application, "application is null");
        requireNonNull(executionRoleArn, "executionRoleArn is null");
        requireNonNull(roleArn, "roleArn is null");
        requireNonNull(executionTimeout, "executionTimeout is null");
        requireNonNull(sparkVersion, "sparkVersion is null");
        if (!ROLE_ARN.matcher(executionRoleArn).matches()) {
            throw new IllegalArgumentException("executionRoleArn is not an IAM role ARN: " + executionRoleArn);
        }
        roleArn.ifPresent(arn -> {
            if (!ROLE_ARN.matcher(arn).matches()) {
                throw new IllegalArgumentException("roleArn is not an IAM role ARN: " + arn);
            }
        });
        if (executionTimeout.toMinutes() < 5) {
            throw new IllegalArgumentException("executionTimeout is under EMR Serverless's 5 minutes: " + executionTimeout);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** The timeout as the API takes it: whole minutes, rounded up. */
    long executionTimeoutMinutes() {
        long minutes = executionTimeout.toMinutes();
        return executionTimeout.equals(Duration.ofMinutes(minutes)) ? minutes : minutes + 1;
    }

    /** Which application job runs go to. */
    public sealed interface ApplicationChoice {}

    /** An application the operator made; Sparkplane never changes it. */
    public record ExistingApplication(String applicationId) implements ApplicationChoice {
        private static final Pattern ID = Pattern.compile("[0-9a-z]{1,64}");

        public ExistingApplication {
            requireNonNull(applicationId, "applicationId is null");
            if (!ID.matcher(applicationId).matches()) {
                throw new IllegalArgumentException("an application id is lower-case letters and digits, not " + applicationId);
            }
        }
    }

    /**
     * An application Sparkplane finds by name, or creates, on the profile's first run.
     *
     * @param releaseLabel the EMR release ({@code emr-7.9.0})
     * @param driver pre-initialized driver workers; empty: none
     * @param executor pre-initialized executor workers; empty: none
     * @param maximumCapacity the most the application's workers may hold at once; empty: the account's quota
     * @param idleTimeout how long the application stays started without a job before it stops itself
     */
    public record NewApplication(
            String releaseLabel,
            Optional<InitialWorkers> driver,
            Optional<InitialWorkers> executor,
            Optional<Capacity> maximumCapacity,
            Duration idleTimeout) implements ApplicationChoice {
        static final Pattern RELEASE = Pattern.compile("[A-Za-z0-9._/-]{1,64}");

        public NewApplication {
            requireNonNull(releaseLabel, "releaseLabel is null");
            requireNonNull(driver, "driver is null");
            requireNonNull(executor, "executor is null");
            requireNonNull(maximumCapacity, "maximumCapacity is null");
            requireNonNull(idleTimeout, "idleTimeout is null");
            if (!RELEASE.matcher(releaseLabel).matches()) {
                throw new IllegalArgumentException("not an EMR release label: " + releaseLabel);
            }
            if (idleTimeout.toMinutes() < 1 || idleTimeout.toMinutes() > 10_080) {
                throw new IllegalArgumentException("the application's idle timeout is between 1 minute and 7 days, not " + idleTimeout);
            }
        }

        /** The application's idle timeout as the API takes it: whole minutes. */
        int idleTimeoutMinutes() {
            return (int) idleTimeout.toMinutes();
        }
    }

    /** Pre-initialized workers of one type, each of {@code size}. */
    public record InitialWorkers(int count, Capacity size) {
        public InitialWorkers {
            requireNonNull(size, "size is null");
            if (count < 1) {
                throw new IllegalArgumentException("pre-initialized workers are at least 1");
            }
        }
    }

    /**
     * CPU and memory as EMR Serverless writes them ({@code 4vCPU}, {@code 16GB}; a bare number is
     * vCPUs or GB).
     */
    public record Capacity(String cpu, String memory) {
        static final Pattern CPU = Pattern.compile("[1-9][0-9]*\\s?(vCPU|vcpu|VCPU)?");
        static final Pattern MEMORY = Pattern.compile("[1-9][0-9]*\\s?(GB|gb|gB|Gb)?");

        public Capacity {
            requireNonNull(cpu, "cpu is null");
            requireNonNull(memory, "memory is null");
            if (!CPU.matcher(cpu).matches() || cpu.length() > 15) {
                throw new IllegalArgumentException("cpu is a whole number of vCPUs (4vCPU), not " + cpu);
            }
            if (!MEMORY.matcher(memory).matches() || memory.length() > 15) {
                throw new IllegalArgumentException("memory is a whole number of GB (16GB), not " + memory);
            }
        }
    }
}
