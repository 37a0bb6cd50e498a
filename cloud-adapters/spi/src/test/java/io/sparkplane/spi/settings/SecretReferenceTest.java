package io.sparkplane.spi.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretReferenceTest {

    @Test
    void anEnvironmentVariableIsReadWhenResolved() {
        SecretReference reference = SecretReference.parse("env:HDI_PASSWORD");

        assertThat(reference.resolve(SecretReference.environment(Map.of("HDI_PASSWORD", "s3cr3t")))).isEqualTo("s3cr3t");
        assertThatThrownBy(() -> reference.resolve(SecretReference.environment(Map.of())))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("env:HDI_PASSWORD")
                .hasMessageContaining("not set");
    }

    @Test
    void aFileIsReadWithoutItsLastLineBreak(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("password");
        Files.writeString(file, "s3cr3t\n");
        SecretReference reference = SecretReference.parse("file:" + file);

        assertThat(reference.resolve()).isEqualTo("s3cr3t");
        Files.writeString(file, "rotated");
        assertThat(reference.resolve()).isEqualTo("rotated");
        Files.delete(file);
        assertThatThrownBy(reference::resolve).isInstanceOf(SettingException.class).hasMessageContaining("cannot be read");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3cr3t", "env:", "env:1BAD", "file:relative/path", "vault:x", ""})
    void anythingElseIsRefusedWithoutEchoingIt(String given) {
        Settings settings = Settings.of("sparkplane.backends.hdi.", Map.of("password", given),
                List.of(Setting.optional("password", "where the password lives")));

        if (given.isEmpty()) {
            assertThat(settings.secretReference("password")).isEmpty();
            return;
        }
        assertThatThrownBy(() -> settings.secretReference("password"))
                .isInstanceOf(SettingException.class)
                .hasMessage("sparkplane.backends.hdi.password must be env:<VARIABLE> or file:<absolute path>");
    }

    @Test
    void theReferenceIsShownNeverTheValue() {
        assertThat(SecretReference.parse("file:/run/secrets/token")).hasToString("file:/run/secrets/token");
    }
}
