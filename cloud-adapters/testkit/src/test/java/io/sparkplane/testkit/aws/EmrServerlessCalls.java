package io.sparkplane.testkit.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * EMR Serverless's REST API as a test calls it: SigV4-signed by the SDK's signer (moto tells the
 * service by the signing name), since the SDK's own EMR Serverless module is not served here.
 */
final class EmrServerlessCalls implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("testing", "testing");

    private final URI endpoint;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    EmrServerlessCalls(URI endpoint) {
        this.endpoint = endpoint;
    }

    String createApplication(String name) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("releaseLabel", "emr-7.5.0").put("type", "SPARK")
                .put("clientToken", name);
        return call(SdkHttpMethod.POST, "/applications", body).path("applicationId").asText();
    }

    /** @param body StartJobRun's body: name, clientToken, executionRoleArn, jobDriver, configurationOverrides */
    String startJobRun(String applicationId, ObjectNode body) {
        return call(SdkHttpMethod.POST, "/applications/" + applicationId + "/jobruns", body).path("jobRunId").asText();
    }

    JsonNode getJobRun(String applicationId, String jobRunId) {
        return call(SdkHttpMethod.GET, "/applications/" + applicationId + "/jobruns/" + jobRunId, null).path("jobRun");
    }

    void cancelJobRun(String applicationId, String jobRunId) {
        call(SdkHttpMethod.DELETE, "/applications/" + applicationId + "/jobruns/" + jobRunId, null);
    }

    private JsonNode call(SdkHttpMethod method, String path, JsonNode body) {
        try {
            SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(method).uri(endpoint).encodedPath(path)
                    .putHeader("Accept", "application/json");
            ContentStreamProvider content = null;
            if (body != null) {
                byte[] payload = JSON.writeValueAsBytes(body);
                request.putHeader("Content-Type", "application/json").putHeader("Content-Length", Integer.toString(payload.length));
                content = ContentStreamProvider.fromByteArray(payload);
            }
            ContentStreamProvider signedContent = content;
            SignedRequest signed = signer.sign(sign -> sign
                    .identity(CREDENTIALS)
                    .request(request.build())
                    .payload(signedContent)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "emr-serverless")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, MotoHarness.REGION));
            HttpExecuteRequest.Builder execute = HttpExecuteRequest.builder().request(signed.request());
            signed.payload().ifPresent(execute::contentStreamProvider);
            HttpExecuteResponse response = http.prepareRequest(execute.build()).call();
            byte[] answer;
            try (InputStream in = response.responseBody().orElse(null)) {
                answer = in == null ? new byte[0] : in.readAllBytes();
            }
            int status = response.httpResponse().statusCode();
            if (status / 100 != 2) {
                throw new IllegalStateException(method + " " + path + ": HTTP " + status + " " + new String(answer, StandardCharsets.UTF_8));
            }
            return answer.length == 0 ? JSON.createObjectNode() : JSON.readTree(answer);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
