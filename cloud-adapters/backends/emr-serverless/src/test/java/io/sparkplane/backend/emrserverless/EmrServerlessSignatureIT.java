package io.sparkplane.backend.emrserverless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.backend.emrserverless.EmrServerlessConfiguration.NewApplication;
import io.sparkplane.testkit.FreePorts;
import io.sparkplane.testkit.aws.MotoHarness;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Every request the client makes carries a SigV4 signature AWS would accept: a stand-in server
 * recomputes each one with botocore's signer (an implementation independent of the Java SDK's),
 * which moto does not. Methods with and without a body, paths, and repeated, encoded query
 * parameters are all covered.
 */
class EmrServerlessSignatureIT {

    private static Process verifier;
    private static URI endpoint;

    @BeforeAll
    static void startVerifier() throws Exception {
        Path script = Files.createTempFile("sigv4_verifier", ".py");
        try (InputStream source = EmrServerlessSignatureIT.class.getResourceAsStream("sigv4_verifier.py")) {
            Files.copy(Objects.requireNonNull(source, "sigv4_verifier.py"), script, StandardCopyOption.REPLACE_EXISTING);
        }
        script.toFile().deleteOnExit();
        int port = FreePorts.free();
        verifier = new ProcessBuilder(System.getProperty(MotoHarness.PYTHON_PROPERTY, "python3"), script.toString(), "--port",
                Integer.toString(port)).redirectErrorStream(true).redirectOutput(Path.of("target", "sigv4-verifier.log").toFile()).start();
        endpoint = URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!listening(port)) {
            if (!verifier.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the SigV4 verifier did not start; see target/sigv4-verifier.log");
            }
            Thread.sleep(100);
        }
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @AfterAll
    static void stopVerifier() throws Exception {
        verifier.destroy();
        if (!verifier.waitFor(10, TimeUnit.SECONDS)) {
            verifier.destroyForcibly();
        }
    }

    private static EmrServerlessClient client(String secret) {
        return new EmrServerlessClient(endpoint, Region.US_EAST_1, StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", secret)),
                UrlConnectionHttpClient.create(), AwsClients.retryStrategy(1));
    }

    @Test
    void everyOperationIsSignedAsAwsExpects() {
        try (EmrServerlessClient client = client("testing")) {
            assertThat(client.createApplication(ApplicationRequest.of("signed", new NewApplication("emr-7.9.0", Optional.empty(),
                    Optional.empty(), Optional.empty(), Duration.ofMinutes(15))).toJson())).isEqualTo("00app");
            assertThat(client.getApplication("00app").state()).isEqualTo("STARTED");
            client.startApplication("00app");
            assertThat(client.listApplications()).isEmpty();
            assertThat(client.startJobRun("00app", JobRunRequest.of(TestSpecs.python(1, 2), "signed", TestSpecs.configuration(endpoint))
                    .toJson())).isEqualTo("00run");
            assertThat(client.getJobRun("00app", "00run").state()).isEqualTo("RUNNING");
            assertThat(client.listJobRuns("00app", Optional.of(Instant.parse("2026-11-29T21:12:18.5Z")), Set.of("RUNNING", "PENDING")))
                    .isEmpty();
            client.cancelJobRun("00app", "00run");
        }
    }

    @Test
    void aSignatureMadeWithAnotherSecretIsRefused() {
        try (EmrServerlessClient client = client("not-the-secret")) {
            assertThatThrownBy(() -> client.getJobRun("00app", "00run")).isInstanceOfSatisfying(EmrServerlessException.class, e -> {
                assertThat(e.status()).isEqualTo(403);
                assertThat(e.errorCode()).isEqualTo("InvalidSignatureException");
                assertThat(e.retryable()).isFalse();
            });
        }
    }
}
