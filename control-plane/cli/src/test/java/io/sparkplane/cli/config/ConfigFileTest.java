package io.sparkplane.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.cli.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @Test
    void writesProfilesOnlyItsOwnerCanReadAndReadsThemBack(@TempDir Path home) throws Exception {
        Path path = home.resolve(".sparkplane/config");
        ConfigFile.empty()
                .with("default", new Profile(Optional.of("http://localhost:8080"), Optional.of("spk_a"), Optional.empty()))
                .with("prod", new Profile(Optional.of("https://sp.example.com"), Optional.of("spk_b"), Optional.of("analytics")))
                .write(path);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path.getParent()))).isEqualTo("rwx------");

        ConfigFile read = ConfigFile.read(path);
        assertThat(read.profile("prod")).contains(new Profile(Optional.of("https://sp.example.com"), Optional.of("spk_b"), Optional.of("analytics")));
        read.with("default", new Profile(Optional.of("http://localhost:9090"), Optional.of("spk_c"), Optional.empty())).write(path);
        assertThat(ConfigFile.read(path).profile("default").flatMap(Profile::token)).contains("spk_c");
        assertThat(ConfigFile.read(path).profile("prod").flatMap(Profile::token)).contains("spk_b");
        assertThat(Files.list(path.getParent())).containsExactly(path);
    }

    @Test
    void aMissingFileHasNoProfiles(@TempDir Path home) {
        assertThat(ConfigFile.read(home.resolve("none")).profiles()).isEmpty();
    }

    @Test
    void mistakesAreNamedByLine() {
        assertThatThrownBy(() -> ConfigFile.parse(List.of("host = x"), "cfg")).isInstanceOf(CliException.class).hasMessage("cfg:1: a key before any [profile]");
        assertThatThrownBy(() -> ConfigFile.parse(List.of("[a]", "# c", "tokn = x"), "cfg")).hasMessageContaining("cfg:3: unknown key 'tokn'");
        assertThatThrownBy(() -> ConfigFile.parse(List.of("[]"), "cfg")).hasMessageContaining("cfg:1:");
        assertThatThrownBy(() -> ConfigFile.parse(List.of("[a]", "just words"), "cfg")).hasMessageContaining("cfg:2:");
    }
}
