package io.sparkplane.launcher;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.engine.WarmFit;
import io.sparkplane.spi.launch.LaunchSpecCodec;
import io.sparkplane.spi.launch.WorkDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The driver of a warm cluster: started by spark-submit from the template {@link LaunchSpec} in
 * {@code warm.json} before any run needs it, running {@code warm_driver.py}, which brings the
 * SparkContext up, waits for the executors the cluster was started with, writes {@code warm-ready}
 * and then waits for {@code warm-job.json}. When a run takes the cluster, its backend writes
 * {@code launch.json}; the launcher stages the run's inputs as for any run and hands the warm driver
 * the run's file, arguments and run-time SQL settings ({@link #handOff}). The driver's exit is the
 * run's, as spark-submit's is.
 */
final class WarmDriver {

    static final String PROGRAM = "warm_driver.py";
    /** Written by the warm driver with the run's exit status once the run's session stopped. */
    static final String EXIT_FILE = "warm-exit";
    static final String WORK_DIR_VARIABLE = "SPARKPLANE_WARM_WORK_DIR";
    static final String EXECUTORS_VARIABLE = "SPARKPLANE_WARM_EXECUTORS";
    static final Duration POLL = Duration.ofMillis(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LaunchSpec template;
    private final Process process;

    private WarmDriver(LaunchSpec template, Process process) {
        this.template = template;
        this.process = process;
    }

    /** A work directory a warm cluster's launcher was started in: a template, and no run yet. */
    static boolean waiting(WorkDirectory workDirectory) {
        return Files.exists(workDirectory.warmSpec()) && !Files.exists(workDirectory.launchSpec());
    }

    static LaunchSpec template(WorkDirectory workDirectory) throws IOException {
        return LaunchSpecCodec.decode(Files.readAllBytes(workDirectory.warmSpec()));
    }

    /** The spark-submit command of the warm driver: the template's, running the warm driver's program. */
    static List<String> command(LaunchSpec template, LauncherEnvironment environment, WorkDirectory workDirectory) {
        StagedInputs program = new StagedInputs(workDirectory.warmDriverProgram(), List.of(), List.of(), List.of(), List.of());
        return SparkSubmitCommand.command(template, program, environment, workDirectory);
    }

    static Map<String, String> environment(LaunchSpec template, LauncherEnvironment environment, WorkDirectory workDirectory) {
        Map<String, String> variables = new LinkedHashMap<>(SparkSubmitCommand.environment(template, environment, workDirectory));
        variables.put(WORK_DIR_VARIABLE, workDirectory.root().toString());
        // the executors the cluster starts with: the driver is ready once they have registered
        variables.put(EXECUTORS_VARIABLE, Integer.toString(environment.sparkMaster().isPresent() ? template.resources().minExecutors() : 0));
        return variables;
    }

    /** Writes the program and starts spark-submit with it, its output appended to driver.log. */
    static WarmDriver start(LaunchSpec template, LauncherEnvironment environment, WorkDirectory workDirectory) throws IOException {
        try (InputStream program = WarmDriver.class.getResourceAsStream(PROGRAM)) {
            Files.copy(requireNonNull(program, PROGRAM), workDirectory.warmDriverProgram(), StandardCopyOption.REPLACE_EXISTING);
        }
        ProcessBuilder builder = new ProcessBuilder(command(template, environment, workDirectory))
                .directory(workDirectory.jobDirectory().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDirectory.driverLog().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment(template, environment, workDirectory));
        return new WarmDriver(template, builder.start());
    }

    Process process() {
        return process;
    }

    LaunchSpec template() {
        return template;
    }

    /**
     * Waits until a run takes the cluster (its launch.json appears), the driver exits, or {@code stop}
     * says the cluster is being terminated. True when a run took it.
     */
    boolean awaitRun(WorkDirectory workDirectory, BooleanSupplier stop) throws InterruptedException {
        while (!Files.exists(workDirectory.launchSpec())) {
            if (!process.isAlive() || stop.getAsBoolean()) {
                return false;
            }
            Thread.sleep(POLL.toMillis());
        }
        return process.isAlive();
    }

    /**
     * The run's exit status: what the warm driver wrote to {@code warm-exit} once the run's session
     * stopped, or its process's exit status when it exited without (killed, or its Python died).
     */
    int awaitExit(WorkDirectory workDirectory) throws InterruptedException {
        Path exit = workDirectory.root().resolve(EXIT_FILE);
        while (true) {
            if (Files.exists(exit)) {
                try {
                    String status = Files.readString(exit).strip();
                    return Integer.parseInt(status);
                } catch (IOException | NumberFormatException e) {
                    // half-written cannot be (it is renamed into place): fall back to the process
                    return process.waitFor();
                }
            }
            if (!process.isAlive()) {
                return process.exitValue();
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Why the run cannot run on this driver; the control plane hands a warm cluster only to runs that fit. */
    Optional<String> misfit(LaunchSpec run) {
        return WarmFit.misfit(template, run);
    }

    /** Tells the warm driver to run the run's staged file: {@code warm-job.json}, written atomically. */
    void handOff(LaunchSpec run, StagedInputs inputs, WorkDirectory workDirectory) throws IOException {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("entrypoint", inputs.entrypoint().toString());
        job.put("args", run.args());
        job.put("workingDirectory", workDirectory.jobDirectory().toString());
        job.put("runtimeConf", WarmFit.runtimeConf(template, run));
        job.put("pyFiles", inputs.pyFiles().stream().map(Path::toString).toList());
        job.put("files", inputs.files().stream().map(Path::toString).toList());
        Path temporary = workDirectory.warmJob().resolveSibling(workDirectory.warmJob().getFileName() + ".tmp");
        Files.write(temporary, JSON.writeValueAsBytes(job));
        Files.move(temporary, workDirectory.warmJob(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

}
