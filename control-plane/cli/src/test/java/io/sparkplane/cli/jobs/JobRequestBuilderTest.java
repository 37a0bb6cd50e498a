package io.sparkplane.cli.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparkplane.api.contract.OpenApiContract;
import io.sparkplane.cli.CliException;
import io.sparkplane.cli.DefinitionFile;
import io.sparkplane.cli.ExitCode;
import io.sparkplane.cli.runs.RunRequest;
import io.sparkplane.cli.runs.RunRequestBuilder;
import io.sparkplane.cli.runs.SubmitCommand;
import io.sparkplane.cli.runs.SubmitOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bodies {@code jobs create} and {@code jobs update} build are bodies the contract takes: options
 * over a job file or the job as it is, the template's local files found as {@code runs submit} finds them.
 */
class JobRequestBuilderTest {

    private static final OpenApiContract CONTRACT = OpenApiContract.load();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path WORK = Path.of("/work/repo");
    private static final Path HOME = Path.of("/home/me");
    private static final Set<Path> FILES = Set.of(WORK.resolve("jobs/etl.py"), WORK.resolve("lib/helpers.zip"), Path.of("/ci/jobs/sales.py"),
            Path.of("/ci/jobs/data/lookup.csv"));
    private static final JobRequestBuilder BUILDER = new JobRequestBuilder(WORK, new RunRequestBuilder(WORK, HOME, FILES::contains));
    private static final String REF = "artifact:sha256:" + "a".repeat(64) + "/";

    @Test
    void flagsAloneMakeAJobWithItsTemplateAndParameters() throws Exception {
        SubmitOptions template = new SubmitOptions(Optional.of("jobs/etl.py"), List.of("--date", "{{date}}", "s3a://out/{{region}}/"),
                Optional.empty(), Optional.of("etl {{date}}"), List.of("lib/helpers.zip"), List.of(), List.of(), List.of(),
                Map.of("spark.sql.shuffle.partitions", "{{partitions}}"), Map.of("region", "{{region}}"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of("4g"), Optional.empty(), Optional.of(4), Optional.empty(), Optional.of("local"),
                Optional.of(Duration.ofHours(1)), Optional.of(1), Optional.empty());
        JobOptions options = new JobOptions(template, Optional.of("nightly-etl"), Optional.of("analytics"), Optional.of("the nightly load"),
                List.of("date", "region=emea", "partitions=8"), Optional.of(2), Optional.of("skip"), Map.of("team", "data"));

        JobRequest request = BUILDER.build(options, Optional.empty());
        ObjectNode body = request.body();

        assertThat(body.path("name").asText()).isEqualTo("nightly-etl");
        assertThat(body.path("workspace").asText()).isEqualTo("analytics");
        assertThat(body.path("concurrencyPolicy").asText()).isEqualTo("SKIP");
        assertThat(body.path("parameters").toString())
                .isEqualTo("[{\"name\":\"date\"},{\"name\":\"region\",\"default\":\"emea\"},{\"name\":\"partitions\",\"default\":\"8\"}]");
        assertThat(body.at("/template/name").asText()).isEqualTo("etl {{date}}");
        assertThat(body.at("/template/labels/region").asText()).isEqualTo("{{region}}");
        assertThat(body.at("/template/timeoutSeconds").asInt()).isEqualTo(3600);
        assertThat(body.at("/template").has("workspace")).as("a template has no workspace: the job's").isFalse();
        assertThat(body.at("/labels/team").asText()).isEqualTo("data");
        assertThat(request.template().locals()).extracting(RunRequest.LocalInput::path)
                .containsExactly(WORK.resolve("jobs/etl.py"), WORK.resolve("lib/helpers.zip"));

        uploaded(request);
        assertThat(body.at("/template/entrypoint/pythonFile").asText()).isEqualTo(REF + "etl.py");
        CONTRACT.assertRequestBody("POST", "/api/v1/jobs", JSON.writeValueAsString(body));
    }

    @Test
    void optionsOverrideAJobFileWhoseRelativePathsAreItsOwn() throws Exception {
        DefinitionFile file = file("""
                name: sales
                description: from the file
                template:
                  entrypoint: {pythonFile: sales.py}
                  args: ["{{input}}"]
                  files: [data/lookup.csv]
                  sparkConf: {spark.sql.shuffle.partitions: "4", spark.sql.adaptive.enabled: "true"}
                parameters:
                  - {name: input, default: a.csv, description: what to read}
                  - {name: region, default: emea}
                labels: {team: sales}
                """);
        SubmitOptions template = new SubmitOptions(Optional.empty(), List.of(), Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(),
                List.of(), Map.of("spark.sql.shuffle.partitions", "16"), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        JobOptions options = new JobOptions(template, Optional.empty(), Optional.empty(), Optional.of("none"), List.of("input", "date=today"),
                Optional.empty(), Optional.empty(), Map.of("env", "ci"));

        JobRequest request = BUILDER.build(options, Optional.of(file));
        ObjectNode body = request.body();

        assertThat(body.has("description")).as("'none' clears it").isFalse();
        assertThat(body.at("/template/sparkConf").toString()).isEqualTo("{\"spark.sql.shuffle.partitions\":\"16\",\"spark.sql.adaptive.enabled\":\"true\"}");
        assertThat(body.at("/template/args").toString()).as("the file's args, since no ARGS were given").isEqualTo("[\"{{input}}\"]");
        assertThat(body.path("parameters").toString()).as("input made required, keeping its description; region kept; date added").isEqualTo(
                "[{\"name\":\"input\",\"description\":\"what to read\"},{\"name\":\"region\",\"default\":\"emea\"},{\"name\":\"date\",\"default\":\"today\"}]");
        assertThat(body.path("labels").toString()).isEqualTo("{\"team\":\"sales\",\"env\":\"ci\"}");
        assertThat(request.template().locals()).extracting(RunRequest.LocalInput::path)
                .containsExactly(Path.of("/ci/jobs/sales.py"), Path.of("/ci/jobs/data/lookup.csv"));
        uploaded(request);
        CONTRACT.assertRequestBody("PUT", "/api/v1/jobs/6f1c2f0e-5b8d-4a7c-9e6f-1a2b3c4d5e6f", JSON.writeValueAsString(body));
    }

    @Test
    void aJobAsTheApiShowsItIsAJobFileToo() throws Exception {
        JsonNode shown = JSON.readTree("""
                {"id": "6f1c2f0e-5b8d-4a7c-9e6f-1a2b3c4d5e6f", "workspace": "default", "name": "sales",
                 "template": {"entrypoint": {"pythonFile": "s3://jobs/sales.py"}}, "parameters": [], "maxConcurrentRuns": 1,
                 "concurrencyPolicy": "QUEUE", "labels": {}, "version": 3, "createdAt": "2026-12-01T00:00:00Z", "updatedAt": "2026-12-02T00:00:00Z"}
                """);
        DefinitionFile file = new DefinitionFile((ObjectNode) shown, Path.of("/ci/jobs"), "job.json");

        ObjectNode body = BUILDER.build(new JobOptions(SubmitOptions.of("s3://jobs/sales-v2.py"), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), Optional.of(3), Optional.empty(), Map.of()), Optional.of(file)).body();

        assertThat(body.has("id") || body.has("version") || body.has("createdAt") || body.has("updatedAt")).isFalse();
        assertThat(body.at("/template/entrypoint/pythonFile").asText()).isEqualTo("s3://jobs/sales-v2.py");
        CONTRACT.assertRequestBody("PUT", "/api/v1/jobs/6f1c2f0e-5b8d-4a7c-9e6f-1a2b3c4d5e6f", JSON.writeValueAsString(body));
    }

    @Test
    void theJobAsItIsIsTheBaseOfAnUpdateWithoutAFile() throws Exception {
        JsonNode job = JSON.readTree("""
                {"id": "6f1c2f0e-5b8d-4a7c-9e6f-1a2b3c4d5e6f", "workspace": "analytics", "name": "sales", "description": "revenue",
                 "template": {"entrypoint": {"pythonFile": "artifact:sha256:%s/sales.py"}, "args": ["{{date}}"],
                              "sparkConf": {"spark.hadoop.fs.s3a.secret.key": "***", "spark.sql.shuffle.partitions": "8"}},
                 "parameters": [{"name": "date"}], "maxConcurrentRuns": 1, "concurrencyPolicy": "QUEUE", "labels": {"team": "sales"},
                 "version": 3, "createdAt": "2026-12-01T00:00:00Z", "updatedAt": "2026-12-02T00:00:00Z"}
                """.formatted("b".repeat(64)));
        DefinitionFile current = new DefinitionFile(JobDefinitions.of(job), WORK, "job 6f1c2f0e");
        assertThat(current.body().has("workspace")).as("left out, it keeps the job's").isFalse();

        // the API shows a secret as ***; sent back so, the control plane keeps the stored secret
        JobRequest unchangedSecret = BUILDER.overSavedJob(new JobOptions(nothing(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), Optional.of(2), Optional.empty(), Map.of()), current);
        assertThat(unchangedSecret.body().at("/template/sparkConf").toString())
                .isEqualTo("{\"spark.hadoop.fs.s3a.secret.key\":\"***\",\"spark.sql.shuffle.partitions\":\"8\"}");
        assertThat(unchangedSecret.body().path("maxConcurrentRuns").asInt()).isEqualTo(2);
        CONTRACT.assertRequestBody("PUT", "/api/v1/jobs/6f1c2f0e-5b8d-4a7c-9e6f-1a2b3c4d5e6f", JSON.writeValueAsString(unchangedSecret.body()));

        SubmitOptions secret = new SubmitOptions(Optional.empty(), List.of(), Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(),
                List.of(), Map.of("spark.hadoop.fs.s3a.secret.key", "hunter2"), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        JobRequest request = BUILDER.overSavedJob(new JobOptions(secret, Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.of(2),
                Optional.empty(), Map.of()), current);
        assertThat(request.body().at("/template/sparkConf/spark.hadoop.fs.s3a.secret.key").asText()).isEqualTo("hunter2");
        assertThat(request.template().locals()).as("refs and URIs are the server's").isEmpty();
        assertThat(request.body().path("maxConcurrentRuns").asInt()).isEqualTo(2);
        assertThat(request.body().path("description").asText()).isEqualTo("revenue");
        CONTRACT.assertRequestBody("PUT", "/api/v1/jobs/6f1c2f0e-5b8d-4a7c-9e6f-1a2b3c4d5e6f", JSON.writeValueAsString(request.body()));
    }

    @Test
    void anUpdateWithoutAFileNeverReadsTheSavedJobsOwnLocations() throws Exception {
        // control-plane paths, which no file of this machine is (or, worse, one that happens to be: /ci/jobs/sales.py)
        JsonNode job = JSON.readTree("""
                {"id": "6f1c2f0e-5b8d-4a7c-9e6f-1a2b3c4d5e6f", "workspace": "analytics", "name": "etl",
                 "template": {"entrypoint": {"pythonFile": "/opt/jobs/etl.py"}, "pyFiles": ["/ci/jobs/sales.py", "lib/helpers.zip"],
                              "files": ["/opt/jobs/lookup.csv"]},
                 "maxConcurrentRuns": 1, "concurrencyPolicy": "QUEUE", "version": 1}
                """);
        DefinitionFile current = new DefinitionFile(JobDefinitions.of(job), WORK, "job 6f1c2f0e");

        JobRequest optionsOnly = BUILDER.overSavedJob(new JobOptions(nothing(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of("date=today"), Optional.of(2), Optional.empty(), Map.of()), current);
        assertThat(optionsOnly.template().locals()).as("nothing to read or upload").isEmpty();
        assertThat(optionsOnly.body().path("template")).isEqualTo(job.path("template"));
        assertThat(optionsOnly.body().path("maxConcurrentRuns").asInt()).isEqualTo(2);

        // a file an option names is uploaded; the job's other locations stay the server's
        SubmitOptions files = new SubmitOptions(Optional.empty(), List.of(), Optional.empty(), Optional.empty(), List.of(), List.of(),
                List.of("jobs/etl.py"), List.of(), Map.of(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        JobRequest withFile = BUILDER.overSavedJob(new JobOptions(files, Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Map.of()), current);
        assertThat(withFile.template().locals()).extracting(RunRequest.LocalInput::path).containsExactly(WORK.resolve("jobs/etl.py"));
        assertThat(withFile.body().at("/template/entrypoint/pythonFile").asText()).isEqualTo("/opt/jobs/etl.py");
        assertThat(withFile.body().at("/template/pyFiles").toString()).isEqualTo("[\"/ci/jobs/sales.py\",\"lib/helpers.zip\"]");

        // the same definition given with -f is the user's file: its local paths are uploaded (and a missing one is an error)
        DefinitionFile asFile = new DefinitionFile(JobDefinitions.of(job), WORK, "job.yaml");
        assertThatThrownBy(() -> BUILDER.build(new JobOptions(nothing(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Map.of()), Optional.of(asFile)))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("no such file: /opt/jobs/etl.py");
    }

    @Test
    void whatIsMissingOrMalformedIsAUsageErrorBeforeAnythingIsSent() {
        JobOptions noEntrypoint = new JobOptions(nothing(), Optional.of("job"), Optional.empty(), Optional.empty(),
                List.of(), Optional.empty(), Optional.empty(), Map.of());
        JobOptions noName = new JobOptions(SubmitOptions.of("s3://b/job.py"), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Map.of());
        JobOptions blankParameter = new JobOptions(SubmitOptions.of("s3://b/job.py"), Optional.of("job"), Optional.empty(), Optional.empty(),
                List.of("=x"), Optional.empty(), Optional.empty(), Map.of());
        JobOptions missingFile = new JobOptions(SubmitOptions.of("jobs/missing.py"), Optional.of("job"), Optional.empty(), Optional.empty(),
                List.of(), Optional.empty(), Optional.empty(), Map.of());
        Map<JobOptions, String> errors = Map.of(noEntrypoint, "what to run is missing", noName, "a job needs a name: --name NAME",
                blankParameter, "--param: '=x' names no parameter", missingFile, "ENTRYPOINT: no such file: /work/repo/jobs/missing.py");
        errors.forEach((options, message) -> assertThatThrownBy(() -> BUILDER.build(options, Optional.empty()))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining(message));
    }

    @ParameterizedTest
    @CsvSource({
            "name, --name",
            "parameters[1].name, --param",
            "maxConcurrentRuns, --max-concurrent-runs",
            "concurrencyPolicy, --concurrency-policy",
            "labels.team, --label",
            "template.name, --run-name",
            "template.labels.region, --run-label",
            "template.entrypoint.pythonFile, ENTRYPOINT",
            "template.entrypoint.mainClass, --class",
            "template.args[0], ARGS",
            "template.sparkConf.spark.master, --conf",
            "template.resources.executor.memory, --executor-memory",
            "template.timeoutSeconds, --timeout",
            "template, ENTRYPOINT",
    })
    void aRefusedFieldNamesItsOption(String field, String option) {
        Map<String, String> options = JobRequestBuilder.fieldOptions(SubmitCommand.OPTIONS);
        assertThat(io.sparkplane.cli.FieldHints.longestPrefix(options, field)).contains(option);
    }

    /** No template option at all. */
    private static SubmitOptions nothing() {
        return new SubmitOptions(Optional.empty(), List.of(), Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(), List.of(), Map.of(),
                Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static DefinitionFile file(String yaml) throws Exception {
        return new DefinitionFile((ObjectNode) YAML.readTree(yaml), Path.of("/ci/jobs"), "/ci/jobs/job.yaml");
    }

    private static void uploaded(JobRequest request) {
        for (RunRequest.LocalInput local : request.template().locals()) {
            request.template().use(local, REF + local.path().getFileName());
        }
    }
}
