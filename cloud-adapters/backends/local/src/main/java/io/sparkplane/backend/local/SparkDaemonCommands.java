package io.sparkplane.backend.local;

import io.sparkplane.spi.launch.ClassDataOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Command lines and environment of a cluster's Spark master and workers: pure functions of their inputs. */
final class SparkDaemonCommands {

    static final String MASTER_CLASS = "org.apache.spark.deploy.master.Master";
    static final String WORKER_CLASS = "org.apache.spark.deploy.worker.Worker";

    private SparkDaemonCommands() {}

    static List<String> master(Optional<Path> setsid, Path sparkHome, int port, int uiPort) {
        List<String> command = daemon(setsid, sparkHome, MASTER_CLASS);
        command.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(uiPort)));
        return command;
    }

    /** One worker holding exactly one executor of the given shape. The worker's own web UI takes any free port. */
    static List<String> worker(
            Optional<Path> setsid, Path sparkHome, int port, int cores, int memoryMib, Path workDirectory, String masterUrl) {
        List<String> command = daemon(setsid, sparkHome, WORKER_CLASS);
        command.addAll(List.of(
                "--host", "127.0.0.1",
                "--port", Integer.toString(port),
                "--webui-port", "0",
                "--cores", Integer.toString(cores),
                "--memory", memoryMib + "m",
                "--work-dir", workDirectory.toString(),
                masterUrl));
        return command;
    }

    /**
     * The environment of both daemons. Decommissioning is enabled on workers so SIGPWR drains them;
     * the master drops a silent worker after 10 s instead of 60 s, so a killed worker is replaced
     * without leaving a ghost in the master's view. Executors inherit this environment, so they
     * carry the run's {@code SPARKPLANE_RUN_ID} too. The daemons' class-data archive, when there is one,
     * is mapped by both ({@link ClassDataArchives}).
     */
    static Map<String, String> environment(LocalBackendConfiguration configuration, String runId, int attempt, Path confDirectory,
            Optional<Path> classData, Map<String, String> ownEnvironment) {
        Map<String, String> environment = EngineEnvironment.of(configuration, runId, attempt, ownEnvironment);
        environment.put("SPARK_LOCAL_IP", "127.0.0.1");
        environment.put("SPARK_CONF_DIR", confDirectory.toString());
        environment.put("SPARK_DAEMON_MEMORY", configuration.daemonMemoryMib() + "m");
        environment.put("SPARK_DAEMON_JAVA_OPTS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dspark.decommission.enabled=true -Dspark.worker.timeout=10"
                + classData.map(archive -> " " + ClassDataOptions.use(archive)).orElse(""));
        return environment;
    }

    private static List<String> daemon(Optional<Path> setsid, Path sparkHome, String mainClass) {
        List<String> command = new ArrayList<>();
        setsid.ifPresent(path -> command.add(path.toString()));
        command.add(sparkHome.resolve("bin").resolve("spark-class").toString());
        command.add(mainClass);
        return command;
    }
}
