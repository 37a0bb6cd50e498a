package io.sparkplane.backend.emrserverless;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The AWS SDK pieces of a profile's backend: its credentials (the SDK's default chain, or a role
 * assumed through STS from it; Sparkplane keeps no key), EMR Serverless's REST client and the
 * retry strategy its calls go through. Every client sends with the SDK's URL-connection HTTP
 * client and points at the profile's {@code endpoint} when it has one.
 */
final class AwsClients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private AwsClients() {}

    /** Credentials and what has to be closed with them. */
    record Credentials(AwsCredentialsProvider provider, List<AutoCloseable> owned) {
        Credentials {
            requireNonNull(provider, "provider is null");
            owned = List.copyOf(owned);
        }
    }

    /** The default chain (environment, system properties, profile files, container and instance roles), or a role assumed from it. */
    static Credentials credentials(EmrServerlessConfiguration configuration, String profile) {
        DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
        if (configuration.roleArn().isEmpty()) {
            return new Credentials(chain, List.of(chain));
        }
        StsClientBuilder sts = StsClient.builder()
                .region(Region.of(configuration.region()))
                .credentialsProvider(chain)
                .httpClientBuilder(http());
        configuration.endpoint().ifPresent(sts::endpointOverride);
        StsClient client = sts.build();
        StsAssumeRoleCredentialsProvider assumed = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(client)
                .refreshRequest(request -> request.roleArn(configuration.roleArn().get()).roleSessionName(sessionName(profile)))
                .build();
        List<AutoCloseable> owned = new ArrayList<>(List.of(assumed, client, chain));
        return new Credentials(assumed, owned);
    }

    /** STS's session name: 2 to 64 of {@code [\w+=,.@-]}; CloudTrail shows it beside every call. */
    static String sessionName(String profile) {
        String name = ("sparkplane-" + profile).replaceAll("[^\\w+=,.@-]", "-");
        return name.length() <= 64 ? name : name.substring(0, 64);
    }

    static EmrServerlessClient emrServerless(EmrServerlessConfiguration configuration, AwsCredentialsProvider credentials) {
        Region region = Region.of(configuration.region());
        return new EmrServerlessClient(configuration.endpoint().orElseGet(() -> EmrServerlessClient.endpointOf(region)), region,
                credentials, http().build(), retryStrategy(configuration.maxAttempts()));
    }

    /**
     * The SDK's standard strategy (exponential backoff with jitter, a longer one for throttling, a
     * circuit breaker's retry budget) over the REST client's failures: throttling, 5xx answers and
     * no answer are retried, refusals are not.
     */
    static RetryStrategy retryStrategy(int maxAttempts) {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(maxAttempts)
                .retryOnException(failure -> failure instanceof EmrServerlessException call && call.retryable())
                .treatAsThrottling(failure -> failure instanceof EmrServerlessException call && call.throttling())
                .build();
    }

    private static UrlConnectionHttpClient.Builder http() {
        return UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(READ_TIMEOUT);
    }
}
