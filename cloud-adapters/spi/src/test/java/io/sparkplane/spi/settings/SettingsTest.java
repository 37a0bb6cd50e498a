package io.sparkplane.spi.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private enum Mode { WHEN_SUPPORTED, WHEN_REQUIRED }

    private static final List<Setting> DECLARED = List.of(
            Setting.required("image", "the engine image"),
            Setting.of("namespace", "default", "where pods go"),
            Setting.of("pull-failure-grace", "PT30S", "grace"),
            Setting.of("max-attempts", "5", "attempts"),
            Setting.of("overhead", "0.1", "a fraction"),
            Setting.of("checksums", "when-supported", "mode"),
            Setting.of("path-style", "false", "a flag"),
            Setting.optional("endpoint", "a URL"),
            Setting.optional("key-file", "a path"),
            Setting.optional("secrets", "a list"),
            Setting.secret("password", "a secret"),
            Setting.map("node-selector", "labels"));

    private static Settings of(Map<String, String> values) {
        return Settings.of("sparkplane.backends.k8s.", values, DECLARED);
    }

    @Test
    void anUnsetSettingIsItsDeclaredDefault() {
        Settings settings = of(Map.of("image", "engine:1"));

        assertThat(settings.string("image")).isEqualTo("engine:1");
        assertThat(settings.string("namespace")).isEqualTo("default");
        assertThat(settings.duration("pull-failure-grace")).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.integer("max-attempts", 1, 10)).isEqualTo(5);
        assertThat(settings.decimal("overhead", 0, 4)).isEqualTo(0.1);
        assertThat(settings.choice("checksums", Mode.class)).isEqualTo(Mode.WHEN_SUPPORTED);
        assertThat(settings.bool("path-style")).isFalse();
        assertThat(settings.url("endpoint")).isEmpty();
        assertThat(settings.path("key-file")).isEmpty();
        assertThat(settings.list("secrets")).isEmpty();
        assertThat(settings.map("node-selector")).isEmpty();
    }

    @Test
    void givenValuesAreRead() {
        Settings settings = of(Map.ofEntries(
                Map.entry("image", " engine:2 "),
                Map.entry("max-attempts", "7"),
                Map.entry("checksums", "WHEN-required"),
                Map.entry("path-style", "TRUE"),
                Map.entry("endpoint", "http://127.0.0.1:9000"),
                Map.entry("key-file", "/etc/key.json"),
                Map.entry("secrets", "a, b,,c"),
                Map.entry("node-selector.pool", "spark"),
                Map.entry("node-selector.\"kubernetes.io/os\"", "linux")));

        assertThat(settings.string("image")).isEqualTo("engine:2");
        assertThat(settings.integer("max-attempts", 1, 10)).isEqualTo(7);
        assertThat(settings.choice("checksums", Mode.class)).isEqualTo(Mode.WHEN_REQUIRED);
        assertThat(of(Map.of("checksums", "WHEN_REQUIRED")).choice("checksums", Mode.class)).isEqualTo(Mode.WHEN_REQUIRED);
        assertThat(settings.bool("path-style")).isTrue();
        assertThat(settings.url("endpoint")).hasValueSatisfying(url -> assertThat(url.getPort()).isEqualTo(9000));
        assertThat(settings.path("key-file")).contains(Path.of("/etc/key.json"));
        assertThat(settings.list("secrets")).containsExactly("a", "b", "c");
        assertThat(settings.map("node-selector")).containsExactly(Map.entry("kubernetes.io/os", "linux"), Map.entry("pool", "spark"));
    }

    @Test
    void anUnknownKeyIsRefusedNamingItAndTheKnownOnes() {
        assertThatThrownBy(() -> of(Map.of("imag", "engine:1")))
                .isInstanceOf(SettingException.class)
                .hasMessageStartingWith("sparkplane.backends.k8s.imag is not a known setting")
                .hasMessageContaining("image, ").hasMessageContaining("node-selector.<key>");
    }

    @Test
    void aNameFromAnEnvironmentVariableFindsItsSetting() {
        // SPARKPLANE_BACKENDS_K8S_PULL_FAILURE_GRACE reaches a map of profile settings as pull.failure.grace
        Settings settings = of(Map.of("image", "e", "pull.failure.grace", "PT1M"));

        assertThat(settings.duration("pull-failure-grace")).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void eachErrorNamesTheFullKeyAndNeverASecret() {
        assertThatThrownBy(() -> of(Map.of()).string("image")).hasMessage("sparkplane.backends.k8s.image is required: the engine image");
        assertThatThrownBy(() -> of(Map.of("max-attempts", "many")).integer("max-attempts", 1, 10))
                .hasMessage("sparkplane.backends.k8s.max-attempts must be a whole number (was 'many')");
        assertThatThrownBy(() -> of(Map.of("max-attempts", "11")).integer("max-attempts", 1, 10))
                .hasMessageContaining("must be between 1 and 10");
        assertThatThrownBy(() -> of(Map.of("pull-failure-grace", "30s")).duration("pull-failure-grace"))
                .hasMessageContaining("sparkplane.backends.k8s.pull-failure-grace must be an ISO-8601 duration");
        assertThatThrownBy(() -> of(Map.of("checksums", "sometimes")).choice("checksums", Mode.class))
                .hasMessageContaining("[when-supported, when-required]");
        assertThatThrownBy(() -> of(Map.of("path-style", "yes")).bool("path-style")).hasMessageContaining("true or false");
        assertThatThrownBy(() -> of(Map.of("endpoint", "ftp://host")).url("endpoint")).hasMessageContaining("http:// or https://");
        assertThat(of(Map.of("password", "hunter2")).invalid("password", "is wrong"))
                .hasMessage("sparkplane.backends.k8s.password is wrong");
        assertThat(of(Map.of("password", "hunter2", "image", "e")).toString()).contains("password=***").doesNotContain("hunter2");
    }

    @Test
    void readingASettingThatWasNotDeclaredIsAProgrammingError() {
        assertThatThrownBy(() -> of(Map.of()).optional("other")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void declarationsAreChecked() {
        assertThatThrownBy(() -> Setting.of("Bad_Name", "x", "d")).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> Settings.of("p.", Map.of(), List.of(Setting.optional("a", "d"), Setting.optional("a", "e"))))
                .hasMessageContaining("declared twice");
    }
}
