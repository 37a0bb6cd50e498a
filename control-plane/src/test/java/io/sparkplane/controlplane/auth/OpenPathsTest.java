package io.sparkplane.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenPathsTest {

    @ParameterizedTest
    @CsvSource({
        "/, true",
        "'', true",
        "/index.html, true",
        "/favicon.svg, true",
        "/assets/index-abc.js, true",
        "/q/health/ready, true",
        "/q/metrics, true",
        "/q/metricsx, false",
        "/api/v1/version, true",
        "/cli/sparkplane-cli.jar, true",
        "/internal/v1/runs/x/attempts/1/state, true",
        "/api/v1/runs, false",
        "/api/v1/identity, false",
        "/assetsx, false",
        "/index.htmlx, false",
        "/anything-else, false",
    })
    void onlyTheNamedPathsTakeNoToken(String path, boolean open) {
        assertThat(OpenPaths.isOpen(path)).isEqualTo(open);
    }
}
