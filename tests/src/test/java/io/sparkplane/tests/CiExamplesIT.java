package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI examples of examples/ci run against the packaged control plane: their script steps, as
 * their runners would run them ({@link CiPipelineStandIns}), fetch the CLI from the control plane,
 * upload the job, submit it with --wait --follow, and pass when the job succeeds and fail when it
 * fails.
 */
class CiExamplesIT {

    private static final Path CI = ControlPlaneProcess.ROOT.resolve("examples/ci");

    @TempDir
    static Path home;

    private static ControlPlaneProcess controlPlane;
    private static Map<String, String> settings;

    @BeforeAll
    static void start() throws Exception {
        controlPlane = new ControlPlaneProcess(Files.createDirectories(home.resolve("control-plane"))).start();
        settings = Map.of("SPARKPLANE_HOST", controlPlane.baseUri().toString(), "SPARKPLANE_TOKEN", controlPlane.adminToken());
    }

    @AfterAll
    static void stop() throws Exception {
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    /** A fresh checkout of the repository's examples, with a job that fails beside them. */
    private static Path checkout(String name) throws Exception {
        Path checkout = Files.createDirectories(home.resolve(name).resolve("checkout"));
        for (String file : new String[] {"examples/jobs/sales_by_region.py", "examples/data/sales.csv"}) {
            Path target = checkout.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(ControlPlaneProcess.ROOT.resolve(file), target);
        }
        Files.copy(Path.of("src/test/resources/jobs/fails_with_value_error.py").toAbsolutePath(), checkout.resolve("examples/jobs/failing.py"));
        return checkout;
    }

    @Test
    void theGitHubWorkflowPassesWithTheJobAndFailsWhenTheJobFails() throws Exception {
        Path workflow = CI.resolve(".github/workflows/sales-report.yml");

        CiPipelineStandIns.Pipeline passing = CiPipelineStandIns.gitHub(workflow, checkout("github-passing"), settings, Map.of());
        assertThat(passing.passed()).as(passing.toString()).isTrue();
        assertThat(passing.steps()).hasSize(3);
        assertThat(passing.steps().get(0).output()).contains("control plane ");
        assertThat(passing.last().output()).contains("RESULT region=east orders=1035").contains("SUCCEEDED in");

        CiPipelineStandIns.Pipeline failing = CiPipelineStandIns.gitHub(workflow, checkout("github-failing"), settings,
                Map.of("JOB", "examples/jobs/failing.py"));
        assertThat(failing.passed()).as(failing.toString()).isFalse();
        assertThat(failing.last().exitCode()).isEqualTo(1);
        assertThat(failing.last().output()).contains("FAILED: USER_CODE_ERROR: ValueError: bad input row 7");
    }

    @Test
    void theGitLabJobPassesWithTheJob() throws Exception {
        CiPipelineStandIns.Pipeline pipeline = CiPipelineStandIns.gitLab(CI.resolve(".gitlab-ci.yml"), "sales-report", checkout("gitlab"),
                settings, Map.of());
        assertThat(pipeline.passed()).as(pipeline.toString()).isTrue();
        assertThat(pipeline.last().output()).contains("RESULT region=east orders=1035").contains("SUCCEEDED in");
    }
}
