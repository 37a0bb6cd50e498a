package io.sparkplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line itself, with no control plane behind it: usage errors exit 2 with usage, an
 * unreachable control plane exits 6 with a sentence, never a stack trace. The commands against a
 * real control plane are tested end to end (tests/CliEndToEndIT).
 */
class CommandLineTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> environment, String... args) {
        CliContext context = new CliContext(environment, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true),
                new PrintStream(err, true), home, home, "test", new ObjectMapper());
        return SparkplaneCli.run(context, args);
    }

    private int run(String... args) {
        return run(Map.of(), args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithUsage() {
        assertThat(run("runs", "submit", "--no-such-option", "job.py")).isEqualTo(2);
        assertThat(err()).contains("Unknown option: '--no-such-option'").contains("Usage: sparkplane runs submit");
    }

    @Test
    void anUnknownCommandOrNoneIsAUsageError() {
        assertThat(run("rnus", "list")).isEqualTo(2);
        assertThat(run()).isEqualTo(2);
        assertThat(run("runs")).isEqualTo(2);
        assertThat(err()).contains("Usage: sparkplane");
    }

    @Test
    void aMissingLocalFileIsAUsageErrorBeforeAnythingIsSent() {
        assertThat(run("--host", "http://127.0.0.1:1", "runs", "submit", "missing.py")).isEqualTo(2);
        assertThat(err()).contains("ENTRYPOINT: no such file: " + home.resolve("missing.py")).doesNotContain("\tat ");
    }

    @Test
    void optionsAfterTheEntrypointAreTheJobsArguments() throws Exception {
        Files.writeString(home.resolve("job.py"), "print(1)\n");
        // the job's --unknown is not the CLI's: the command goes as far as the (absent) control plane
        assertThat(run("--host", "http://127.0.0.1:" + closedPort(), "runs", "submit", "job.py", "--unknown", "-x")).isEqualTo(6);
        assertThat(err()).contains("cannot reach the control plane").doesNotContain("Unknown option");
    }

    @Test
    void anUnreachableControlPlaneIsAnApiErrorInOneSentence() throws Exception {
        int port = closedPort();
        assertThat(run(Map.of("SPARKPLANE_HOST", "127.0.0.1:" + port), "runs", "list")).isEqualTo(6);
        assertThat(err()).contains("cannot reach the control plane at http://127.0.0.1:" + port + ": connection refused")
                .contains("./sparkplane server").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void badValuesAreUsageErrors() {
        assertThat(run("runs", "submit", "--timeout", "soon", "s3://b/job.py")).isEqualTo(2);
        assertThat(err()).contains("--timeout: 'soon' is not a duration");
        assertThat(run("-o", "xml", "runs", "list")).isEqualTo(2);
        assertThat(run(Map.of("SPARKPLANE_PROFILE", "nope"), "runs", "list")).isEqualTo(2);
        assertThat(err()).contains("no profile 'nope'");
    }

    @Test
    void theVersionSaysWhenTheControlPlaneCannotBeAsked() throws Exception {
        assertThat(run("--host", "127.0.0.1:" + closedPort(), "--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("sparkplane CLI test").contains("version unknown");
    }

    @Test
    void everyCommandTellsTheVersion() throws Exception {
        assertThat(run("--host", "127.0.0.1:" + closedPort(), "runs", "submit", "--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("sparkplane CLI test");
    }

    @Test
    void completionCoversTheCommands() {
        assertThat(run("completion")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("complete -F").contains("submit").contains("--idempotency-key");
    }

    @Test
    void completionCoversJobsAndSchedulesWithTheirPolicies() {
        assertThat(run("completion")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("schedules").contains("--job-version").contains("--catch-up")
                .contains("(\"QUEUE\" \"SKIP\" \"CANCEL_OLDEST\")").contains("(\"NONE\" \"LAST\" \"ALL\")");
    }

    @Test
    void jobAndScheduleOptionsThatCannotWorkAreUsageErrorsBeforeAnythingIsSent() throws Exception {
        String host = "http://127.0.0.1:" + closedPort();
        assertThat(run("--host", host, "schedules", "create", "--job", "nightly", "--cron", "@daily", "--interval", "1h")).isEqualTo(2);
        assertThat(run("--host", host, "schedules", "create", "--job", "nightly")).isEqualTo(2);
        assertThat(run("--host", host, "jobs", "create", "--name", "nightly", "missing.py")).isEqualTo(2);
        assertThat(run("--host", host, "jobs", "update", "nightly")).isEqualTo(2);
        assertThat(run("--host", host, "jobs", "run", "nightly", "--wait-timeout", "soon")).isEqualTo(2);
        assertThat(err()).contains("--cron and --interval exclude each other").contains("when should it run?")
                .contains("ENTRYPOINT: no such file").contains("nothing to change").contains("--wait-timeout: 'soon'")
                .doesNotContain("cannot reach");
    }

    @Test
    void globalOptionsGoAnywhere() throws Exception {
        int port = closedPort();
        Map<String, String> environment = new HashMap<>();
        assertThat(run(environment, "runs", "list", "--host", "127.0.0.1:" + port, "-o", "json")).isEqualTo(6);
        assertThat(err()).contains("127.0.0.1:" + port);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
