package io.sparkplane.backend.hdinsight;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.AddDatePolicy;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.HttpClientOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.hdinsight.HDInsightManager;
import io.sparkplane.backend.hdinsight.HdInsightConfiguration.Credentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The profile's Azure Resource Manager client: {@link HDInsightManager} on an azure-core pipeline
 * built here, with the SDK's own retry policy (exponential backoff from {@value #BASE_DELAY_MILLIS}
 * ms to {@value #MAX_DELAY_SECONDS} s, {@value #MAX_RETRIES} retries, honouring Azure's
 * {@code Retry-After} on 429 and 503) and, for {@code credentials=default}, the bearer-token policy
 * with azure-identity's DefaultAzureCredential for Resource Manager's scope; for {@code
 * credentials=none} (a fake at an {@code http://} endpoint) no token at all. The HTTP client is
 * azure-core's default (Netty), with bounded connect and response timeouts.
 */
final class ArmClients {

    static final int MAX_RETRIES = 3;
    static final long BASE_DELAY_MILLIS = 800;
    static final long MAX_DELAY_SECONDS = 10;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    /** The key of Resource Manager's endpoint in an {@link AzureEnvironment}'s map. */
    private static final String RESOURCE_MANAGER = "resourceManagerEndpointUrl";

    private ArmClients() {}

    /** The manager of the profile's subscription, at its Resource Manager endpoint. */
    static HDInsightManager manager(HdInsightConfiguration configuration) {
        return HDInsightManager.authenticate(pipeline(configuration), profile(configuration));
    }

    static HttpPipeline pipeline(HdInsightConfiguration configuration) {
        List<HttpPipelinePolicy> policies = new ArrayList<>();
        policies.add(new UserAgentPolicy("sparkplane-hdinsight"));
        policies.add(new RequestIdPolicy());
        policies.add(new RetryPolicy(new ExponentialBackoff(MAX_RETRIES, Duration.ofMillis(BASE_DELAY_MILLIS), Duration.ofSeconds(MAX_DELAY_SECONDS))));
        policies.add(new AddDatePolicy());
        if (configuration.credentials() == Credentials.DEFAULT) {
            TokenCredential credential = new DefaultAzureCredentialBuilder().build();
            policies.add(new BearerTokenAuthenticationPolicy(credential, scope(configuration)));
        }
        HttpClient client = HttpClient.createDefault(new HttpClientOptions().setConnectTimeout(CONNECT_TIMEOUT).setResponseTimeout(RESPONSE_TIMEOUT));
        return new HttpPipelineBuilder().httpClient(client).policies(policies.toArray(new HttpPipelinePolicy[0])).build();
    }

    /** Resource Manager's token scope: its endpoint's {@code /.default} ({@code https://management.azure.com/.default}). */
    static String scope(HdInsightConfiguration configuration) {
        return configuration.armEndpoint().toString().replaceAll("/+$", "") + "/.default";
    }

    /** Azure's public cloud, with Resource Manager at the profile's endpoint (a sovereign cloud's, or a fake's). */
    static AzureProfile profile(HdInsightConfiguration configuration) {
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put(RESOURCE_MANAGER, configuration.armEndpoint().toString().replaceAll("/+$", "") + "/");
        return new AzureProfile(null, configuration.subscriptionId(), new AzureEnvironment(endpoints));
    }
}
