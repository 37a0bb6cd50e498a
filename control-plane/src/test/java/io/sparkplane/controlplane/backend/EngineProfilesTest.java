package io.sparkplane.controlplane.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.controlplane.plugin.Plugins;
import io.sparkplane.spi.engine.BackendContext;
import io.sparkplane.spi.engine.BackendLimits;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.settings.SettingException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Engine profiles configured from settings alone, with the factories on the test class path. */
class EngineProfilesTest {

    private static final Plugins PLUGINS = new Plugins(EngineProfilesTest.class.getClassLoader());

    @Test
    void eachProfileIsConfiguredByItsTypesFactory() {
        Map<String, EngineProfile> profiles = EngineProfiles.configure(Map.of(
                "local", Map.of("type", "local", "max-concurrent-runs", "3"),
                "big-k8s", Map.of("type", "kubernetes", "image", "engine:1", "max-executors-per-run", "200",
                        "engine-api-url", "http://control-plane.sparkplane.svc:8080"),
                "small-k8s", Map.of("type", "kubernetes", "image", "engine:1", "namespace", "small"),
                "off", Map.of("type", "kubernetes", "enabled", "false")), PLUGINS);

        assertThat(profiles).containsOnlyKeys("local", "big-k8s", "small-k8s");
        assertThat(profiles.get("local").limits()).isEqualTo(new BackendLimits(3, 8));
        assertThat(profiles.get("big-k8s").limits()).isEqualTo(new BackendLimits(20, 200));
        assertThat(profiles.get("big-k8s").engineApiUrl()).contains("http://control-plane.sparkplane.svc:8080");
        assertThat(profiles.get("small-k8s").engineApiUrl()).isEmpty();
        assertThat(profiles.get("small-k8s").type()).isEqualTo("kubernetes");
    }

    @Test
    void aProfilesSparkConfComesFromItsFactory() {
        EngineProfile profile = EngineProfiles.configure(Map.of("conf", Map.of("type", "spark-conf-test",
                "spark-conf.\"spark.sql.ansi.enabled\"", "true")), PLUGINS).get("conf");

        assertThat(profile.sparkConf()).containsExactly(Map.entry("spark.sql.ansi.enabled", "true"));
        assertThat(profile.limits()).isEqualTo(new BackendLimits(3, 4));
    }

    @Test
    void aClosedProfileBuildsNoBackend() {
        EngineProfile profile = EngineProfiles.configure(Map.of("conf", Map.of("type", "spark-conf-test")), PLUGINS).get("conf");
        BackendContext context = new BackendContext("conf", Path.of("work"), new InstalledEngine(Path.of("home", "engine", "connectors")),
                Clock.systemUTC());
        assertThatThrownBy(() -> profile.backend(context)).isInstanceOf(EngineBackendException.class); // built, and refused

        profile.close();

        assertThatThrownBy(() -> profile.backend(context)).isInstanceOf(ProfileClosedException.class)
                .hasMessage("engine profile conf is closed: the control plane is stopping");
    }

    @Test
    void aMistakeNamesTheKey() {
        assertThatThrownBy(() -> EngineProfiles.configure(Map.of("x", Map.of("image", "e")), PLUGINS))
                .isInstanceOf(SettingException.class).hasMessage("sparkplane.backends.x.type is required: the backend type");
        assertThatThrownBy(() -> EngineProfiles.configure(Map.of("x", Map.of("type", "emr")), PLUGINS))
                .hasMessageContaining("sparkplane.backends.x.type is 'emr', which no installed plug-in provides")
                .hasMessageContaining("kubernetes").hasMessageContaining("local");
        assertThatThrownBy(() -> EngineProfiles.configure(Map.of("x", Map.of("type", "local", "pythn", "/usr/bin/python3")), PLUGINS))
                .hasMessageContaining("sparkplane.backends.x.pythn is not a known setting").hasMessageContaining("python");
        assertThatThrownBy(() -> EngineProfiles.configure(Map.of("x", Map.of("type", "kubernetes")), PLUGINS))
                .hasMessageContaining("sparkplane.backends.x.image is required");
        assertThatThrownBy(() -> EngineProfiles.configure(Map.of("Big_One", Map.of("type", "local")), PLUGINS))
                .hasMessageContaining("sparkplane.backends.Big_One.*").hasMessageContaining("lower-case");
        assertThatThrownBy(() -> EngineProfiles.configure(Map.of("x", Map.of("type", "local", "enabled", "maybe")), PLUGINS))
                .hasMessageContaining("sparkplane.backends.x.enabled must be true or false");
    }

    @Test
    void theSettingsEveryProfileHasComeFromEnvironmentVariablesToo() {
        // SPARKPLANE_BACKENDS_K8S_ENGINE_API_URL reaches the map as engine.api.url
        EngineProfile profile = EngineProfiles.configure(Map.of("k8s", Map.of("type", "kubernetes", "image", "e",
                "engine.api.url", "http://cp:8080")), PLUGINS).get("k8s");

        assertThat(profile.engineApiUrl()).contains("http://cp:8080");
    }
}
