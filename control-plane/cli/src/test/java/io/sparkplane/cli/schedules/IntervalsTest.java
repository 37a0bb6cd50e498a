package io.sparkplane.cli.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.cli.CliException;
import io.sparkplane.cli.ExitCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IntervalsTest {

    @ParameterizedTest
    @CsvSource({"15m, PT15M", "PT15M, PT15M", "pt1h, PT1H", "1h30m, PT1H30M", "90, PT1M30S", "1d, P1D", "7d, P7D", "36h, PT36H", "P1D, P1D",
            "P1DT2H, P1DT2H"})
    void takesTheCliDurationsAndIso(String text, String iso) {
        assertThat(Intervals.iso(text, "--interval")).isEqualTo(iso);
    }

    @ParameterizedTest
    @ValueSource(strings = {"P", "Pfoo", "P1M", "soon", "0", "-5m", ""})
    void refusesTheRestNamingTheOption(String text) {
        assertThatThrownBy(() -> Intervals.iso(text, "--interval"))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageStartingWith("--interval: ");
    }
}
