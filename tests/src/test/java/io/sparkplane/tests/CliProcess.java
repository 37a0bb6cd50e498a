package io.sparkplane.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged CLI ({@code control-plane/cli/target/sparkplane-cli.jar}) run as a process, as a
 * pipeline runs it: its own environment (no variable of the test JVM's SPARKPLANE_* leaks in), its
 * own home for profiles, standard output and error kept apart.
 */
final class CliProcess {

    static final Path JAR = ControlPlaneProcess.ROOT.resolve("control-plane/cli/target/sparkplane-cli.jar");

    /** What a finished command left: its exit status and its two streams. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    private final Path home;
    private final Map<String, String> environment = new HashMap<>();

    /** @param home the user's home directory the CLI sees ({@code $HOME}), holding its profiles */
    CliProcess(Path home) {
        this.home = home;
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing; build the CLI first (./sparkplane build)");
        }
    }

    CliProcess with(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** For a control plane: its URL and its bootstrap admin token. */
    CliProcess of(ControlPlaneProcess controlPlane) throws IOException {
        return with("SPARKPLANE_HOST", controlPlane.baseUri().toString()).with("SPARKPLANE_TOKEN", controlPlane.adminToken());
    }

    Process start(Map<String, String> extraEnvironment, String stdin, Path out, Path err, String... args) throws IOException {
        // the JVM options ./sparkplane runs the CLI with: a short-lived client starts faster without the
        // optimizing compiler and a parallel heap
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SPARKPLANE_") || name.startsWith("GITHUB_") || name.startsWith("CI_")
                || name.equals("GITLAB_CI") || name.equals("JENKINS_URL") || name.equals("BUILD_TAG"));
        builder.environment().put("HOME", home.toString());
        builder.environment().putAll(environment);
        builder.environment().putAll(extraEnvironment);
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        return process;
    }

    Result run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), null, Duration.ofMinutes(4), args);
    }

    Result run(Map<String, String> extraEnvironment, String... args) throws IOException, InterruptedException {
        return run(extraEnvironment, null, Duration.ofMinutes(4), args);
    }

    Result run(Map<String, String> extraEnvironment, String stdin, Duration timeout, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(home, "cli-", ".out");
        Path err = Files.createTempFile(home, "cli-", ".err");
        Process process = start(extraEnvironment, stdin, out, err, args);
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("sparkplane " + String.join(" ", args) + " did not end in " + timeout + ":\n"
                    + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
