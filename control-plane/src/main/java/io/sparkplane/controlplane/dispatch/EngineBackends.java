package io.sparkplane.controlplane.dispatch;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.runtime.StartupEvent;
import io.sparkplane.backend.kubernetes.KubernetesBackendConfiguration;
import io.sparkplane.backend.kubernetes.KubernetesEngineBackend;
import io.sparkplane.backend.local.LauncherClasspath;
import io.sparkplane.backend.local.LocalBackendConfiguration;
import io.sparkplane.backend.local.LocalEngineBackend;
import io.sparkplane.listener.ListenerJar;
import io.sparkplane.connectors.ConnectorJars;
import io.sparkplane.controlplane.config.SparkplaneConfig;
import io.sparkplane.spi.engine.EngineBackend;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The engine backends runs can choose by name, each with its concurrency limit. Each is built on
 * first use, on its own: one that cannot start (no pyspark for the local backend) fails its runs,
 * not the others'.
 */
@ApplicationScoped
public class EngineBackends {

    private static final Logger LOG = Logger.getLogger(EngineBackends.class);

    private final SparkplaneConfig config;
    private final Map<String, EngineBackend> built = new ConcurrentHashMap<>();
    private volatile KubernetesClient kubernetesClient;

    EngineBackends(SparkplaneConfig config) {
        this.config = config;
    }

    /** A backend that is switched on but misconfigured stops the control plane at start, not its first run. */
    void checkSettings(@Observes StartupEvent start) {
        if (config.backend().kubernetes().enabled()) {
            KubernetesBackendSettings.of(config.backend().kubernetes());
        }
        if (names().isEmpty()) {
            throw new IllegalArgumentException("no engine backend is enabled: set sparkplane.backend.local.enabled or "
                    + KubernetesBackendSettings.PREFIX + "enabled to true");
        }
        if (!names().contains(defaultName())) {
            throw new IllegalArgumentException("sparkplane.backend.default is " + defaultName() + ", which is not an enabled backend; enabled: "
                    + String.join(", ", names()));
        }
    }

    /** The backend of runs that name none. */
    public String defaultName() {
        return config.backend().defaultBackend();
    }

    /** Names are known without starting anything, so validation never waits on a backend. */
    public Set<String> names() {
        return maxExecutorsPerRun().keySet();
    }

    public EngineBackend get(String name) {
        if (!names().contains(name)) {
            throw new IllegalArgumentException("no backend named " + name);
        }
        return built.computeIfAbsent(name, this::build);
    }

    /** The backends by name, each with the most executors it gives one run; known without starting anything. */
    public Map<String, Integer> maxExecutorsPerRun() {
        Map<String, Integer> limits = new java.util.TreeMap<>();
        if (config.backend().local().enabled()) {
            limits.put(LocalEngineBackend.NAME, config.backend().local().maxExecutorsPerRun());
        }
        if (config.backend().kubernetes().enabled()) {
            limits.put(KubernetesEngineBackend.NAME, config.backend().kubernetes().maxExecutorsPerRun());
        }
        return limits;
    }

    public int concurrencyLimit(String name) {
        return switch (name) {
            case LocalEngineBackend.NAME -> config.backend().local().maxConcurrentRuns();
            case KubernetesEngineBackend.NAME -> config.backend().kubernetes().maxConcurrentRuns();
            default -> throw new IllegalArgumentException("no backend named " + name);
        };
    }

    /** Where the engines of a backend reach this control plane's internal API. */
    public String engineApiUrl(String name) {
        if (name.equals(KubernetesEngineBackend.NAME)) {
            return KubernetesBackendSettings.engineApiUrl(config.backend().kubernetes()).orElse(config.engineApiUrl());
        }
        return config.engineApiUrl();
    }

    private EngineBackend build(String name) {
        return switch (name) {
            case LocalEngineBackend.NAME -> local();
            case KubernetesEngineBackend.NAME -> kubernetes();
            default -> throw new IllegalArgumentException("no backend named " + name);
        };
    }

    private EngineBackend local() {
        SparkplaneConfig.Backend.Local local = config.backend().local();
        Path python = Path.of(local.python());
        Path sparkHome = local.sparkHome().orElseGet(() -> sparkHomeOf(local.python()));
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path workRoot = config.home().resolve("work");
        LOG.infof("local backend: SPARK_HOME=%s, python=%s, work=%s", sparkHome, python, workRoot);
        return new LocalEngineBackend(new LocalBackendConfiguration(sparkHome, python, javaHome, workRoot, LauncherClasspath.fromCodeSources())
                .withListenerJar(ListenerJar.location())
                .withDecommissionTimeout(local.decommissionTimeout())
                .withConnectorJars(connectorJars()));
    }

    private EngineBackend kubernetes() {
        SparkplaneConfig.Backend.Kubernetes settings = config.backend().kubernetes();
        KubernetesBackendConfiguration configuration = KubernetesBackendSettings.of(settings);
        // the kubeconfig's context, or the pod's service account when running in a cluster
        Config clientConfig = Config.autoConfigure(settings.context().orElse(null));
        LOG.infof("kubernetes backend: API server %s, namespace %s, image %s", clientConfig.getMasterUrl(), configuration.namespace(),
                configuration.image());
        kubernetesClient = new KubernetesClientBuilder().withConfig(clientConfig).build();
        return new KubernetesEngineBackend(kubernetesClient, configuration, Clock.systemUTC());
    }

    @PreDestroy
    void close() {
        if (built.get(KubernetesEngineBackend.NAME) instanceof KubernetesEngineBackend kubernetes) {
            kubernetes.close();
        }
        if (kubernetesClient != null) {
            kubernetesClient.close();
        }
    }

    /** The Hadoop connectors for jobs' own object storage access (s3a://, gs://, abfss://, wasbs://), unpacked once under {@code <home>/engine/connectors}. */
    private List<Path> connectorJars() {
        Path directory = config.home().resolve("engine").resolve("connectors");
        try {
            List<Path> jars = ConnectorJars.unpackTo(directory);
            LOG.infof("local backend: %d Hadoop connector jars for s3a://, gs://, abfss:// and wasbs:// in %s", jars.size(), directory);
            return jars;
        } catch (IOException | RuntimeException e) {
            LOG.errorf("local backend: no Hadoop connectors, jobs cannot read or write object storage themselves (cannot unpack them to %s: %s)",
                    directory, e.getMessage());
            return List.of();
        }
    }

    /** The installed pyspark package is a Spark home; ask the engine's python where it is. */
    static Path sparkHomeOf(String python) {
        try {
            Process process = new ProcessBuilder(python, "-c", "import os, pyspark; print(os.path.dirname(pyspark.__file__))")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("cannot find pyspark with " + python + ": " + output
                        + " (run ./sparkplane setup, or set SPARKPLANE_PYTHON to a python with pyspark)");
            }
            Path home = Path.of(output.lines().reduce((first, second) -> second).orElse(""));
            if (!Files.isExecutable(home.resolve("bin/spark-submit"))) {
                throw new IllegalStateException("pyspark at " + home + " has no bin/spark-submit");
            }
            return home;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + python + " to find pyspark: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking for pyspark", e);
        }
    }
}
