package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

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
 * from the form and followed live to SUCCEEDED with its log, a second run cancelled, a viewer without
 * the buttons it may not use, tokens, 390 px. Its screenshots are the ones in docs/console.md.
 */
class ConsoleEndToEndIT {

    private static final Path CONSOLE = ControlPlaneProcess.ROOT.resolve("control-plane/console");
    private static final Path CHROMIUM = Path.of(System.getProperty("sparkplane.chromium", "/usr/bin/chromium"));
    private static final Path SCREENSHOTS = Path.of("target/console-screenshots").toAbsolutePath();

    @TempDir
    static Path home;

    private static ControlPlaneProcess controlPlane;

    @BeforeAll
    static void start() throws Exception {
        controlPlane = new ControlPlaneProcess(Files.createDirectories(home.resolve("control-plane"))).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (controlPlane != null) {
            controlPlane.close();
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
        assertThat(log).contains("7 passed");
        assertThat(SCREENSHOTS.resolve("run-succeeded.png")).isNotEmptyFile();
    }
}
