package io.sparkplane.backend.local;

import io.sparkplane.spi.launch.LauncherVariables;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every process of a local engine cluster starts with: a few harmless variables of the control
 * plane's own environment (never its database password or cloud keys), the Spark, Java and Python
 * it runs, and the run's {@code SPARKPLANE_RUN_ID}, by which terminate finds every descendant.
 */
final class EngineEnvironment {

    /** The only variables of the control plane's environment engine processes inherit. */
    static final List<String> INHERITED_VARIABLES = List.of("PATH", "HOME", "USER", "LANG", "LC_ALL", "TMPDIR", "TZ");

    private EngineEnvironment() {}

    static Map<String, String> of(LocalBackendConfiguration configuration, String runId, int attempt, Map<String, String> ownEnvironment) {
        Map<String, String> environment = base(configuration, ownEnvironment);
        environment.put(LauncherVariables.RUN_ID, runId);
        environment.put(LauncherVariables.ATTEMPT, Integer.toString(attempt));
        return environment;
    }

    /** The same without a run: for the engine processes the backend starts for itself. */
    static Map<String, String> base(LocalBackendConfiguration configuration, Map<String, String> ownEnvironment) {
        Map<String, String> environment = new HashMap<>();
        for (String name : INHERITED_VARIABLES) {
            if (ownEnvironment.containsKey(name)) {
                environment.put(name, ownEnvironment.get(name));
            }
        }
        environment.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
        environment.put(LauncherVariables.SPARK_HOME, configuration.sparkHome().toString());
        environment.put(LauncherVariables.PYSPARK_PYTHON, configuration.pythonExecutable().toString());
        environment.put(LauncherVariables.JAVA_HOME, configuration.javaHome().toString());
        return environment;
    }
}
