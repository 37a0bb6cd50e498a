package io.sparkplane.cli.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A field the control plane refuses is named with the option behind it. */
class SubmitOptionHintsTest {

    @ParameterizedTest
    @CsvSource({
            "resources.executor.memory, --executor-memory",
            "resources.driver.cores, --driver-cores",
            "sparkConf.spark.master, --conf",
            "pyFiles[1], --py-files",
            "entrypoint.pythonFile, ENTRYPOINT",
            "entrypoint.mainClass, --class",
            "autoscaling.maxExecutors, --max-executors",
            "autoscaling, --min-executors/--max-executors",
            "timeoutSeconds, --timeout",
            "labels.team, --label",
            "header:Idempotency-Key, --idempotency-key",
    })
    void namesTheOption(String field, String option) {
        assertThat(new SubmitCommand().optionFor(field)).contains(option);
    }

    @ParameterizedTest
    @CsvSource({"somethingElse", "query:limit"})
    void saysNothingOfFieldsNoOptionSets(String field) {
        assertThat(new SubmitCommand().optionFor(field)).isEqualTo(Optional.empty());
    }
}
