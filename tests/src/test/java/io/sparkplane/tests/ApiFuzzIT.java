package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API fuzzed from its own contract: schemathesis (tests/requirements-fuzz.txt) reads the
 * running control plane's {@code /q/openapi} and sends every operation bounded examples, boundary
 * cases and generated input, with the bootstrap admin token and without any token. Nothing may
 * answer 5xx, or with a status, content type, header or body the contract does not declare, or
 * accept what the contract says is invalid; in the stateful phase it follows the contract's links
 * (a created run, workspace, token or artifact to its reads, updates and deletes), and what was
 * created must be found and what was deleted must be gone. Not checked: that every schema-valid
 * request is accepted ({@code positive_data_acceptance}), since one naming a workspace, engine
 * profile or artifact that does not exist is rightly refused. The dispatcher is off, so no run it
 * submits starts a cluster. What it found is kept as regression tests in control-plane's {@code FoundByFuzzingTest}.
 *
 * <p>A fixed seed keeps CI repeatable; {@code -Dsparkplane.fuzz.seed=N} tries another and
 * {@code -Dsparkplane.fuzz.examples=N} more cases per operation.
 */
class ApiFuzzIT {

    private static final String CHECKS = String.join(",", "not_a_server_error", "status_code_conformance", "content_type_conformance",
            "response_headers_conformance", "response_schema_conformance", "negative_data_rejection", "ignored_auth", "unsupported_method",
            "allow_header_conformance", "missing_required_header", "use_after_free", "ensure_resource_availability");
    /** Runs the fuzzer's command line past a CPython 3.11 bug in Hypothesis's descriptions (its docstring says which). */
    private static final Path LAUNCHER = Path.of("src/test/python/run_schemathesis.py").toAbsolutePath();

    @TempDir
    static Path home;

    private static ControlPlaneProcess controlPlane;

    @BeforeAll
    static void start() throws Exception {
        controlPlane = new ControlPlaneProcess(home)
                .withEnvironment("SPARKPLANE_DISPATCHER_ENABLED", "false")
                // the fuzzer submits as fast as it can with one token; the limit has its own test
                .withEnvironment("SPARKPLANE_AUTH_SUBMISSIONS_PER_SECOND", "0")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    @Test
    void withTheAdminTokenEveryAnswerIsOneTheContractDeclares() throws Exception {
        fuzz(List.of("-H", "Authorization: Bearer " + controlPlane.adminToken()), "with-token", "examples,coverage,fuzzing,stateful",
                System.getProperty("sparkplane.fuzz.examples", "15"));
    }

    /**
     * Every operation without a token, with its examples and 5 generated cases each, valid and not: every
     * answer is the same refusal whatever the input, so the coverage phase's boundary cases of every
     * parameter (about 4,100 of the pass's 4,500 cases, 35 s alone) would only repeat it; and without a
     * token no link leads to anything created, so there is no stateful phase either.
     */
    @Test
    void withoutATokenEveryAnswerIsOneTheContractDeclares() throws Exception {
        fuzz(List.of(), "without-token", "examples,fuzzing", System.getProperty("sparkplane.fuzz.examples", "5"));
    }

    private static void fuzz(List<String> auth, String name, String phases, String examples) throws Exception {
        Path python = Path.of(System.getProperty("sparkplane.fuzzPython", "../.tools/fuzz-venv/bin/python")).toAbsolutePath();
        assertThat(python).as("the fuzzer's Python, which ./sparkplane test installs from tests/requirements-fuzz.txt").isExecutable();
        List<String> command = new ArrayList<>(List.of(python.toString(), LAUNCHER.toString(), "run", controlPlane.baseUri().resolve("/q/openapi").toString(),
                "--url", controlPlane.baseUri().toString(), "--checks", CHECKS,
                "--phases", phases, "--max-examples", examples,
                "--seed", System.getProperty("sparkplane.fuzz.seed", "20261205"), "--workers", "2",
                "--suppress-health-check", "all", "--generation-database", "none", "--no-color"));
        command.addAll(auth);
        Run run = run(command, home.resolve("fuzz-" + name + ".txt"));
        System.out.println(summary(run.output()));
        assertThat(run.exitCode()).as("schemathesis " + name + ":\n" + run.output()).isZero();
    }

    private record Run(int exitCode, String output) {}

    private static Run run(List<String> command, Path output) throws IOException, InterruptedException {
        // in a directory of its own: its stateful phase keeps a cache of crashes in .schemathesis/ wherever it runs
        Process process = new ProcessBuilder(command).directory(output.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("schemathesis did not end in 10 minutes:\n" + Files.readString(output));
        }
        return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    /** The summary block at the end of schemathesis's report. */
    private static String summary(String output) {
        int at = output.lastIndexOf("SUMMARY");
        return at < 0 ? output : output.substring(Math.max(0, output.lastIndexOf('\n', at)));
    }
}
