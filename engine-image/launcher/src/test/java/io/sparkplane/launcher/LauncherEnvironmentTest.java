package io.sparkplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LauncherEnvironmentTest {

    private static final Map<String, String> REQUIRED = Map.of("SPARK_HOME", "/opt/spark", "PYSPARK_PYTHON", "/venv/bin/python");

    @Test
    void defaultsToLocalModeWithoutListenerAndABeatEverySecond() {
        LauncherEnvironment environment = LauncherEnvironment.from(REQUIRED, "/jdk");

        assertThat(environment).isEqualTo(new LauncherEnvironment(Path.of("/opt/spark"), Path.of("/venv/bin/python"), Path.of("/jdk"),
                Duration.ofSeconds(1), Duration.ofMinutes(10), Optional.empty(), Duration.ofSeconds(120), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty()));
    }

    @Test
    void readsTheClassDataArchives() {
        Map<String, String> variables = new java.util.HashMap<>(REQUIRED);
        variables.put("SPARKPLANE_DRIVER_CLASS_DATA", "/cds/drivers.jsa");
        variables.put("SPARKPLANE_EXECUTOR_CLASS_DATA", "/cds/executors.jsa");

        LauncherEnvironment environment = LauncherEnvironment.from(variables, "/jdk");

        assertThat(environment.driverClassData()).contains(Path.of("/cds/drivers.jsa"));
        assertThat(environment.executorClassData()).contains(Path.of("/cds/executors.jsa"));
    }

    @Test
    void readsTheMasterTheListenerJarAndTheWait() {
        LauncherEnvironment environment = LauncherEnvironment.from(Map.of(
                "SPARK_HOME", "/opt/spark", "PYSPARK_PYTHON", "/venv/bin/python",
                "SPARKPLANE_SPARK_MASTER", "spark://127.0.0.1:7077",
                "SPARKPLANE_LISTENER_JAR", "/opt/sparkplane/listener.jar",
                "SPARKPLANE_MASTER_WAIT_MILLIS", "5000",
                "SPARKPLANE_CONNECTOR_JARS", "/opt/c/hadoop-aws.jar, /opt/c/s3.jar,"), "/jdk");

        assertThat(environment.sparkMaster()).map(SparkMasterUrl::url).hasValue("spark://127.0.0.1:7077");
        assertThat(environment.listenerJar()).hasValue(Path.of("/opt/sparkplane/listener.jar"));
        assertThat(environment.masterWaitTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(environment.connectorJars()).containsExactly(Path.of("/opt/c/hadoop-aws.jar"), Path.of("/opt/c/s3.jar"));
    }

    @Test
    void refusesAMasterThatIsNotStandalone() {
        assertThatThrownBy(() -> LauncherEnvironment.from(Map.of(
                "SPARK_HOME", "/opt/spark", "PYSPARK_PYTHON", "/p", "SPARKPLANE_SPARK_MASTER", "yarn"), "/jdk"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SPARKPLANE_SPARK_MASTER");
    }
}
