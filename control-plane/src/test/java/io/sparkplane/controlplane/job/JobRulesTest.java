package io.sparkplane.controlplane.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.controlplane.api.RunSpec;
import io.sparkplane.controlplane.problem.FieldError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRulesTest {

    private static final RunSpec TEMPLATE = new RunSpec(null, new RunSpec.Entrypoint("job.py", null, null), List.of("{{day}}"), null, null, null, null,
            null, null, null, null, null, null, null, null);

    private static JobSpec spec(String name, RunSpec template, List<JobParameter> parameters, Integer max, String policy, Map<String, String> labels) {
        return new JobSpec(null, name, null, template, parameters, max, policy, labels);
    }

    private static List<String> fields(JobSpec spec) {
        return JobRules.check(spec).errors().stream().map(FieldError::field).toList();
    }

    @Test
    void defaultsAreFilledIn() {
        JobRules.Result result = JobRules.check(spec("nightly", TEMPLATE, List.of(new JobParameter("day", "1", null)), null, null, null));
        assertThat(result.valid()).isTrue();
        assertThat(result.definition().maxConcurrentRuns()).isEqualTo(1);
        assertThat(result.definition().concurrencyPolicy()).isEqualTo(ConcurrencyPolicy.QUEUE);
        assertThat(result.definition().labels()).isEmpty();
    }

    @Test
    void eachWrongFieldIsNamed() {
        List<JobParameter> day = List.of(new JobParameter("day", null, null));
        assertThat(fields(spec(null, TEMPLATE, day, null, null, null))).containsExactly("name");
        assertThat(fields(spec(" ", TEMPLATE, day, null, null, null))).containsExactly("name");
        assertThat(fields(spec("x".repeat(129), TEMPLATE, day, null, null, null))).containsExactly("name");
        assertThat(fields(spec("a\nb", TEMPLATE, day, null, null, null))).containsExactly("name");
        assertThat(fields(spec("n", null, day, null, null, null))).containsExactly("template");
        assertThat(fields(spec("n", TEMPLATE, List.of(), null, null, null))).containsExactly("template.args[0]");
        assertThat(fields(spec("n", TEMPLATE, List.of(new JobParameter("day", null, null), new JobParameter("day", null, null)), null, null, null)))
                .containsExactly("parameters[1].name");
        assertThat(fields(spec("n", TEMPLATE, List.of(new JobParameter("day", null, null), new JobParameter("9lives", null, null)), null, null, null)))
                .containsExactly("parameters[1].name");
        assertThat(fields(spec("n", TEMPLATE, day, 0, null, null))).containsExactly("maxConcurrentRuns");
        assertThat(fields(spec("n", TEMPLATE, day, 1001, null, null))).containsExactly("maxConcurrentRuns");
        assertThat(fields(spec("n", TEMPLATE, day, null, "LATER", null))).containsExactly("concurrencyPolicy");
        assertThat(fields(spec("n", TEMPLATE, day, null, null, Map.of("Team", "x")))).containsExactly("labels");
        assertThat(fields(spec("n", TEMPLATE, day, null, null, Map.of("team", "x".repeat(64))))).containsExactly("labels.team");
        RunSpec withWorkspace = new RunSpec(null, TEMPLATE.entrypoint(), null, null, null, null, null, null, null, null, null, null, null, null, "other");
        assertThat(fields(spec("n", withWorkspace, List.of(), null, null, null))).containsExactly("template.workspace");
    }
}
