package io.sparkplane.backend.local;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * The files of one attempt's Spark standalone cluster, under {@code <workDir>/cluster}.
 *
 * <pre>
 * master.json          port, web UI port and process of the master
 * workers/&lt;n&gt;.json     port and process of worker n, and since when it is being decommissioned
 * workers/next-index   the next worker number (numbers are never reused)
 * desired-workers      the worker count last asked for
 * logs/                stdout and stderr of the master (master.log) and each worker (worker-&lt;n&gt;.log)
 * worker-&lt;n&gt;/         worker n's work directory (executor directories and their logs)
 * conf/                the SPARK_CONF_DIR, never created: no stray spark-defaults.conf applies, and the class path of
 *                      the daemons and executors holds no directory, so their class-data archives fit
 * </pre>
 */
record ClusterDirectory(Path root) {

    ClusterDirectory {
        requireNonNull(root, "root is null");
    }

    static ClusterDirectory of(Path attemptWorkDirectory) {
        return new ClusterDirectory(attemptWorkDirectory.resolve("cluster"));
    }

    Path master() {
        return root.resolve("master.json");
    }

    Path workers() {
        return root.resolve("workers");
    }

    Path worker(int index) {
        return workers().resolve(index + ".json");
    }

    Path nextWorkerIndex() {
        return workers().resolve("next-index");
    }

    Path desiredWorkers() {
        return root.resolve("desired-workers");
    }

    Path masterLog() {
        return root.resolve("logs").resolve("master.log");
    }

    Path workerLog(int index) {
        return root.resolve("logs").resolve("worker-" + index + ".log");
    }

    Path workerWorkDirectory(int index) {
        return root.resolve("worker-" + index);
    }

    Path confDirectory() {
        return root.resolve("conf");
    }
}
