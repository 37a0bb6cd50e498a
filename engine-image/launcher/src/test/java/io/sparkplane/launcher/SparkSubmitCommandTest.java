package io.sparkplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.engine.SecretSparkConf;
import io.sparkplane.spi.launch.WorkDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SparkSubmitCommandTest {

    private static final LauncherEnvironment ENVIRONMENT = LauncherEnvironment.local(
            Path.of("/opt/spark"), Path.of("/venv/bin/python"), Path.of("/jdk"), Duration.ofSeconds(1), Duration.ofMinutes(10));
    private static final LauncherEnvironment CLUSTER = new LauncherEnvironment(
            Path.of("/opt/spark"), Path.of("/venv/bin/python"), Path.of("/jdk"), Duration.ofSeconds(1), Duration.ofMinutes(10),
            Optional.of(SparkMasterUrl.parse("spark://10.0.0.5:7077")), Duration.ofSeconds(120), Optional.of(Path.of("/opt/sparkplane/listener.jar")), List.of(),
            Optional.empty(), Optional.empty());
    private static final LauncherEnvironment CLUSTER_WITH_CONNECTORS = new LauncherEnvironment(
            Path.of("/opt/spark"), Path.of("/venv/bin/python"), Path.of("/jdk"), Duration.ofSeconds(1), Duration.ofMinutes(10),
            Optional.of(SparkMasterUrl.parse("spark://10.0.0.5:7077")), Duration.ofSeconds(120), Optional.of(Path.of("/opt/sparkplane/listener.jar")),
            List.of(Path.of("/opt/connectors/hadoop-aws.jar"), Path.of("/opt/connectors/s3.jar")), Optional.empty(), Optional.empty());
    private static final WorkDirectory WORK_DIRECTORY = new WorkDirectory(Path.of("/work/run-1/1"));
    private static final String QUIET_DRIVER = "-Dlog4j2.configurationFile=file:///work/run-1/1/driver-log4j2.properties";

    private static LaunchSpec spec(Entrypoint entrypoint, Map<String, String> sparkConf, List<String> pyFiles) {
        return new LaunchSpec("run-1", 1, "daily totals", "http://cp", "token-value", entrypoint, List.of("--day", "a b"),
                pyFiles, List.of(), List.of(), List.of(), sparkConf, Map.of(), new EngineResources(2, 768, 2, 1024, 1, 3));
    }

    private static StagedInputs inputs(LaunchSpec spec) throws Exception {
        return StagedInputs.stage(spec, Path.of("/work/run-1/1/inputs"), (reference, target) -> {
            throw new StagedInputs.StagingException("nothing is fetched here: " + reference);
        }, path -> true);
    }

    @Test
    void buildsAPythonCommand() throws Exception {
        LaunchSpec spec = spec(new Entrypoint.PythonFile("file:///jobs/main.py"), Map.of("spark.sql.shuffle.partitions", "8"),
                List.of("/jobs/a.zip", "file:/jobs/b.py"));
        assertThat(SparkSubmitCommand.command(spec, inputs(spec), ENVIRONMENT, WORK_DIRECTORY)).containsExactly(
                "/opt/spark/bin/spark-submit",
                "--master", "local[6]",
                "--name", "daily totals",
                "--driver-memory", "768m",
                "--conf", "spark.driver.cores=2",
                "--conf", "spark.driver.extraJavaOptions=" + QUIET_DRIVER,
                "--conf", "spark.redaction.regex=" + SecretSparkConf.REGEX,
                "--conf", "spark.sql.shuffle.partitions=8",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.ui.showConsoleProgress=false",
                "--py-files", "/jobs/a.zip,/jobs/b.py",
                "/jobs/main.py", "--day", "a b");
    }

    @Test
    void buildsAJarCommandWithJarsAndFiles() throws Exception {
        LaunchSpec spec = new LaunchSpec("run-1", 1, "jvm", "http://cp", "t", new Entrypoint.Jar("/jobs/app.jar", "com.example.Main"),
                List.of(), List.of(), List.of("/jobs/dep1.jar", "/jobs/dep2.jar"), List.of("/jobs/lookup.csv"), List.of(), Map.of(), Map.of(),
                new EngineResources(1, 1024, 1, 1024, 0, 1));
        assertThat(SparkSubmitCommand.command(spec, inputs(spec), ENVIRONMENT, WORK_DIRECTORY)).containsExactly(
                "/opt/spark/bin/spark-submit", "--master", "local[1]", "--name", "jvm", "--driver-memory", "1024m",
                "--conf", "spark.driver.cores=1", "--conf", "spark.driver.extraJavaOptions=" + QUIET_DRIVER,
                "--conf", "spark.redaction.regex=" + SecretSparkConf.REGEX, "--conf", "spark.ui.enabled=false", "--conf", "spark.ui.showConsoleProgress=false",
                "--jars", "/jobs/dep1.jar,/jobs/dep2.jar", "--files", "/jobs/lookup.csv",
                "--class", "com.example.Main", "/jobs/app.jar");
    }

    @Test
    void storageConfGoesThroughAPropertiesFileAndConnectorsJoinTheClassPaths() throws Exception {
        LaunchSpec spec = new LaunchSpec("run-1", 1, "py", "http://cp", "t", new Entrypoint.PythonFile("/jobs/main.py"),
                List.of(), List.of(), List.of("/jobs/udf.jar"), List.of(), List.of(),
                Map.of("spark.executor.extraJavaOptions", "-Dmine=1"),
                Map.of("spark.hadoop.fs.s3a.secret.key", "s3cr3t", "spark.executor.extraJavaOptions", "-Daws.x=1"),
                new EngineResources(1, 1024, 1, 1024, 1, 2));
        List<String> command = SparkSubmitCommand.command(spec, inputs(spec), CLUSTER_WITH_CONNECTORS, WORK_DIRECTORY);

        assertThat(command).containsSubsequence("--properties-file", "/work/run-1/1/storage.properties", "--load-spark-defaults")
                .containsSubsequence("--jars", "/jobs/udf.jar")
                .contains("spark.executor.extraClassPath=/opt/connectors/hadoop-aws.jar:/opt/connectors/s3.jar")
                .contains("spark.driver.extraClassPath=/opt/sparkplane/listener.jar:/opt/connectors/hadoop-aws.jar:/opt/connectors/s3.jar")
                .contains("spark.executor.extraJavaOptions=-Dmine=1 -Daws.x=1")
                .contains("spark.hadoop.fs.gs.impl=com.google.cloud.hadoop.fs.gcs.GoogleHadoopFileSystem")
                .contains("spark.hadoop.fs.AbstractFileSystem.gs.impl=com.google.cloud.hadoop.fs.gcs.GoogleHadoopFS")
                .noneMatch(argument -> argument.contains("s3cr3t"));
    }

    @Test
    void classDataArchivesGoToTheDriverThroughItsEnvironmentAndBeforeTheExecutorsOwnOptions() throws Exception {
        LauncherEnvironment withArchives = new LauncherEnvironment(CLUSTER.sparkHome(), CLUSTER.pythonExecutable(), CLUSTER.javaHome(),
                CLUSTER.heartbeatInterval(), CLUSTER.reportDeadline(), CLUSTER.sparkMaster(), CLUSTER.masterWaitTimeout(), CLUSTER.listenerJar(),
                List.of(), Optional.of(Path.of("/cds/drivers.jsa")), Optional.of(Path.of("/cds/executors.jsa")));
        LaunchSpec own = new LaunchSpec("run-1", 1, "py", "http://cp", "t", new Entrypoint.PythonFile("/jobs/main.py"),
                List.of(), List.of(), List.of(), List.of(), List.of(),
                Map.of("spark.executor.extraJavaOptions", "-XX:SharedArchiveFile=/mine.jsa"),
                Map.of("spark.executor.extraJavaOptions", "-Daws.x=1"),
                new EngineResources(1, 1024, 1, 1024, 1, 2));
        LaunchSpec plain = spec(new Entrypoint.PythonFile("/jobs/main.py"), Map.of(), List.of());

        assertThat(SparkSubmitCommand.environment(plain, withArchives, WORK_DIRECTORY))
                .containsEntry("SPARK_SUBMIT_OPTS", "-XX:SharedArchiveFile=/cds/drivers.jsa -Xlog:cds=off -Xlog:cds+dynamic=off");
        assertThat(SparkSubmitCommand.sparkConf(plain, withArchives, WORK_DIRECTORY)).containsEntry("spark.executor.extraJavaOptions",
                "-XX:SharedArchiveFile=/cds/executors.jsa -Xlog:cds=off -Xlog:cds+dynamic=off");
        // the run's own archive comes later on the JVM's command line, and wins; the storage options still come along
        assertThat(SparkSubmitCommand.sparkConf(own, withArchives, WORK_DIRECTORY)).containsEntry("spark.executor.extraJavaOptions",
                "-XX:SharedArchiveFile=/cds/executors.jsa -Xlog:cds=off -Xlog:cds+dynamic=off -XX:SharedArchiveFile=/mine.jsa -Daws.x=1");
        assertThat(SparkSubmitCommand.environment(plain, CLUSTER, WORK_DIRECTORY)).doesNotContainKey("SPARK_SUBMIT_OPTS");
        assertThat(SparkSubmitCommand.sparkConf(plain, CLUSTER, WORK_DIRECTORY)).doesNotContainKey("spark.executor.extraJavaOptions");
    }

    @Test
    void sparkRedactsWhatSparkplaneHidesBesidesWhatTheUserAsks() {
        LaunchSpec spec = spec(new Entrypoint.PythonFile("/jobs/main.py"), Map.of("spark.redaction.regex", "(?i)internal"), List.of());

        String regex = SparkSubmitCommand.sparkConf(spec, ENVIRONMENT, WORK_DIRECTORY).get("spark.redaction.regex");

        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex);
        assertThat(List.of("spark.internal.x", "spark.hadoop.fs.azure.account.key.lake.dfs.core.windows.net", "spark.hadoop.fs.s3a.secret.key",
                "spark.hadoop.fs.azure.sas.fixed.token.lake.dfs.core.windows.net")).allMatch(key -> pattern.matcher(key).find());
        assertThat(pattern.matcher("spark.hadoop.fs.gs.project.id").find()).isFalse();
    }

    @Test
    void archivesKeepTheirAliasAndEventLogsDefaultToTheWorkDirectory() throws Exception {
        LaunchSpec spec = new LaunchSpec("run-1", 1, "py", "http://cp", "t", new Entrypoint.PythonFile("/jobs/main.py"),
                List.of(), List.of(), List.of(), List.of(), List.of("/jobs/env.tar.gz#env", "/jobs/data.zip"),
                Map.of("spark.eventLog.enabled", "true"), Map.of(), new EngineResources(1, 1024, 1, 1024, 0, 1));
        List<String> command = SparkSubmitCommand.command(spec, inputs(spec), ENVIRONMENT, WORK_DIRECTORY);
        assertThat(command).containsSubsequence("--archives", "/jobs/env.tar.gz#env,/jobs/data.zip")
                .contains("spark.eventLog.dir=file:///work/run-1/1/eventlog");

        LaunchSpec own = new LaunchSpec("run-1", 1, "py", "http://cp", "t", new Entrypoint.PythonFile("/jobs/main.py"),
                List.of(), List.of(), List.of(), List.of(), List.of(),
                Map.of("spark.eventLog.enabled", "true", "spark.eventLog.dir", "s3a://logs/"), Map.of(), new EngineResources(1, 1024, 1, 1024, 0, 1));
        assertThat(SparkSubmitCommand.command(own, inputs(own), ENVIRONMENT, WORK_DIRECTORY)).contains("spark.eventLog.dir=s3a://logs/");
    }

    @Test
    void userConfWinsAndAnySparkUiKeyKeepsTheUi() throws Exception {
        LaunchSpec spec = spec(new Entrypoint.PythonFile("/jobs/main.py"),
                Map.of("spark.ui.port", "4050", "spark.driver.cores", "3", "spark.ui.showConsoleProgress", "true"), List.of());
        assertThat(SparkSubmitCommand.sparkConf(spec, ENVIRONMENT, WORK_DIRECTORY)).containsExactly(
                Map.entry("spark.driver.cores", "3"),
                Map.entry("spark.driver.extraJavaOptions", QUIET_DRIVER),
                Map.entry("spark.redaction.regex", SecretSparkConf.REGEX),
                Map.entry("spark.ui.port", "4050"),
                Map.entry("spark.ui.showConsoleProgress", "true"));
    }

    @Test
    void submitsToTheStandaloneMasterWithSizedExecutorsDecommissioningAndTheListener() throws Exception {
        LaunchSpec spec = spec(new Entrypoint.PythonFile("/jobs/main.py"), Map.of(), List.of());

        List<String> command = SparkSubmitCommand.command(spec, inputs(spec), CLUSTER, WORK_DIRECTORY);

        assertThat(command.subList(0, 3)).containsExactly("/opt/spark/bin/spark-submit", "--master", "spark://10.0.0.5:7077");
        assertThat(SparkSubmitCommand.sparkConf(spec, CLUSTER, WORK_DIRECTORY)).containsExactly(
                Map.entry("spark.decommission.enabled", "true"),
                Map.entry("spark.driver.cores", "2"),
                Map.entry("spark.driver.extraClassPath", "/opt/sparkplane/listener.jar"),
                Map.entry("spark.driver.extraJavaOptions", QUIET_DRIVER),
                Map.entry("spark.executor.cores", "2"),
                Map.entry("spark.executor.memory", "1024m"),
                Map.entry("spark.extraListeners", "io.sparkplane.listener.BacklogListener"),
                Map.entry("spark.redaction.regex", SecretSparkConf.REGEX),
                Map.entry("spark.sparkplane.backlog.file", "/work/run-1/1/backlog.json"),
                Map.entry("spark.storage.decommission.enabled", "true"),
                Map.entry("spark.storage.decommission.rddBlocks.enabled", "true"),
                Map.entry("spark.storage.decommission.replicationReattemptInterval", "2s"),
                Map.entry("spark.storage.decommission.shuffleBlocks.enabled", "true"),
                Map.entry("spark.ui.enabled", "false"),
                Map.entry("spark.ui.showConsoleProgress", "false"));
    }

    @Test
    void theUserOverridesExecutorAndDecommissioningConfButKeepsTheirListenersAndClassPath() {
        LaunchSpec spec = spec(new Entrypoint.PythonFile("/jobs/main.py"), Map.of(
                "spark.executor.memory", "4g",
                "spark.storage.decommission.rddBlocks.enabled", "false",
                "spark.extraListeners", "com.example.AuditListener",
                "spark.driver.extraClassPath", "/opt/audit.jar",
                "spark.sparkplane.backlog.file", "/elsewhere.json"), List.of());

        Map<String, String> conf = SparkSubmitCommand.sparkConf(spec, CLUSTER, WORK_DIRECTORY);

        assertThat(conf).containsEntry("spark.executor.memory", "4g")
                .containsEntry("spark.storage.decommission.rddBlocks.enabled", "false")
                .containsEntry("spark.extraListeners", "com.example.AuditListener,io.sparkplane.listener.BacklogListener")
                .containsEntry("spark.driver.extraClassPath", "/opt/audit.jar:/opt/sparkplane/listener.jar")
                .containsEntry("spark.sparkplane.backlog.file", "/work/run-1/1/backlog.json");
    }

    @Test
    void localModeAddsNoExecutorConfButStillTheListener() {
        LauncherEnvironment localWithListener = new LauncherEnvironment(Path.of("/opt/spark"), Path.of("/venv/bin/python"), Path.of("/jdk"),
                Duration.ofSeconds(1), Duration.ofMinutes(10), Optional.empty(), Duration.ofSeconds(120), Optional.of(Path.of("/l.jar")), List.of(),
                Optional.empty(), Optional.empty());
        LaunchSpec spec = spec(new Entrypoint.PythonFile("/jobs/main.py"), Map.of(), List.of());

        assertThat(SparkSubmitCommand.sparkConf(spec, localWithListener, WORK_DIRECTORY))
                .doesNotContainKeys("spark.executor.cores", "spark.executor.memory", "spark.decommission.enabled")
                .containsEntry("spark.extraListeners", "io.sparkplane.listener.BacklogListener")
                .containsEntry("spark.driver.extraClassPath", "/l.jar");
    }

    @Test
    void environmentCarriesTheRunIdAndPythons() {
        LaunchSpec spec = spec(new Entrypoint.PythonFile("/jobs/main.py"), Map.of(), List.of());
        assertThat(SparkSubmitCommand.environment(spec, ENVIRONMENT, WORK_DIRECTORY)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "SPARK_LOCAL_IP", "127.0.0.1",
                "SPARK_HOME", "/opt/spark",
                "PYSPARK_PYTHON", "/venv/bin/python",
                "PYSPARK_DRIVER_PYTHON", "/venv/bin/python",
                "JAVA_HOME", "/jdk",
                "PYTHONUNBUFFERED", "1",
                "SPARKPLANE_RUN_ID", "run-1",
                "SPARKPLANE_ATTEMPT", "1",
                "SPARKPLANE_OUTPUTS_DIR", "/work/run-1/1/outputs"));
    }

    @Test
    void redactsSecretLookingConfValuesForTheLog() throws Exception {
        LaunchSpec spec = spec(new Entrypoint.PythonFile("/jobs/main.py"),
                Map.of("spark.hadoop.fs.s3a.secret.key", "AKIAVERYSECRET", "spark.hadoop.fs.s3a.access.key", "AKIAID",
                        "spark.sql.shuffle.partitions", "8"), List.of());
        String line = SparkSubmitCommand.redacted(SparkSubmitCommand.command(spec, inputs(spec), ENVIRONMENT, WORK_DIRECTORY));
        assertThat(line).doesNotContain("AKIAVERYSECRET", "AKIAID", "token-value")
                .contains("spark.hadoop.fs.s3a.secret.key=***", "spark.sql.shuffle.partitions=8",
                        "--name 'daily totals'", "'a b'");
    }

    @Test
    void theDriverStartsQuietUnlessTheRunSaysOtherwise() {
        LaunchSpec own = spec(new Entrypoint.PythonFile("/jobs/main.py"),
                Map.of("spark.driver.extraJavaOptions", "-Dlog4j2.configurationFile=file:/jobs/verbose.properties -Dx=1"), List.of());
        // the run's own options come after ours: the JVM takes the last of two equal -D options
        assertThat(SparkSubmitCommand.sparkConf(own, ENVIRONMENT, WORK_DIRECTORY)).containsEntry("spark.driver.extraJavaOptions",
                QUIET_DRIVER + " -Dlog4j2.configurationFile=file:/jobs/verbose.properties -Dx=1");
        assertThat(SparkSubmitCommandTest.class.getResource("/io/sparkplane/launcher/" + SparkSubmitCommand.DRIVER_LOG_CONFIGURATION)).isNotNull();
    }

    @Test
    void theShownCommandNamesTheConnectorJarsOnce() throws Exception {
        LaunchSpec spec = spec(new Entrypoint.PythonFile("/jobs/main.py"), Map.of(), List.of());
        List<String> command = SparkSubmitCommand.command(spec, inputs(spec), CLUSTER_WITH_CONNECTORS, WORK_DIRECTORY);
        String shown = SparkSubmitCommand.shown(command, CLUSTER_WITH_CONNECTORS.connectorJars());
        assertThat(shown).contains("spark.driver.extraClassPath=/opt/sparkplane/listener.jar:$CONNECTORS")
                .contains("spark.executor.extraClassPath=$CONNECTORS")
                .endsWith("($CONNECTORS: the 2 Hadoop connector jars in /opt/connectors)")
                .doesNotContain("hadoop-aws.jar");
        assertThat(SparkSubmitCommand.shown(command, List.of())).isEqualTo(SparkSubmitCommand.redacted(command));
    }
}
