package io.sparkplane.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the script steps of the CI examples (examples/ci) the way GitHub's and GitLab's runners run
 * them, since neither runner can run here (GitHub's needs its service, act needs Docker): each GitHub
 * {@code run:} step in {@code bash -e} (with {@code shell: bash}, {@code bash --noprofile --norc -eo pipefail})
 * with the runner's variables and its
 * GITHUB_ENV and GITHUB_PATH files carried to later steps, a GitLab job's {@code before_script} and
 * {@code script} in one {@code bash -eo pipefail} session with its predefined variables. Actions
 * ({@code uses:}) are not run: checkout is the directory the steps run in, setup-java is this
 * machine's JDK; an action the stand-in does not know fails the test. Stand-ins, named so.
 */
final class CiPipelineStandIns {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(vars|secrets)\\.([A-Za-z_][A-Za-z0-9_]*)\\s*}}");
    private static final Set<String> KNOWN_ACTIONS = Set.of("actions/checkout", "actions/setup-java");

    private CiPipelineStandIns() {}

    /** One step (or job script) as it ran. */
    record Step(String name, int exitCode, String output) {}

    /** A pipeline's steps as far as they ran: it stops at the first that fails, as the runners do. */
    record Pipeline(List<Step> steps) {
        boolean passed() {
            return steps.stream().allMatch(step -> step.exitCode() == 0);
        }

        Step last() {
            return steps.get(steps.size() - 1);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            steps.forEach(step -> text.append("--- ").append(step.name()).append(" (exit ").append(step.exitCode()).append(")\n")
                    .append(step.output()).append('\n'));
            return text.toString();
        }
    }

    /**
     * Runs the workflow's one job in {@code checkout}.
     *
     * @param settings the repository's variables and secrets ({@code ${{ vars.X }}}, {@code ${{ secrets.X }}})
     * @param overrides environment values that replace the job's own (another job file, say)
     */
    static Pipeline gitHub(Path workflow, Path checkout, Map<String, String> settings, Map<String, String> overrides) throws Exception {
        JsonNode jobs = YAML.readTree(workflow.toFile()).path("jobs");
        if (jobs.size() != 1) {
            throw new IllegalArgumentException(workflow + ": the stand-in runs a workflow of one job");
        }
        String jobId = jobs.fieldNames().next();
        JsonNode job = jobs.get(jobId);
        Path runnerTemp = Files.createDirectories(checkout.resolveSibling("runner-temp"));
        Path githubEnv = Files.createFile(runnerTemp.resolve("github-env"));
        Path githubPath = Files.createFile(runnerTemp.resolve("github-path"));
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("CI", "true");
        environment.put("GITHUB_ACTIONS", "true");
        environment.put("GITHUB_RUN_ID", Long.toString(1_000_000_000L + new Random().nextInt(1_000_000_000)));
        environment.put("GITHUB_RUN_ATTEMPT", "1");
        environment.put("GITHUB_JOB", jobId);
        environment.put("GITHUB_REPOSITORY", "acme/sales");
        environment.put("GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567");
        environment.put("GITHUB_WORKSPACE", checkout.toString());
        environment.put("GITHUB_ENV", githubEnv.toString());
        environment.put("GITHUB_PATH", githubPath.toString());
        environment.put("RUNNER_TEMP", runnerTemp.toString());
        job.path("env").fields().forEachRemaining(entry -> environment.put(entry.getKey(), substitute(entry.getValue().asText(), settings)));
        environment.putAll(overrides);

        List<Step> steps = new ArrayList<>();
        int runSteps = 0;
        for (JsonNode step : job.path("steps")) {
            if (step.has("uses")) {
                String action = step.get("uses").asText().replaceAll("@.*$", "");
                if (!KNOWN_ACTIONS.contains(action)) {
                    throw new IllegalArgumentException(workflow + ": the stand-in cannot run the action " + action);
                }
                continue;
            }
            runSteps++;
            Map<String, String> stepEnvironment = new LinkedHashMap<>(environment);
            stepEnvironment.put("GITHUB_ACTION", runSteps == 1 ? "__run" : "__run_" + runSteps);
            for (String line : Files.readAllLines(githubEnv)) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    stepEnvironment.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
            step.path("env").fields().forEachRemaining(entry -> stepEnvironment.put(entry.getKey(), substitute(entry.getValue().asText(), settings)));
            List<String> path = new ArrayList<>(Files.readAllLines(githubPath));
            java.util.Collections.reverse(path);
            path.add(System.getenv("PATH"));
            stepEnvironment.put("PATH", String.join(":", path));
            String name = step.path("name").asText(step.path("run").asText().lines().findFirst().orElse("run"));
            List<String> shell = switch (step.path("shell").asText("")) {
                case "" -> List.of("-e");
                case "bash" -> List.of("--noprofile", "--norc", "-eo", "pipefail");
                default -> throw new IllegalArgumentException(workflow + ": the stand-in runs bash steps only");
            };
            Step ran = bash(name, substitute(step.path("run").asText(), settings), checkout, stepEnvironment, shell);
            steps.add(ran);
            if (ran.exitCode() != 0) {
                break;
            }
        }
        return new Pipeline(steps);
    }

    /**
     * Runs one job of a .gitlab-ci.yml in {@code checkout}.
     *
     * @param projectVariables the project's CI/CD variables
     * @param overrides        variables that replace the job's own
     */
    static Pipeline gitLab(Path ciFile, String jobName, Path checkout, Map<String, String> projectVariables, Map<String, String> overrides)
            throws Exception {
        JsonNode job = YAML.readTree(ciFile.toFile()).path(jobName);
        if (!job.isObject()) {
            throw new IllegalArgumentException(ciFile + " has no job " + jobName);
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("CI", "true");
        environment.put("GITLAB_CI", "true");
        environment.put("CI_JOB_ID", Integer.toString(1_000_000 + new Random().nextInt(1_000_000)));
        environment.put("CI_JOB_NAME", jobName);
        environment.put("CI_PROJECT_ID", "4242");
        environment.put("CI_PROJECT_DIR", checkout.toString());
        environment.put("CI_COMMIT_SHA", "89abcdef0123456789abcdef0123456789abcdef");
        environment.put("PATH", System.getenv("PATH"));
        environment.putAll(projectVariables);
        job.path("variables").fields().forEachRemaining(entry -> environment.put(entry.getKey(), entry.getValue().asText()));
        environment.putAll(overrides);
        StringBuilder script = new StringBuilder();
        for (String section : List.of("before_script", "script")) {
            for (JsonNode line : job.path(section)) {
                script.append(line.asText().strip()).append('\n');
            }
        }
        return new Pipeline(List.of(bash(jobName, script.toString(), checkout, environment, List.of("--noprofile", "--norc", "-eo", "pipefail"))));
    }

    /** {@code ${{ vars.X }}} and {@code ${{ secrets.X }}}; any other expression is more than the stand-in knows. */
    private static String substitute(String text, Map<String, String> settings) {
        Matcher matcher = EXPRESSION.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String value = settings.get(matcher.group(2));
            if (value == null) {
                throw new IllegalArgumentException("no " + matcher.group(1) + "." + matcher.group(2) + " given to the stand-in");
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(result);
        if (result.indexOf("${{") >= 0) {
            throw new IllegalArgumentException("the stand-in knows only vars.* and secrets.* expressions: " + text);
        }
        return result.toString();
    }

    private static Step bash(String name, String script, Path directory, Map<String, String> environment, List<String> options)
            throws IOException, InterruptedException {
        Path file = Files.createTempFile(directory.getParent(), "step-", ".sh");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.addAll(options);
        command.add(file.toString());
        Path output = Files.createTempFile(directory.getParent(), "step-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> clean = new HashMap<>();
        clean.put("HOME", directory.getParent().resolve("home").toString());
        clean.put("LANG", "C.UTF-8");
        clean.putAll(environment);
        builder.environment().clear();
        builder.environment().putAll(clean);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("step '" + name + "' did not end in 5 minutes:\n" + Files.readString(output));
        }
        return new Step(name, process.exitValue(), Files.readString(output));
    }
}
