package io.sparkplane.backend.local;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.engine.BackendContext;
import io.sparkplane.spi.engine.BackendLimits;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.engine.EngineBackendFactory;
import io.sparkplane.spi.settings.Setting;
import io.sparkplane.spi.settings.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Engine profiles of type {@code local}: a Spark standalone cluster per attempt on the control
 * plane's own machine, from the Spark of the engine's Python (its pyspark package).
 */
public final class LocalBackendFactory implements EngineBackendFactory<LocalBackendFactory.Profile> {

    public static final String TYPE = "local";
    static final String PYTHON = "python";
    static final String SPARK_HOME = "spark-home";
    static final String DECOMMISSION_TIMEOUT = "decommission-timeout";
    static final String CLASS_DATA_SHARING = "class-data-sharing";
    static final String CLASS_DATA_DIRECTORY = "class-data-directory";

    private static final List<Setting> SETTINGS;

    static {
        List<Setting> settings = new ArrayList<>(List.of(
                Setting.of(PYTHON, "python3", "the engine's Python; it must import pyspark"),
                Setting.optional(SPARK_HOME, "a Spark home for spark-submit; unset: the pyspark package of that Python"),
                Setting.of(DECOMMISSION_TIMEOUT, LocalBackendConfiguration.DEFAULT_DECOMMISSION_TIMEOUT.toString(),
                        "a worker being scaled down is stopped after this even if its executor has not drained"),
                Setting.of(CLASS_DATA_SHARING, "true",
                        "start the engine's JVMs from class-data archives the backend writes once in the background (faster starts)"),
                Setting.optional(CLASS_DATA_DIRECTORY, "where those archives are kept; unset: <sparkplane home>/work/.class-data")));
        settings.addAll(BackendLimits.settings(2, 8));
        SETTINGS = List.copyOf(settings);
    }

    /** A profile's settings, read. */
    public record Profile(String python, Optional<Path> sparkHome, Duration decommissionTimeout, boolean classDataSharing,
            Optional<Path> classDataDirectory, BackendLimits limits) {
        public Profile {
            requireNonNull(classDataDirectory, "classDataDirectory is null");
            requireNonNull(python, "python is null");
            requireNonNull(sparkHome, "sparkHome is null");
            requireNonNull(decommissionTimeout, "decommissionTimeout is null");
            requireNonNull(limits, "limits is null");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Profile configure(Settings settings) {
        Duration decommissionTimeout = settings.duration(DECOMMISSION_TIMEOUT);
        if (decommissionTimeout.isZero()) {
            throw settings.invalid(DECOMMISSION_TIMEOUT, "must be positive");
        }
        return new Profile(settings.string(PYTHON), settings.path(SPARK_HOME), decommissionTimeout, settings.bool(CLASS_DATA_SHARING),
                settings.path(CLASS_DATA_DIRECTORY), BackendLimits.read(settings));
    }

    @Override
    public BackendLimits limits(Profile profile) {
        return profile.limits();
    }

    /** Finds pyspark now: a Python without it fails the runs of this profile, naming what to install. */
    @Override
    public EngineBackend create(Profile profile, BackendContext context) {
        Path python = Path.of(profile.python());
        Path sparkHome = profile.sparkHome().orElseGet(() -> sparkHomeOf(profile.python()));
        Path javaHome = Path.of(System.getProperty("java.home"));
        LocalBackendConfiguration configuration = new LocalBackendConfiguration(sparkHome, python, javaHome, context.workDirectory(),
                context.engine().launcherClasspath(), context.engine().launcherMainClass())
                .withDecommissionTimeout(profile.decommissionTimeout())
                .withConnectorJars(context.engine().connectorJars());
        configuration = context.engine().listenerJar().map(configuration::withListenerJar).orElse(configuration);
        if (profile.classDataSharing()) {
            // a name no run id can have (they start with a letter or digit)
            configuration = configuration.withClassDataDirectory(profile.classDataDirectory().orElse(context.workDirectory().resolve(".class-data")));
        }
        System.getLogger(LocalBackendFactory.class.getName()).log(System.Logger.Level.INFO,
                "local backend {0}: SPARK_HOME={1}, python={2}, work={3}", context.profile(), sparkHome, python, context.workDirectory());
        return new LocalEngineBackend(context.profile(), configuration, context.clock());
    }

    /** The installed pyspark package is a Spark home; ask the engine's python where it is. */
    static Path sparkHomeOf(String python) {
        try {
            Process process = new ProcessBuilder(python, "-c", "import os, pyspark; print(os.path.dirname(pyspark.__file__))")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new EngineBackendException("cannot find pyspark with " + python + ": " + output
                        + " (run ./sparkplane setup, or set SPARKPLANE_PYTHON to a python with pyspark)");
            }
            Path home = Path.of(output.lines().reduce((first, second) -> second).orElse(""));
            if (!Files.isExecutable(home.resolve("bin/spark-submit"))) {
                throw new EngineBackendException("pyspark at " + home + " has no bin/spark-submit");
            }
            return home;
        } catch (IOException e) {
            throw new EngineBackendException("cannot run " + python + " to find pyspark: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineBackendException("interrupted while looking for pyspark", e);
        }
    }
}
