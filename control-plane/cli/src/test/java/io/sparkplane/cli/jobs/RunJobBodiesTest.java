package io.sparkplane.cli.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.api.contract.OpenApiContract;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The body {@code jobs run} sends is one the contract takes, and a refused field names its option. */
class RunJobBodiesTest {

    private static final OpenApiContract CONTRACT = OpenApiContract.load();
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "nightly-sales | {}",
            "nightly-sales --job-version 2 | {\"version\":2}",
            "nightly-sales --param region=emea --param date=2026-12-01 | {\"parameters\":{\"date\":\"2026-12-01\",\"region\":\"emea\"}}",
            "nightly-sales --param query=a=b --job-version 1 --wait | {\"version\":1,\"parameters\":{\"query\":\"a=b\"}}",
    })
    void optionsMakeTheBody(String arguments, String body) throws Exception {
        RunJobCommand run = new RunJobCommand();
        new CommandLine(run).parseArgs(arguments.split(" "));
        String sent = JSON.writeValueAsString(run.body());
        assertThat(sent).isEqualTo(body);
        CONTRACT.assertRequestBody("POST", "/api/v1/jobs/6f1c2f0e-5b8d-4a7c-9e6f-1a2b3c4d5e6f/runs", sent);
    }

    @ParameterizedTest
    @CsvSource({"parameters.date, --param", "version, --job-version", "header:Idempotency-Key, --idempotency-key"})
    void aRefusedFieldNamesItsOption(String field, String option) {
        assertThat(new RunJobCommand().optionFor(field)).contains(option);
    }
}
