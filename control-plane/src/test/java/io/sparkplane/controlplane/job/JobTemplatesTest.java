package io.sparkplane.controlplane.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.controlplane.api.RunSpec;
import io.sparkplane.controlplane.problem.FieldError;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JobTemplatesTest {

    private static RunSpec template(String name, List<String> args, Map<String, String> conf, Map<String, String> labels) {
        return new RunSpec(name, new RunSpec.Entrypoint("job.py", null, null), args, null, null, null, null, conf, null, null, null, null, null,
                labels, null);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "in/{{date}}/x        | in/2026-12-01/x",
            "{{ date }}           | 2026-12-01",
            "{{date}}-{{date}}    | 2026-12-01-2026-12-01",
            "no placeholder       | no placeholder",
            "{date}               | {date}",
            "$1 {{size}}          | $1 big\\$",
            "{{sparkplane.fireDate}} | 2026-12-06",
            "{{sparkplane.fireTime}} | 2026-12-06T23:30:00Z"})
    void placeholdersAreReplacedByTheirValues(String text, String expected) {
        Map<String, String> values = new LinkedHashMap<>(Map.of("date", "2026-12-01", "size", "big\\$"));
        values.putAll(JobTemplates.values(List.of(), Map.of(), Instant.parse("2026-12-06T23:30:00Z"), ZoneOffset.UTC).values());
        assertThat(JobTemplates.substitute(text, values)).isEqualTo(expected);
    }

    @Test
    void theFireDateIsInTheSchedulesZone() {
        var values = JobTemplates.values(List.of(), Map.of(), Instant.parse("2026-12-06T23:30:00Z"), ZoneId.of("Europe/Berlin"));
        assertThat(values.values()).containsEntry(JobTemplates.FIRE_DATE, "2026-12-07");
    }

    @Test
    void everyTextFieldIsFilledAndARunWithoutNameIsNamedForTheJob() {
        RunSpec template = template(null, List.of("--day", "{{day}}"), Map.of("spark.sql.shuffle.partitions", "{{parts}}"), Map.of("day", "{{day}}"));
        RunSpec run = JobTemplates.instantiate(template, Map.of("day", "7", "parts", "16"), "nightly");
        assertThat(run.name()).isEqualTo("nightly");
        assertThat(run.args()).containsExactly("--day", "7");
        assertThat(run.sparkConf()).containsEntry("spark.sql.shuffle.partitions", "16");
        assertThat(run.labels()).containsEntry("day", "7");
        assertThat(run.entrypoint().pythonFile()).isEqualTo("job.py");
    }

    @Test
    void aPlaceholderNamingNoParameterIsAnErrorAtItsField() {
        RunSpec template = template("{{who}}", List.of("ok", "{{day}}", "{{missing}}"), Map.of("spark.x", "{{other}}"), Map.of("l", "{{day}}"));
        List<FieldError> errors = JobTemplates.unknownPlaceholders(template, Set.of("day"));
        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("template.name", "template.args[2]", "template.sparkConf.spark.x");
        assertThat(JobTemplates.unknownPlaceholders(template(null, List.of("{{sparkplane.fireDate}}"), null, null), Set.of())).isEmpty();
    }

    @Test
    void valuesTakeDefaultsAndNameWhatIsWrong() {
        List<JobParameter> declared = List.of(new JobParameter("day", null, null), new JobParameter("size", "small", null));
        var given = JobTemplates.values(declared, Map.of("day", "7"), Instant.EPOCH, ZoneOffset.UTC);
        assertThat(given.valid()).isTrue();
        assertThat(given.values()).containsEntry("day", "7").containsEntry("size", "small");

        var missing = JobTemplates.values(declared, Map.of(), Instant.EPOCH, ZoneOffset.UTC);
        assertThat(missing.errors()).extracting(FieldError::field).containsExactly("parameters.day");

        var unknown = JobTemplates.values(declared, Map.of("day", "1", "colour", "red"), Instant.EPOCH, ZoneOffset.UTC);
        assertThat(unknown.errors()).extracting(FieldError::field).containsExactly("parameters.colour");
        assertThat(unknown.errors().get(0).message()).contains("day, size");

        var tooLong = JobTemplates.values(declared, Map.of("day", "x".repeat(4097)), Instant.EPOCH, ZoneOffset.UTC);
        assertThat(tooLong.errors()).extracting(FieldError::field).containsExactly("parameters.day");
    }
}
