package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.testkit.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in Debian's chromium, driven by Playwright (control-plane/console/e2e), against the
 * packaged control plane on the local backend with real PySpark: sign-in, the example job submitted
 * from the form and followed live to SUCCEEDED with its log, a saved job with a version and a schedule
 * paused and resumed, a job's run started and cancelled, a viewer without the buttons it may not use,
 * tokens, a sign-in through an OpenID Connect issuer's own login, 390 px.
 * The issuer is node-oidc-provider (e2e/issuer/oidc-issuer.mjs), a certified OpenID Provider
 * implementation, on loopback. Its screenshots are the ones in docs/console.md.
 */
class ConsoleEndToEndIT {

    private static final Path CONSOLE = ControlPlaneProcess.ROOT.resolve("control-plane/console");
    private static final Path CHROMIUM = Path.of(System.getProperty("sparkplane.chromium", "/usr/bin/chromium"));
    private static final Path SCREENSHOTS = Path.of("target/console-screenshots").toAbsolutePath();

    @TempDir
    static Path home;

    private static ControlPlaneProcess controlPlane;
    private static Process issuer;

    @BeforeAll
    static void start() throws Exception {
        controlPlane = new ControlPlaneProcess(Files.createDirectories(home.resolve("control-plane")));
        int issuerPort = FreePorts.free();
        URI issuerUri = URI.create("http://127.0.0.1:" + issuerPort);
        ProcessBuilder builder = new ProcessBuilder("node", "e2e/issuer/oidc-issuer.mjs").directory(CONSOLE.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolve("issuer.log").toFile());
        builder.environment().put("ISSUER_PORT", Integer.toString(issuerPort));
        builder.environment().put("CONSOLE_URL", controlPlane.baseUri().toString());
        issuer = builder.start();
        awaitIssuer(issuerUri);
        controlPlane.withEnvironment("SPARKPLANE_AUTH_OIDC_ENABLED", "true")
                .withEnvironment("SPARKPLANE_AUTH_OIDC_ISSUER", issuerUri.toString())
                .withEnvironment("SPARKPLANE_AUTH_OIDC_AUDIENCE", "sparkplane")
                .withEnvironment("SPARKPLANE_AUTH_OIDC_GROUP_ROLES", "platform=admin,analysts=viewer@default")
                .withEnvironment("SPARKPLANE_AUTH_OIDC_CONSOLE_CLIENT_ID", "sparkplane-console")
                .withEnvironment("SPARKPLANE_AUTH_OIDC_CONSOLE_SCOPES", "openid profile api")
                .start();
    }

    private static void awaitIssuer(URI issuerUri) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!issuer.isAlive()) {
                throw new IllegalStateException("the OIDC issuer exited: " + Files.readString(home.resolve("issuer.log")));
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(issuerUri.resolve("/.well-known/openid-configuration")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the OIDC issuer did not answer in 30 s: " + Files.readString(home.resolve("issuer.log")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (controlPlane != null) {
            controlPlane.close();
        }
        if (issuer != null) {
            issuer.destroy();
            issuer.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theConsolesEndToEndTestsPassInChromium() throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium (./sparkplane test installs it with apt-get)").isExecutable();
        Path playwright = CONSOLE.resolve("node_modules/.bin/playwright");
        assertThat(playwright).as("the console's npm packages (the console module's build installs them with npm ci)").isExecutable();
        Path output = home.resolve("playwright.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(playwright.toString(), "test"))
                .directory(CONSOLE.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("SPARKPLANE_CONSOLE_URL", controlPlane.baseUri().toString());
        builder.environment().put("SPARKPLANE_ADMIN_TOKEN", controlPlane.adminToken());
        builder.environment().put("SPARKPLANE_ROOT", ControlPlaneProcess.ROOT.toString());
        builder.environment().put("SPARKPLANE_CHROMIUM", CHROMIUM.toString());
        builder.environment().put("SPARKPLANE_SCREENSHOTS", SCREENSHOTS.toString());
        builder.environment().put("CI", "true");
        Process process = builder.start();
        boolean ended = process.waitFor(20, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        String log = Files.readString(output);
        System.out.println(log);
        assertThat(ended).as("Playwright ended within 20 minutes:\n" + log).isTrue();
        assertThat(process.exitValue()).as("Playwright's exit code; its report:\n" + log).isZero();
        assertThat(log).contains("9 passed").doesNotContain("skipped");
        assertThat(SCREENSHOTS.resolve("run-succeeded.png")).isNotEmptyFile();
    }
}
