package io.sparkplane.cli.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {

    private static final byte[] BODY = "{\"entrypoint\":{\"pythonFile\":\"s3://b/job.py\"}}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_BODY = "{\"entrypoint\":{\"pythonFile\":\"s3://b/other.py\"}}".getBytes(StandardCharsets.UTF_8);

    private static final Map<String, String> GITHUB = Map.of("GITHUB_ACTIONS", "true", "GITHUB_RUN_ID", "12345678901",
            "GITHUB_RUN_ATTEMPT", "2", "GITHUB_REPOSITORY", "acme/etl", "GITHUB_JOB", "nightly", "GITHUB_ACTION", "__run_2");
    private static final Map<String, String> GITLAB = Map.of("GITLAB_CI", "true", "CI_JOB_ID", "987654", "CI_PROJECT_ID", "42");
    private static final Map<String, String> JENKINS = Map.of("JENKINS_URL", "https://ci.example.com/", "BUILD_TAG", "jenkins-etl-nightly-17");

    @Test
    void aRetriedStepOfOneCiJobGetsTheSameKey() {
        for (Map<String, String> ci : java.util.List.of(GITHUB, GITLAB, JENKINS)) {
            Optional<String> first = IdempotencyKeys.derive(ci, BODY);
            assertThat(first).isPresent();
            assertThat(IdempotencyKeys.derive(new HashMap<>(ci), BODY)).isEqualTo(first);
            assertThat(first.get()).hasSizeLessThanOrEqualTo(64).matches("[\\x21-\\x7e]+");
            assertThat(IdempotencyKeys.derive(ci, OTHER_BODY)).isPresent().isNotEqualTo(first);
        }
    }

    @Test
    void namesTheCiAndItsRunIds() {
        assertThat(IdempotencyKeys.derive(GITHUB, BODY).orElseThrow()).startsWith("gh-12345678901-2-");
        assertThat(IdempotencyKeys.derive(GITLAB, BODY).orElseThrow()).startsWith("gl-987654-");
        assertThat(IdempotencyKeys.derive(JENKINS, BODY).orElseThrow()).startsWith("jk-");
    }

    @Test
    void aNewAttemptOrAnotherStepOrJobIsANewRun() {
        String key = IdempotencyKeys.derive(GITHUB, BODY).orElseThrow();
        for (String[] change : new String[][] {{"GITHUB_RUN_ATTEMPT", "3"}, {"GITHUB_ACTION", "__run_3"}, {"GITHUB_JOB", "hourly"},
                {"GITHUB_RUN_ID", "12345678902"}}) {
            Map<String, String> changed = new HashMap<>(GITHUB);
            changed.put(change[0], change[1]);
            assertThat(IdempotencyKeys.derive(changed, BODY).orElseThrow()).as(change[0]).isNotEqualTo(key);
        }
        Map<String, String> retriedGitLabJob = new HashMap<>(GITLAB);
        retriedGitLabJob.put("CI_JOB_ID", "987655");
        assertThat(IdempotencyKeys.derive(retriedGitLabJob, BODY)).isNotEqualTo(IdempotencyKeys.derive(GITLAB, BODY));
    }

    @Test
    void outsideCiThereIsNone() {
        assertThat(IdempotencyKeys.derive(Map.of("HOME", "/home/me"), BODY)).isEmpty();
        assertThat(IdempotencyKeys.derive(Map.of("GITHUB_ACTIONS", "true"), BODY)).isEmpty();
    }

    @Test
    void identifiersThatDoNotFitAreHashed() {
        Map<String, String> odd = new HashMap<>(GITHUB);
        odd.put("GITHUB_RUN_ID", "x".repeat(80));
        assertThat(IdempotencyKeys.derive(odd, BODY).orElseThrow()).startsWith("ci-").hasSizeLessThanOrEqualTo(64);
    }
}
