package io.sparkplane.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"90, 90", "90s, 90", "10m, 600", "1h30m, 5400", "2H, 7200", "7d, 604800", "1d2h3m4s, 93784"})
    void readsWhatPeopleType(String text, long seconds) {
        assertThat(Durations.parse(text, "--timeout")).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "0s", "-5", "5x", "m", "1.5h", "99999999999999999999d"})
    void refusesTheRestNamingTheOption(String text) {
        assertThatThrownBy(() -> Durations.parse(text, "--timeout"))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageStartingWith("--timeout: ");
    }
}
