package io.sparkplane.controlplane.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContractMethodsTest {

    private static final String CONTRACT = """
            openapi: 3.1.0
            paths:
              /api/v1/runs:
                get: {}
                post: {}
              /api/v1/runs/{runId}:
                parameters: []
                get: {}
              /api/v1/runs/{runId}/cancel:
                post: {}
              /internal/v1/runs/{runId}/attempts/{attempt}/staging/{path}:
                parameters:
                  - name: path
                    in: path
                    x-multiple-segments: true
                put: {}
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /api/v1/runs                                  | GET POST
            /api/v1/runs/3f2c                             | GET
            /api/v1/runs/3f2c/cancel                      | POST
            /internal/v1/runs/3f2c/attempts/1/staging/eventlog/a/b | PUT
            /api/v1/runs/3f2c/cancel/more                 |
            /api/v1/nothing                               |
            """)
    void knowsTheMethodsOfEachPathOfTheContract(String path, String methods) throws Exception {
        ContractMethods contract = ContractMethods.parse(new ByteArrayInputStream(CONTRACT.getBytes(StandardCharsets.UTF_8)));
        Optional<Set<String>> expected = methods == null ? Optional.empty() : Optional.of(Set.of(methods.split(" ")));
        assertThat(contract.allowed(path)).isEqualTo(expected);
    }
}
