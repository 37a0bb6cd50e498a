package io.sparkplane.controlplane.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The uri label of a request, against the served contract (api-spec's openapi.yaml on the class path). */
class HttpUriLabelsTest {

    private static final HttpUriLabels LABELS = HttpUriLabels.served();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // templates and Quarkus's own words are bounded already
        "/api/v1/runs/{runId}, /api/v1/runs/{runId}",
        "/internal/v1/runs/{runId}/attempts/{attempt}/state, /internal/v1/runs/{runId}/attempts/{attempt}/state",
        "NOT_FOUND, NOT_FOUND",
        "REDIRECTION, REDIRECTION",
        // raw paths (refused before a resource matched): the contract's template
        "/api/v1/runs, /api/v1/runs",
        "/api/v1/runs/0b7e2c3a-51f4-4e07-9d39-3c1d7f1b2a10, /api/v1/runs/{runId}",
        "/api/v1/runs/0b7e2c3a-51f4-4e07-9d39-3c1d7f1b2a10/cancel, /api/v1/runs/{runId}/cancel",
        "/api/v1/jobs/j1/versions/3, /api/v1/jobs/{jobId}/versions/{version}",
        "/api/v1/artifacts/sha256/abc123/content, /api/v1/artifacts/sha256/{sha256}/content",
        "/livy/batches/17, /livy/batches/{batchId}",
        "/internal/v1/runs/r1/attempts/2/staging/out/part-0000.parquet, /internal/v1/runs/{runId}/attempts/{attempt}/staging/{path}",
        // the open paths without parameters, and the console's files
        "/, /",
        "/q/metrics, /q/metrics",
        "/q/health/ready, /q/health/ready",
        "/assets/index-4f1c2b.js, /assets/{file}",
        "/cli/sparkplane-cli.jar, /cli/{file}",
        // anything else a stranger sends
        "/spk_c2VjcmV0LXRva2Vu, UNMATCHED",
        "/api/v1/runs/a/b/c/d, UNMATCHED",
        "/q/anything, UNMATCHED",
        "/wp-login.php, UNMATCHED",
    })
    void aRawPathBecomesItsContractTemplateOrAFixedWord(String uri, String label) {
        assertThat(LABELS.bounded(uri)).isEqualTo(label);
    }
}
