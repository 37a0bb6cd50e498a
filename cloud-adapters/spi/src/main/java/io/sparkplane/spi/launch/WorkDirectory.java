package io.sparkplane.spi.launch;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * The files of one attempt's work directory, shared by the launcher and the backends that start it.
 *
 * <pre>
 * launch.json          the {@link io.sparkplane.spi.engine.LaunchSpec} (holds the token: mode 0600)
 * storage.properties   the spec's storage conf for spark-submit's --properties-file (may hold secrets: mode 0600)
 * driver.log           spark-submit's stdout and stderr, and the launcher's own [sparkplane] lines
 * driver-log4j2.properties  the driver's default log configuration (WARN), which a run can override
 * outcome.json         the attempt's outcome, written by the launcher before its final report
 * backlog.json         the driver's scheduler backlog, rewritten every second by the backlog listener
 *                      inside spark-submit and sent by the launcher with its heartbeats
 * job/                 spark-submit's working directory
 * inputs/              the job's code and files fetched from artifacts, object stores and web URLs
 * eventlog/            Spark's event log, uploaded to staging after the job
 * outputs/             files the job leaves for staging ($SPARKPLANE_OUTPUTS_DIR), uploaded after the job
 * terminate-requested  written by a backend before it kills the cluster: the launcher then reports nothing
 * launcher.pid         written by the local backend: pid, start time and process group of the launcher
 * launcher.log         the launcher's own structured log (its stdout and stderr), written by the local backend
 * warm.json            a warm cluster's template {@link io.sparkplane.spi.engine.LaunchSpec}: the launcher starts the
 *                      driver from it and waits for launch.json (the run that takes the cluster)
 * warm_driver.py       the warm driver's program, written by the launcher
 * warm-ready           written by the warm driver once its SparkContext is up and its executors registered
 * warm-job.json        written by the launcher when a run takes the cluster: what the warm driver runs
 * warm-exit            written by the warm driver once the run's session stopped: the run's exit status
 * </pre>
 */
public record WorkDirectory(Path root) {

    public WorkDirectory {
        requireNonNull(root, "root is null");
    }

    public Path launchSpec() {
        return root.resolve("launch.json");
    }

    public Path storageProperties() {
        return root.resolve("storage.properties");
    }

    /** The driver's log4j2 configuration the launcher writes: Spark's WARN and above, so the job's own output is not buried. */
    public Path driverLogConfiguration() {
        return root.resolve("driver-log4j2.properties");
    }

    public Path driverLog() {
        return root.resolve("driver.log");
    }

    public Path outcome() {
        return root.resolve("outcome.json");
    }

    public Path backlog() {
        return root.resolve("backlog.json");
    }

    public Path jobDirectory() {
        return root.resolve("job");
    }

    public Path inputsDirectory() {
        return root.resolve("inputs");
    }

    public Path eventLogDirectory() {
        return root.resolve("eventlog");
    }

    public Path outputsDirectory() {
        return root.resolve("outputs");
    }

    public Path terminateRequested() {
        return root.resolve("terminate-requested");
    }

    public Path launcherPid() {
        return root.resolve("launcher.pid");
    }

    public Path launcherLog() {
        return root.resolve("launcher.log");
    }

    public Path warmSpec() {
        return root.resolve("warm.json");
    }

    public Path warmDriverProgram() {
        return root.resolve("warm_driver.py");
    }

    public Path warmReady() {
        return root.resolve("warm-ready");
    }

    public Path warmJob() {
        return root.resolve("warm-job.json");
    }
}
